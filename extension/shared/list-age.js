// A list date (YYYY-MM-DD) as the UI language writes it, and the list's age against the
// staleness limit the Rust core defines (facts.js). Used by the page scripts and the
// extension pages. The same rules as src/list/publish.rs `Freshness` (the CLI's warning):
// a list is aged by the later of its source date and its signed `signedAt`; a date more than
// CLOCK_SKEW_SECONDS ahead of the clock makes it suspect (stale, never fresh: a bundle dated
// 9999-12-31 must not turn the warning off); past its signed `expiresAt` it is expired,
// whatever the feed's manifest says.
import { CLOCK_SKEW_SECONDS, STALE_AFTER_DAYS } from './facts.js';

const DAY = 86400000;
const SKEW = CLOCK_SKEW_SECONDS * 1000;

/** Milliseconds of a YYYY-MM-DD date or an RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SSZ); null otherwise. */
function time(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z)?/.exec(typeof s === 'string' ? s : '');
  if (!m) return null;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0));
}

/** Whole days between a date and `now` (null when it is not a date). A date more than the
 * clock skew ahead counts as that many days off, not as 0: a list cannot come from the
 * future, so such a date never reads as fresh. */
export function ageDays(ymd, now = Date.now()) {
  const at = time(ymd);
  if (at == null) return null;
  if (at - now > SKEW) return Math.floor((at - now) / DAY);
  return Math.max(0, Math.floor((now - at) / DAY));
}

/** The date as the UI language writes it ("Aug 20, 2026", "20 août 2026"); `ymd` when unreadable. */
export function shownDate(ymd) {
  const at = time(ymd);
  if (at == null) return ymd || '';
  try {
    return new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(at);
  } catch {
    return ymd;
  }
}

/**
 * How old a list is: `list` is its source date (YYYY-MM-DD), or the engine's info
 * ({sourceDate, signedAt, expiresAt}; the last two RFC 3339 or null for a version 1 bundle).
 * Returns {days, shown, stale, future, expired, expires} or null when the source date is
 * not a date. `days`: since the later of the source date and signedAt (for a suspect list,
 * how far ahead its furthest date is); `future`: a date more than a day ahead (suspect);
 * `expired`: past expiresAt; `stale`: any of these, or older than STALE_AFTER_DAYS;
 * `expires`: the expiry as the UI writes it ('' when none).
 */
export function listAge(list, now = Date.now()) {
  const info = list != null && typeof list === 'object' ? list : { sourceDate: list };
  const source = time(info.sourceDate);
  if (source == null) return null;
  const signed = time(info.signedAt);
  const expiresAt = time(info.expiresAt);
  const latest = Math.max(source, signed ?? source);
  const future = latest - now > SKEW;
  const days = Math.floor((future ? latest - now : Math.max(0, now - latest)) / DAY);
  const expired = expiresAt != null && now > expiresAt;
  return {
    days,
    shown: shownDate(info.sourceDate),
    stale: future || expired || days > STALE_AFTER_DAYS,
    future,
    expired,
    expires: expiresAt == null ? '' : shownDate(info.expiresAt),
  };
}

/** The warnings the popup and the options page show for `age` (a listAge result), in the
 * UI language through `t`, one sentence each: a date in the future, an expired list, an old one. */
export function ageWarnings(age, t) {
  if (!age) return [];
  const out = [];
  if (age.future) out.push(t('listFuture', [age.shown]));
  if (age.expired) out.push(t('listExpired', [age.expires]));
  if (!age.future && age.days > STALE_AFTER_DAYS) out.push(t('popupStale', [String(age.days)]));
  return out;
}

/** "signed Aug 21, 2026, valid until Sep 20, 2026" for the engine's info, '' for a version 1 bundle. */
export function validityText(info, t) {
  if (!info || !info.signedAt || !info.expiresAt) return '';
  return t('listValidity', [shownDate(info.signedAt), shownDate(info.expiresAt)]);
}

/** Shows the warnings of `info`'s list in `box` (the pages' #list-stale), or hides it;
 * `data-expired` and `data-future` say which (tests read them). Returns the listAge result. */
export function showAgeWarnings(box, info, t, now = Date.now()) {
  const age = listAge(info, now);
  const warn = ageWarnings(age, t);
  box.textContent = warn.join(' ');
  box.hidden = warn.length === 0;
  box.dataset.expired = String(!!age?.expired);
  box.dataset.future = String(!!age?.future);
  return age;
}
