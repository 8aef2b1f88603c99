// Text from the Rust engine in the UI's language. The engine sends codes and parameters
// beside its English: wallet-request phrases ({code, params}, src/tx/text.rs, message
// `action_<code>`), list sources (`source_code`, verdict::source_code, `source_<code>`) and
// address kinds (the label, `kind_<label>`). The English is shown when a message is missing.
import { t, preload } from './t.js';

const has = (key) => t(key) !== key;

// A parameter: data (a string), a phrase, or a list of either. Null when a message is missing.
function param(p) {
  if (typeof p === 'string') return p;
  if (Array.isArray(p)) {
    const parts = p.map(param);
    return parts.includes(null) ? null : parts.join(', ');
  }
  return p && typeof p === 'object' ? render(p.code, p.params) : null;
}

function render(code, params) {
  const key = 'action_' + code;
  if (typeof code !== 'string' || !has(key)) return null;
  const subs = (Array.isArray(params) ? params : []).map(param);
  return subs.includes(null) ? null : t(key, subs);
}

/** The phrase `code` with `params` in the UI's language, else `english`. */
export const phrase = (code, params, english) => render(code, params) ?? String(english ?? '');

// Every code a report names, nested ones too.
function codesOf(p, out) {
  if (Array.isArray(p)) for (const x of p) codesOf(x, out);
  else if (p && typeof p === 'object' && typeof p.code === 'string') {
    out.add('action_' + p.code);
    codesOf(p.params, out);
  }
}

/**
 * Reads the messages `report` (a wallet check's answer) needs now, while the extension
 * context is alive: the dialog opens later (queued), maybe after an update took it away.
 */
export function preloadReport(report) {
  const keys = new Set();
  for (const x of report.targets || []) codesOf({ code: x.action_code, params: x.action_params }, keys);
  codesOf(report.note_codes, keys);
  codesOf({ code: report.error_code, params: report.error_params }, keys);
  for (const code of [report.list_source_code, ...(report.targets || []).flatMap((x) => (x.verdict && x.verdict.matches || []).map((m) => m.source_code))]) {
    if (code) keys.add('source_' + code);
  }
  preload(keys);
}

/** A target's action line ("send 1.5 USDC to"). */
export const actionText = (x) => phrase(x.action_code, x.action_params, x.action);

/** A report's notes. */
export const notesText = (report) => (report.notes || []).map((n, i) => {
  const c = (report.note_codes || [])[i];
  return c ? phrase(c.code, c.params, n) : n;
});

/** Why a request could not be read. */
export const errorText = (report) => phrase(report.error_code, report.error_params, report.error);

/** A list's name: "OFAC SDN list", "your list: <label>" (the label is data), or as written. */
export function sourceName(source, code) {
  const s = String(source ?? '');
  if (code === 'ofac_sdn' && has('source_ofac_sdn')) return t('source_ofac_sdn');
  if (code === 'user_list' && has('source_user_list')) return t('source_user_list', [s.replace(/^[^:]*: /, '')]);
  return s;
}

/** The list a wallet check's match comes from (the report's list when the match names none). */
export const listName = (m, report) => (m && m.source ? sourceName(m.source, m.source_code) : sourceName(report.list_source, report.list_source_code));

/** An address kind ("account", "P2PKH") in the UI's language. */
export function kindName(kind) {
  const key = 'kind_' + String(kind).toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return has(key) ? t(key) : String(kind);
}
