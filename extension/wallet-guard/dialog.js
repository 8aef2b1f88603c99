// The wallet dialog: a modal alertdialog in our closed shadow root, one on screen at a time.
// Cancel is focused and answers Escape; "Proceed anyway…" is confirmed outside the page
// (outside.js), because a page can cover or click through anything drawn in it.
import { t } from '../shared/t.js';
import { listAge, shownDate } from '../shared/list-age.js';
import { confirmOutside, originShown } from './outside.js';
import { ofacEntryUrl, reportUrl } from '../shared/facts.js';
import { actionText, listName, notesText } from '../shared/engine-text.js';
import CSS from './dialog.css';

const HOST_TAG = 'x-dialog-host'; // neutral: nothing in the page says "Sightline"

let host = null;
let root = null;
function ensureHost() {
  if (!host) {
    host = document.createElement(HOST_TAG);
    for (const [k, v] of [['all', 'initial'], ['position', 'fixed'], ['inset', '0'], ['z-index', '2147483647'], ['pointer-events', 'none'], ['display', 'block']]) {
      host.style.setProperty(k, v, 'important');
    }
    root = host.attachShadow({ mode: 'closed' });
    const st = document.createElement('style');
    st.textContent = CSS;
    root.appendChild(st);
  }
  if (!host.isConnected) (document.body || document.documentElement).appendChild(host);
}

export const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = String(text);
  return e;
};

/** Shows `toast` in our root for `ms`. */
export function showToast(toast, ms) {
  ensureHost();
  root.append(toast);
  setTimeout(() => toast.remove(), ms);
}

// "The other addresses are not on the list", with the list's date and age once it is old
// (`list`: the report's list_info {sourceDate, signedAt, expiresAt}, or its list_date).
function othersText(list) {
  const a = listAge(list);
  if (a && (a.future || a.expired)) return t('wallet_others_untrusted', [a.shown]);
  return a && a.stale ? t('wallet_others_stale', [a.shown, String(a.days)]) : t('wallet_others');
}

function renderTarget(x, report) {
  const box = el('div', 'item');
  const shown = x.verdict.display || x.verdict.canonical || x.address;
  box.append(el('div', 'action', actionText(x)), el('span', 'addr', shown));
  const dl = el('dl');
  const row = (k, v) => {
    if (v == null || v === '' || (Array.isArray(v) && !v.length)) return;
    dl.append(el('dt', null, k), el('dd', null, Array.isArray(v) ? v.join(', ') : v));
  };
  for (const m of (x.verdict.matches || []).slice(0, 4)) {
    row(t('wallet_entity'), m.name);
    row(t('wallet_programs'), m.programs);
    row(t('wallet_listed_under'), m.listed_under);
    row(t('wallet_designated'), m.designated && shownDate(m.designated));
    row(t('wallet_listed_since'), m.first_seen && shownDate(m.first_seen));
    row(t('wallet_source'), t('wallet_list_of', [listName(m, report), shownDate(m.source_date || report.list_date)]));
    if (m.sdn_uid != null) {
      // The official entry, as the card links it: the user can check us against OFAC.
      const a = link(t('wallet_ofac_entry', [String(m.sdn_uid)]), ofacEntryUrl(m.sdn_uid));
      const dd = el('dd');
      dd.append(a);
      dl.append(el('dt', null, t('wallet_sdn_uid')), dd);
    }
  }
  box.append(dl);
  return box;
}

