// Fills <section id="feed-status"> (popup) and <section id="feed-options"> (options page):
// the current list, the last check and its result, staleness warnings, "Check for updates
// now", and (options page only) the feed URL. Talks to background/feed.js through the
// message router; every string from the feed or the background is rendered as text.
import { ageWarnings, listAge, shownDate } from './shared/list-age.js';
import { t } from './shared/t.js';

(() => {
  'use strict';
  const root = document.getElementById('feed-status') || document.getElementById('feed-options');
  if (!root || root.dataset.feedUi) return;
  root.dataset.feedUi = 'on';
  const isOptions = root.id === 'feed-options' || /options\.html$/.test(location.pathname);

  // Every string is in _locales (en and fr; ui.test.mjs checks each key the UI asks for).

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c == null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function when(ms) {
    if (typeof ms !== 'number') return t('feed_never');
    let lang;
    try {
      lang = chrome.i18n.getUILanguage();
    } catch {
      lang = undefined;
    }
    return new Date(ms).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
  }

  // A date (YYYY-MM-DD) or a time (RFC 3339 UTC) from the engine, as the UI writes it.
  const shownWhen = (s) => (/^\d{4}-\d{2}-\d{2}T[\d:]+Z$/.test(s) ? when(Date.parse(s)) : shownDate(s));

  // The reason in the UI's language where the engine gives its key and parameters
  // (src/list/feed.rs FeedError::reason_params, message feed_reason_<key>), else its English.
  function reasonText(c) {
    const key = `feed_reason_${c.reasonKey}`;
    if (typeof c.reasonKey !== 'string' || !Array.isArray(c.reasonParams)) return c.reason;
    const text = t(key, c.reasonParams.map((p) => shownWhen(String(p))));
    return text === key ? c.reason : text;
  }

  function resultText(c) {
    if (!c) return '';
    switch (c.status) {
      case 'updated':
        return t('feed_result_updated', [String(c.feedSequence ?? '')]);
      case 'current':
        return t('feed_result_current');
      case 'refused':
        return t('feed_result_refused', [reasonText(c)]);
      default:
        return t('feed_result_failed', [reasonText(c)]);
    }
  }

  function send(msg) {
    return new Promise((resolve) => {
      try {
        chrome.runtime.sendMessage(msg, (res) => {
          const err = chrome.runtime.lastError;
          resolve(err ? { error: err.message } : res ?? { error: 'no answer' });
        });
      } catch (e) {
        resolve({ error: String(e?.message || e) });
      }
    });
  }

  // Static skeleton, built once; render() fills in the values.
  const title = el('h2', { class: 'feed-title' }, t('feed_title'));
  const listValue = el('dd', { 'data-feed': 'list' });
  const lastValue = el('dd', { 'data-feed': 'last-check' });
  const okValue = el('dd', { 'data-feed': 'last-success' });
  const nextValue = el('dd', { 'data-feed': 'next-check' });
  // The popup already names the list above: there, only the last check (the popup must
  // fit Chrome's 600 px).
  const dl = el('dl', { class: 'kv feed-facts' },
    isOptions ? [el('dt', {}, t('feed_list')), listValue] : null,
    el('dt', {}, t('feed_last_check')), lastValue,
    isOptions ? [el('dt', {}, t('feed_last_success')), okValue, el('dt', {}, t('feed_next_check')), nextValue] : null);
  const warning = el('div', { class: 'warn feed-warning', role: 'alert', 'data-feed': 'warning', hidden: '' });
  const button = el('button', { type: 'button', class: 'feed-check', 'data-feed': 'check' }, t('feed_check_now'));
  const message = el('p', { class: 'feed-message', role: 'status', 'aria-live': 'polite', 'data-feed': 'message' });
  // In the popup the check button sits on the last-check line, under no heading of its own.
  const parts = isOptions ? [title, warning, dl, el('p', {}, button), message] : [warning, el('div', { class: 'feed-row' }, dl, button), message];

  let urlInput = null;
  let urlNote = null;
  if (isOptions) {
    urlInput = el('input', { type: 'url', id: 'feed-url', 'data-feed': 'url', size: 60, spellcheck: 'false', autocomplete: 'off' });
    const save = el('button', { type: 'submit', 'data-feed': 'url-save' }, t('feed_url_save'));
    const reset = el('button', { type: 'button', 'data-feed': 'url-reset' }, t('feed_url_reset'));
    urlNote = el('span', { class: 'feed-url-note', role: 'status', 'data-feed': 'url-note' });
    const form = el('form', { class: 'feed-url-form' },
      el('label', { for: 'feed-url' }, t('feed_url_label')), ' ', urlInput, ' ', save, ' ', reset, ' ', urlNote,
      el('p', { class: 'help feed-help' }, t('feed_url_help')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      setUrl(urlInput.value);
    });
    reset.addEventListener('click', () => setUrl(''));
    parts.push(form);
  }
  // The page may already give the section its own heading.
  root.append(...(root.querySelector('h1, h2, h3') ? parts.slice(1) : parts));

  let busy = false;
  let savedUrl = ''; // the feed URL in force, as the last status said

  function render(s) {
    if (!s || s.error) {
      message.textContent = t('feed_error', [s?.error || 'no answer']);
      return;
    }
    const info = s.list;
    listValue.textContent = info
      ? t('feed_list_value', [info.source || 'OFAC SDN list', shownDate(info.sourceDate) || '?', String(info.sequence)])
      : s.listError || '';
    const c = s.lastCheck;
    lastValue.textContent = c ? `${when(c.at)}: ${resultText(c)}` : t('feed_never');
    lastValue.dataset.status = c ? c.status : 'never';
    lastValue.dataset.code = c ? c.code : '';
    okValue.textContent = when(s.lastSuccess);
    nextValue.textContent = s.nextCheck ? when(s.nextCheck) : '';
    const warn = [];
    // The page's own list section may already warn about the list's age (#list-stale).
    const pageWarnsAge = document.getElementById('list-stale') != null;
    // A list dated in the future or past its signed expiry is warned about whatever the
    // manifest says (shared/list-age.js).
    const age = info ? listAge(info) : null;
    if (!pageWarnsAge) {
      if (age && (age.future || age.expired)) warn.push(...ageWarnings(age, t));
      else if (s.staleList) warn.push(t('feed_stale_list', [String(s.listAgeDays), String(s.listStaleDays)]));
    }
    if (s.staleCheck) warn.push(t('feed_stale_check', [String(s.checkStaleDays)]));
    warning.textContent = warn.join(' ');
    warning.hidden = warn.length === 0;
    warning.dataset.staleList = String(!!s.staleList);
    warning.dataset.staleCheck = String(!!s.staleCheck);
    warning.dataset.expired = String(!!age?.expired);
    savedUrl = s.url;
    if (urlInput && document.activeElement !== urlInput) {
      urlInput.value = s.url;
      urlInput.placeholder = s.defaultUrl;
    }
    root.dataset.sequence = info ? String(info.sequence) : '';
  }

  // Status requests can overlap (storage changes come in bursts) and answers can come back
  // out of order: only the newest request's answer is drawn.
  let latest = 0;
  async function refresh() {
    const n = ++latest;
    const s = await send({ type: 'feed-status' });
    if (n === latest) render(s);
  }

  /** Saves the feed URL; false (with the reason beside the field) when it is refused. */
  async function setUrl(value) {
    const res = await send({ type: 'feed-set-url', url: value });
    if (!res || res.error) {
      urlNote.textContent = res?.error || t('feed_error', ['no answer']);
      urlNote.dataset.state = 'error';
      return false;
    }
    urlNote.textContent = t('feed_url_saved');
    urlNote.dataset.state = 'ok';
    savedUrl = res.url ?? value;
    if (urlInput) urlInput.blur();
    refresh();
    return true;
  }

  button.addEventListener('click', async () => {
    if (busy) return;
    // Options: the URL in the field is the one checked. An edited, unsaved URL is saved
    // first; a refused one is not checked (the reason shows beside the field).
    if (urlInput && urlInput.value.trim() !== savedUrl && !(await setUrl(urlInput.value.trim()))) {
      message.textContent = t('feed_url_not_checked');
      return;
    }
    busy = true;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    message.textContent = t('feed_checking');
    const res = await send({ type: 'feed-refresh' });
    busy = false;
    button.disabled = false;
    button.removeAttribute('aria-busy');
    const n = ++latest;
    render(res);
    // Anything that changed while the check ran is drawn by a fresh status.
    if (n === latest) refresh();
    const c = res && !res.error ? res.lastCheck : null;
    message.textContent = c ? t('feed_checked_url', [c.url || '', resultText(c)]) : '';
  });

  // Checks run from the alarm too: follow them while the page is open.
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (['lastFeedCheck', 'lastFeedSuccess', 'listSequence', 'feedUrl'].some((k) => k in changes)) refresh();
  });
  refresh();
})();
