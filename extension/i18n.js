// Fills every [data-i18n] element's text (and [data-i18n-attr="attr:key,..."] attributes)
// from _locales via chrome.i18n. Text only: messages never become markup.
export function t(key, subs) {
  return chrome.i18n.getMessage(key, subs) || key;
}

export function localize(root = document) {
  document.documentElement.lang = chrome.i18n.getUILanguage();
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of e.dataset.i18nAttr.split(',')) {
      const [attr, key] = pair.split(':');
      e.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

/** Creates an element with optional class and text (set via textContent). */
export function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

export const CHAINS = [
  ['bitcoin', 'Bitcoin'], ['litecoin', 'Litecoin'], ['bitcoin-cash', 'Bitcoin Cash'], ['bitcoin-sv', 'Bitcoin SV'],
  ['bitcoin-gold', 'Bitcoin Gold'], ['dash', 'Dash'], ['zcash', 'Zcash'], ['verge', 'Verge'], ['dogecoin', 'Dogecoin'],
  ['bnb-beacon', 'BNB Beacon Chain'], ['evm', 'Ethereum / EVM'], ['tron', 'Tron'], ['monero', 'Monero'], ['xrp', 'XRP Ledger'], ['solana', 'Solana'],
];
export const CHAIN_NAME = Object.fromEntries(CHAINS);

/** Whole days between a YYYY-MM-DD date and now (null when unreadable). */
export function ageDays(ymd, now = Date.now()) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd || '');
  if (!m) return null;
  const then = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return Math.max(0, Math.floor((now - then) / 86400000));
}

export const STALE_DAYS = 14;
