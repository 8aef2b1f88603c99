// A list date (YYYY-MM-DD) as the UI language writes it, and its age against the staleness
// limit the Rust core defines (facts.js). Used by the page scripts and the extension pages.
import { STALE_AFTER_DAYS } from './facts.js';

const DAY = 86400000;

/** Whole days between a YYYY-MM-DD date and `now` (null when it is not a date). */
export function ageDays(ymd, now = Date.now()) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd || '');
  if (!m) return null;
  return Math.max(0, Math.floor((now - Date.UTC(+m[1], +m[2] - 1, +m[3])) / DAY));
}

/** The date as the UI language writes it ("Aug 20, 2026", "20 août 2026"); `ymd` when unreadable. */
export function shownDate(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd || '');
  if (!m) return ymd || '';
  try {
    return new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  } catch {
    return ymd;
  }
}

/** {days, shown, stale} for `ymd`, or null when it is not a date. */
export function listAge(ymd, now = Date.now()) {
  const days = ageDays(ymd, now);
  if (days == null) return null;
  return { days, shown: shownDate(ymd), stale: days > STALE_AFTER_DAYS };
}
