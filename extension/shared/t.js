// chrome.i18n.getMessage, read once per message. Each call crosses into the browser, and
// after an extension update the old content scripts' context is gone (getMessage fails):
// so each message is read once as a template, with sentinels where $1..$9 go, filled here.
const SENTINELS = Array.from({ length: 9 }, (_, i) => String.fromCharCode(0xe001 + i));
const SENTINEL = /[\uE001-\uE009]/g;
const templates = new Map();

function template(key) {
  let s = templates.get(key);
  if (s !== undefined) return s;
  try {
    s = chrome.i18n.getMessage(key, SENTINELS) || '';
  } catch {
    s = '';
  }
  if (s) templates.set(key, s);
  return s;
}

/** The UI-language text of `key` with $1.. filled from `subs` (the key itself when unknown). */
export function t(key, subs) {
  const s = template(key);
  if (!s) return key;
  const list = Array.isArray(subs) ? subs : subs != null ? [subs] : [];
  return s.replace(SENTINEL, (c) => String(list[c.charCodeAt(0) - 0xe001] ?? ''));
}

/** Reads these messages now, while the extension context is alive (a dialog needs them later). */
export function preload(keys) {
  for (const k of keys) template(k);
}
