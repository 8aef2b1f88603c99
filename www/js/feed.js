// Loads the wasm engine and the published, signed bundle for the site's pages.
// Everything runs in this page: the text you paste is never sent anywhere.
import init, { Engine, listEntries } from '../pkg/sightline.js';
import { STALE_AFTER_DAYS } from './facts.js';
import { ageDays, listAge } from './list-age.js';
import { MESSAGES } from './messages.js';

/** A manifest field, whether it sits at the top level or in a `bundle` object. */
export function manifestField(m, ...names) {
  for (const src of [m?.bundle, m]) {
    if (src && typeof src === 'object') {
      for (const n of names) if (src[n] != null) return src[n];
    }
  }
  return undefined;
}

function hex(buf) {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function getBytes(url) {
  const res = await fetch(url, { cache: 'no-store', credentials: 'omit' });
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return new Uint8Array(await res.arrayBuffer());
}

let wasm = null;
function ensureWasm() {
  wasm ??= init({ module_or_path: new URL('../pkg/sightline_bg.wasm', import.meta.url) });
  return wasm;
}

/**
 * Fetches the bundle a feed record ({url, size, sha256, sequence}, from latest.json or
 * history.json) names, relative to `base`, and builds an engine: the wasm checks size,
 * SHA-256, the Ed25519 signature against the pinned publisher key and the sequence
 * (src/list/feed.rs, as the extension does).
 */
export async function engineFor(record, base) {
  await ensureWasm();
  const url = new URL(manifestField(record, 'url', 'path', 'file'), base);
  const bytes = await getBytes(url);
  try {
    return Engine.fromFeedRecord(JSON.stringify(record), bytes);
  } catch (e) {
    throw new Error(`bundle ${url.pathname}: ${e.message || e}`);
  }
}

/** The current published set: {engine, manifest, info}. */
export async function loadLatest() {
  const base = new URL('../feed/latest.json', import.meta.url);
  const res = await fetch(base, { cache: 'no-store', credentials: 'omit' });
  if (!res.ok) throw new Error(`the feed's latest.json could not be read (HTTP ${res.status})`);
  const manifest = await res.json();
  const engine = await engineFor(manifest, base);
  return { engine, manifest, info: engine.info() };
}

/** Earlier bundles (newest first) from feed/history.json, when the site publishes it. */
export async function loadHistory() {
  const base = new URL('../feed/history.json', import.meta.url);
  const res = await fetch(base, { cache: 'no-store', credentials: 'omit' });
  if (!res.ok) return [];
  const h = await res.json();
  const items = Array.isArray(h?.bundles) ? h.bundles : [];
  return items
    .filter((b) => typeof b?.sequence === 'number' && typeof manifestField(b, 'url', 'path') === 'string')
    .sort((a, b) => b.sequence - a.sequence)
    .map((b) => ({ ...b, base }));
}

export { listEntries };

/** Text-only element builder: every string from the list or the user becomes a text node. */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// Shared with the extension, generated from the Rust core (www/build.mjs copies it here).
export { ofacEntryUrl as ofacUrl, chainName } from './facts.js';

/** The extension's English message `key` with $1.. filled from `subs` (js/messages.js). */
export function t(key, subs = []) {
  const s = MESSAGES[key];
  return s == null ? key : s.replace(/\$([1-9])/g, (_, i) => String(subs[i - 1] ?? ''));
}

/** A YYYY-MM-DD date or RFC 3339 time as the reader's locale writes it ("Aug 20, 2026",
 * "20 Aug 2026"); the text itself when it is not a date. */
export function shownDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(typeof s === 'string' ? s : '');
  if (!m) return s || '';
  try {
    return new Intl.DateTimeFormat(navigator.language || 'en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
      .format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  } catch {
    return s;
  }
}

/** The extension's listAge of `info` ({sourceDate, signedAt, expiresAt}, the engine's info
 * or a manifest's date alone), with its dates as this page writes them. Null when undated. */
export function ageOf(info) {
  const age = listAge(info);
  return age && { ...age, shown: shownDate(info.sourceDate), expires: info.expiresAt ? shownDate(info.expiresAt) : '' };
}

/**
 * Fills `box` with the list in force and its age, as the popup's date line says it: "OFAC
 * SDN list of Aug 20, 2026, 103 days old." (aged by its own date), then the signed validity
 * when the bundle has one. Amber (`.notice`, `data-stale="true"`) with the reason when the
 * extension would warn: older than STALE_AFTER_DAYS (by the later of the list's date and its
 * signing), dated in the future, or past its signed expiry. `data-days` is the date's age.
 */
export function showListAge(box, info) {
  const age = ageOf(info);
  const days = ageDays(info.sourceDate);
  const source = info.source || 'OFAC SDN list';
  if (!age || days == null) {
    box.textContent = `${source}${info.sourceDate ? ` of ${info.sourceDate}` : ''}: the list's date is unknown.`;
    box.className = 'age notice';
    box.dataset.stale = 'true';
    return null;
  }
  const ageText = age.future ? t('popupAgeFuture') : days === 0 ? t('popupAgeToday') : days === 1 ? t('popupAgeOne') : t('popupAge', [String(days)]);
  const parts = [`${source} of ${age.shown}, ${ageText}.`];
  if (info.signedAt && info.expiresAt) parts.push(`${t('listValidity', [shownDate(info.signedAt), shownDate(info.expiresAt)])}.`);
  if (age.future) parts.push(t('listFuture', [age.shown]));
  if (age.expired) parts.push(t('listExpired', [age.expires]));
  if (!age.future && age.days > STALE_AFTER_DAYS) {
    parts.push(`That is more than ${STALE_AFTER_DAYS} days: addresses listed since may be missing, so a clear result may be out of date.`);
  }
  box.textContent = parts.join(' ');
  box.className = age.stale ? 'age notice' : 'age';
  box.dataset.stale = String(age.stale);
  box.dataset.days = String(days);
  return age;
}
