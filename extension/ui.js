// The extension pages' helpers (popup, options, confirm window). localize() fills every [data-i18n] element's text (and [data-i18n-attr="attr:key,..."] attributes)
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