function link(text, href) {
  const a = el('a', null, text);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

// One dialog on screen at a time; later ones wait their turn.
let queue = Promise.resolve();

/**
 * Opens a dialog for spec {kind: 'sanctioned', report} or {kind: 'unchecked', reason};
 * `decide` gets 'proceed' or 'cancel'. Returns {close(), setReason(text)}.
 */
export function openDialog(spec, decide) {
  let closed = false;
  let reasonEl = null;
  let cleanup = () => {};
  queue = queue.then(() => new Promise((next) => {
    if (closed) return next();
    const prevFocus = document.activeElement;
    ensureHost();
    const backdrop = el('div', 'backdrop');
    const dlg = el('div', 'dialog ' + spec.kind);
    dlg.setAttribute('role', 'alertdialog');
    dlg.setAttribute('aria-modal', 'true');
    dlg.setAttribute('aria-labelledby', 'sl-title');
    dlg.setAttribute('aria-describedby', 'sl-body');
    dlg.tabIndex = -1;
    const title = el('h2', null, t({ sanctioned: 'wallet_title', lookalike: 'wallet_lookalike_title' }[spec.kind] || 'wallet_unchecked_title'));
    title.id = 'sl-title';
    const body = el('div');
    body.id = 'sl-body';
    dlg.append(title, body);
    const cancel = el('button', 'cancel', t('wallet_cancel'));
    cancel.type = 'button';
    const proceed = el('button', 'proceed', t('wallet_review'));
    proceed.type = 'button';

    if (spec.kind === 'sanctioned') {
      const r = spec.report;
      const bad = r.targets.filter((x) => x.verdict && x.verdict.sanctioned);
      dlg.dataset.sightlineAddress = (bad[0] && bad[0].verdict.canonical) || '';
      dlg.dataset.sightlineVerdict = 'sanctioned';
      body.append(el('p', null, t('wallet_intro', [originShown()])));
      for (const x of bad) body.append(renderTarget(x, r));
      if (r.targets.length > bad.length) body.append(el('p', 'small', othersText(r.list_info || r.list_date)));
      const first = bad[0] && (bad[0].verdict.display || bad[0].verdict.canonical);
      const report = el('p', 'small');
      report.append(link(t('reportMistake'), reportUrl(`Wrong verdict? ${first || ''} flagged in a wallet request`)));
      body.append(report);
    } else if (spec.kind === 'lookalike') {
      // Address poisoning: not a sanctions hit, so no outside confirmation; Cancel first.
      dlg.dataset.sightlineVerdict = 'lookalike';
      dlg.dataset.sightlineAddress = spec.lookalikes[0].address;
      body.append(el('p', null, t('wallet_intro', [originShown()])));
      for (const x of spec.lookalikes.slice(0, 4)) {
        const box = el('div', 'item lookalike');
        box.append(el('span', 'addr', x.address), el('p', null, t('wallet_lookalike', [x.like])));
        body.append(box);
      }
      body.append(el('p', 'small', t('wallet_lookalike_help')));
      proceed.textContent = t('wallet_lookalike_proceed');
    } else {
      // Not one click either: a page can pad a request past the size cap on purpose.
      dlg.dataset.sightlineVerdict = 'unchecked';
      body.append(el('p', null, t('wallet_unchecked_body')));
      reasonEl = el('p', 'small reason', spec.reason || '');
      body.append(reasonEl);
    }
    const notes = spec.report && Array.isArray(spec.report.notes) ? notesText(spec.report).slice(0, 8) : [];
    if (notes.length) {
      const ul = el('ul', 'notes small');
      for (const n of notes) ul.append(el('li', null, n));
      body.append(el('p', 'small', t('wallet_notes')), ul);
    }
    const buttons = el('div', 'buttons');
    buttons.append(proceed, cancel);
    dlg.append(buttons);
    backdrop.append(dlg);
    root.append(backdrop);

    const waiting = el('p', 'small waiting', t('wallet_waiting'));
    waiting.hidden = true;
    waiting.setAttribute('role', 'status');
    dlg.append(waiting);
    cancel.addEventListener('click', (e) => e.isTrusted && decide('cancel'));
    proceed.addEventListener('click', (e) => {
      if (!e.isTrusted || proceed.disabled) return;
      if (spec.kind === 'lookalike') return decide('proceed');
      proceed.disabled = true;
      waiting.hidden = false;
      dlg.dataset.sightlineWaiting = 'true';
      confirmOutside(spec).then((d) => decide(d));
    });
    const focusables = () => [...dlg.querySelectorAll('button, input')].filter((x) => !x.disabled);
    const onKey = (e) => {
      if (!e.isTrusted) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        decide('cancel');
      } else if (e.key === 'Tab') {
        const f = focusables();
        if (!f.length) return;
        const i = f.indexOf(root.activeElement);
        e.preventDefault();
        f[(i + (e.shiftKey ? f.length - 1 : 1) + f.length) % f.length].focus();
      }
    };
    window.addEventListener('keydown', onKey, true);
    const keepAlive = setInterval(() => {
      if (!host.isConnected) (document.body || document.documentElement).appendChild(host);
    }, 500);
    cancel.focus();
    let cleaned = false;
    cleanup = () => {
      if (cleaned) return;
      cleaned = true;
      clearInterval(keepAlive);
      window.removeEventListener('keydown', onKey, true);
      backdrop.remove();
      try {
        if (prevFocus && prevFocus.focus) prevFocus.focus();
      } catch {}
      next();
    };
  }));
  return {
    close() {
      if (closed) return;
      closed = true;
      cleanup();
    },
    setReason(reason) {
      if (reasonEl) reasonEl.textContent = reason;
    },
  };
}
