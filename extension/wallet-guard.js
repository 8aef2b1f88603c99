// Sightline wallet guard (isolated world, document_start, all frames).
//
// Relays each wallet request the page-world script (inpage.js) caught to the background
// ('wallet-check' -> engine.checkRequest), and answers 'proceed' or 'cancel':
//   clean             -> proceed at once (no UI);
//   sanctioned        -> a modal alertdialog in our closed shadow root: what the dApp asks,
//                        the address, entity, programs, list date; Cancel (focused, Escape)
//                        or "Proceed anyway…", confirmed in a window of ours with an
//                        "I understand" tick (background/confirm.js);
//   no answer in 1.5 s, engine error, unreadable request
//                     -> "could not check" dialog: Cancel or continue without the check
//                        (a late clean answer closes it and proceeds by itself).
// Everything from the page is untrusted: shapes are checked, sizes capped, text is only ever
// set with textContent, and only trusted (user) clicks and keys count.
//
// Bypass notice: wallets' page scripts talk to their extension with window.postMessage; a
// signing method seen there that inpage.js did not forward just before means a request
// reached a wallet without passing our wrapper (a page that kept the original `request`).
(() => {
  'use strict';
  if (globalThis.__sightlineWalletGuard) return;
  globalThis.__sightlineWalletGuard = true;

  const CHECK_TIMEOUT_MS = 1500;
  const MAX_TEXT = (1 << 20) + 4096;
  const HOST_TAG = 'x-dialog-host'; // neutral: nothing in the page says "Sightline"

  const EN = {
    wallet_title: 'Stop: this request involves a sanctioned address',
    wallet_intro: '$1 is asking your wallet to:',
    wallet_entity: 'Listed entity',
    wallet_programs: 'Programs',
    wallet_listed_under: 'Listed under',
    wallet_designated: 'Designated',
    wallet_source: 'Source',
    wallet_list_of: '$1 of $2',
    wallet_understand: 'I understand this address is on a sanctions list and that dealing with it may be illegal.',
    wallet_cancel: 'Cancel',
    wallet_proceed: 'Proceed anyway',
    wallet_unchecked_title: 'Sightline could not check this wallet request',
    wallet_unchecked_body: 'This request was not checked against the sanctions list. You can cancel it, or continue without the check.',
    wallet_unchecked_timeout: 'The check did not finish in time.',
    wallet_unchecked_proceed: 'Continue without check',
    wallet_others: 'The other addresses in this request are not on the list.',
    wallet_others_stale: 'The other addresses in this request are not on the OFAC SDN list of $1, but this list is $2 days old.',
    wallet_notes: 'Limits of this check',
    wallet_bypass: 'A wallet request on this page reached your wallet without being checked by Sightline.',
    wallet_unanswered: 'Sightline could not check this wallet request: the extension did not answer.\n\nSend it to your wallet anyway, without the sanctions check?',
    wallet_unchecked_understand: 'I understand this request was not checked against the sanctions list.',
    wallet_review: 'Proceed anyway…',
    wallet_waiting: 'Confirm or cancel in the Sightline window that opened. This page cannot answer for you.',
  };
  function t(key, subs) {
    let s = '';
    try {
      s = chrome.i18n.getMessage(key, subs);
    } catch {}
    if (s) return s;
    s = EN[key] || key;
    (Array.isArray(subs) ? subs : subs != null ? [subs] : []).forEach((v, i) => {
      s = s.split('$' + (i + 1)).join(String(v));
    });
    return s;
  }

  // ------------------------------------------------------------------ channel
  let nonce = null;
  let resName = null;
  const reply = (obj) => {
    if (resName) window.dispatchEvent(new CustomEvent(resName, { detail: JSON.stringify(obj) }));
  };

  window.addEventListener('sightline:inpage-hello', (e) => {
    if (nonce || typeof e.detail !== 'string' || !/^[0-9a-f]{32}$/.test(e.detail)) return;
    nonce = e.detail;
    resName = 'sightline-res-' + nonce;
    window.addEventListener('sightline-req-' + nonce, onRequest);
    reply({ type: 'ack-hello', unanswered: t('wallet_unanswered') });
  });
  window.dispatchEvent(new CustomEvent('sightline:guard-ready'));

  const forwardedRecently = []; // {method, at}
  const seenIds = new Set();

  function onRequest(e) {
    if (typeof e.detail !== 'string' || e.detail.length > MAX_TEXT) return;
    let m;
    try {
      m = JSON.parse(e.detail);
    } catch {
      return;
    }
    if (!m || typeof m !== 'object') return;
    if (m.id === 0 && typeof m.forwarded === 'string') {
      forwardedRecently.push({ method: m.forwarded.slice(0, 64), at: Date.now() });
      if (forwardedRecently.length > 32) forwardedRecently.shift();
      return;
    }
    if (!Number.isSafeInteger(m.id) || m.id <= 0 || seenIds.has(m.id) || typeof m.text !== 'string') return;
    seenIds.add(m.id);
    reply({ type: 'ack', id: m.id });
    handle(m.id, m.text).then(
      (decision) => reply({ type: 'decision', id: m.id, decision }),
      () => reply({ type: 'decision', id: m.id, decision: 'cancel' }),
    );
  }

  // ------------------------------------------------------------------ checking
  function askBackground(text) {
    return new Promise((resolve) => {
      try {
        chrome.runtime.sendMessage({ type: 'wallet-check', request: text }, (res) => {
          const err = chrome.runtime.lastError;
          if (err) resolve({ error: err.message || String(err) });
          else resolve(res || { error: 'no answer' });
        });
      } catch (e) {
        resolve({ error: String((e && e.message) || e) });
      }
    });
  }

  // TronWeb's sendTransaction/sendToken sign through trx.sign, so one user action is two
  // checked requests. Proceeding on the outer one approves its sanctioned addresses for one
  // inner Tron sign within 10 s (single use); nothing else is ever let through this way.
  const APPROVAL_MS = 10000;
  const approved = new Map(); // canonical address -> expiry
  const kindOf = (text) => {
    const m = /^\{"family":"(\w{1,16})","method":"([\w:]{0,64})"/.exec(text); // inpage's encoder writes these first
    return m ? m[1] + ':' + m[2] : '';
  };
  const APPROVES = new Set(['tron:sendTransaction', 'tron:sendToken']);
  const USES_APPROVAL = new Set(['tron:sign', 'tron:multiSign']);
  const sanctionedOf = (report) => report.targets.filter((x) => x.verdict && x.verdict.sanctioned).map((x) => x.verdict.canonical || x.address);
  function takeApproval(kind, report) {
    if (!USES_APPROVAL.has(kind)) return false;
    const now = Date.now();
    const bad = sanctionedOf(report);
    if (!bad.length || !bad.every((a) => approved.get(a) > now)) return false;
    for (const a of bad) approved.delete(a);
    return true;
  }

  // One decision per request: 'proceed' | 'cancel'.
  function handle(id, text) {
    return new Promise((resolve) => {
      let settled = false;
      let dialog = null; // the open dialog, if any
      const finish = (d) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (dialog) dialog.close();
        resolve(d);
      };
      const showUnchecked = (reason) => {
        if (settled) return;
        if (dialog) return dialog.setReason(reason);
        dialog = openDialog({ kind: 'unchecked', reason }, finish);
      };
      const timer = setTimeout(() => showUnchecked(t('wallet_unchecked_timeout')), CHECK_TIMEOUT_MS);
      askBackground(text).then((res) => {
        if (settled) return;
        const report = res && res.report;
        if (res && Number.isFinite(res.staleAfterDays)) staleAfterDays = res.staleAfterDays;
        if (!report || res.error) return showUnchecked(String((res && res.error) || 'no answer'));
        if (report.error) return showUnchecked(String(report.error));
        if (report.sanctioned) {
          clearTimeout(timer);
          if (dialog) dialog.close();
          const kind = kindOf(text);
          if (takeApproval(kind, report)) return finish('proceed');
          dialog = openDialog({ kind: 'sanctioned', report }, (d) => {
            if (d === 'proceed' && APPROVES.has(kind)) for (const a of sanctionedOf(report)) approved.set(a, Date.now() + APPROVAL_MS);
            finish(d);
          });
          return;
        }
        finish('proceed');
      });
    });
  }

  // ------------------------------------------------------------------ UI (closed shadow root)
  const CSS = `
:host { all: initial; }
.backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.55); display: flex; align-items: center; justify-content: center; pointer-events: auto; }
.dialog { box-sizing: border-box; width: min(560px, calc(100vw - 24px)); max-height: calc(100vh - 24px); overflow: auto; background: #fff; color: #202124; border-radius: 12px; border-top: 6px solid #d0021b; padding: 20px 22px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; box-shadow: 0 12px 40px rgba(0,0,0,.4); }
.dialog.unchecked { border-top-color: #e37400; }
h2 { margin: 0 0 10px; font-size: 18px; color: #a50e0e; }
.unchecked h2 { color: #8a4b00; }
.item { margin: 10px 0; padding: 10px 12px; background: #fce8e6; border-radius: 8px; }
.action { font-weight: 600; }
.addr { display: block; font: 13px ui-monospace, Menlo, Consolas, monospace; word-break: break-all; margin: 4px 0 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
dt { color: #5f6368; }
dd { margin: 0; }
.small { color: #5f6368; font-size: 12px; }
ul.notes { margin: 4px 0 0 18px; padding: 0; }
label { display: flex; gap: 8px; align-items: flex-start; margin: 14px 0 4px; }
.buttons { display: flex; gap: 10px; justify-content: flex-end; margin-top: 14px; }
button { font: inherit; padding: 8px 16px; border-radius: 6px; border: 1px solid #dadce0; background: #f1f3f4; color: #202124; cursor: pointer; }
button.cancel { background: #1a73e8; border-color: #1a73e8; color: #fff; font-weight: 600; }
button:disabled { opacity: .45; cursor: not-allowed; }
button:focus-visible, input:focus-visible { outline: 3px solid #fbbc04; outline-offset: 2px; }
.toast { position: fixed; right: 16px; bottom: 16px; max-width: 360px; background: #3c4043; color: #fff; padding: 10px 14px; border-radius: 8px; font: 13px/1.4 system-ui, sans-serif; pointer-events: auto; box-shadow: 0 6px 20px rgba(0,0,0,.35); }
@media (prefers-color-scheme: dark) {
  .dialog { background: #202124; color: #e8eaed; }
  h2 { color: #f28b82; } .unchecked h2 { color: #fdd663; }
  .item { background: #3c1414; }
  dt, .small { color: #9aa0a6; }
  button { background: #303134; color: #e8eaed; border-color: #5f6368; }
  button.cancel { background: #8ab4f8; border-color: #8ab4f8; color: #202124; }
}`;

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
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  };

  // One dialog on screen at a time; later ones wait their turn.
  let queue = Promise.resolve();

  function openDialog(spec, decide) {
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
        const title = el('h2', null, t(spec.kind === 'sanctioned' ? 'wallet_title' : 'wallet_unchecked_title'));
        title.id = 'sl-title';
        const body = el('div');
        body.id = 'sl-body';
        dlg.append(title, body);
        const cancel = el('button', 'cancel', t('wallet_cancel'));
        cancel.type = 'button';
        // Proceeding is confirmed in a window of ours (background/confirm.js), not here: a page
        // can cover or click through anything drawn in it.
        const proceed = el('button', 'proceed', t('wallet_review'));
        proceed.type = 'button';

        if (spec.kind === 'sanctioned') {
          const r = spec.report;
          const bad = r.targets.filter((x) => x.verdict && x.verdict.sanctioned);
          dlg.dataset.sightlineAddress = (bad[0] && bad[0].verdict.canonical) || '';
          dlg.dataset.sightlineVerdict = 'sanctioned';
          body.append(el('p', null, t('wallet_intro', [location.origin === 'null' ? location.href.slice(0, 80) : location.origin])));
          for (const x of bad) body.append(renderTarget(x, r));
          if (r.targets.length > bad.length) body.append(el('p', 'small', othersText(r.list_date)));
        } else {
          // Not one click either: a page can pad a request past the size cap on purpose.
          dlg.dataset.sightlineVerdict = 'unchecked';
          body.append(el('p', null, t('wallet_unchecked_body')));
          reasonEl = el('p', 'small reason', spec.reason || '');
          body.append(reasonEl);
        }
        const notes = spec.report && Array.isArray(spec.report.notes) ? spec.report.notes.slice(0, 8) : [];
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

  // "The other addresses are not on the list", with the list's date and age once it is older
  // than the background says (i18n.js STALE_DAYS, sent with each answer).
  let staleAfterDays = 14;
  // A YYYY-MM-DD date as the UI language writes it ("Aug 20, 2026", "20 août 2026").
  const age = (ymd) => globalThis.sightlineListAge(ymd, staleAfterDays); // list-age.js
  const shownDate = (ymd) => age(ymd)?.shown ?? (ymd || '');
  function othersText(ymd) {
    const a = age(ymd);
    return a && a.stale ? t('wallet_others_stale', [a.shown, String(a.days)]) : t('wallet_others');
  }

  // Asks the background to confirm in its own window; 'proceed' only if the user proceeds there.
  function confirmOutside(spec) {
    const r = spec.report;
    const bad = r ? r.targets.filter((x) => x.verdict && x.verdict.sanctioned) : [];
    const m0 = bad[0] && bad[0].verdict.matches && bad[0].verdict.matches[0];
    const summary = {
      kind: spec.kind,
      origin: location.origin === 'null' ? location.href.slice(0, 80) : location.origin,
      reason: spec.kind === 'unchecked' ? String(spec.reason || '') : '',
      listOf: r ? t('wallet_list_of', [(m0 && m0.source) || r.list_source, shownDate((m0 && m0.source_date) || r.list_date)]) : '',
      targets: bad.map((x) => ({
        action: x.action,
        address: x.verdict.canonical || x.address,
        entities: (x.verdict.matches || []).map((m) => m.name),
        programs: [...new Set((x.verdict.matches || []).flatMap((m) => m.programs || []))],
      })),
    };
    return new Promise((resolve) => {
      try {
        chrome.runtime.sendMessage({ type: 'wallet-confirm', summary }, (res) => {
          resolve(!chrome.runtime.lastError && res && res.decision === 'proceed' ? 'proceed' : 'cancel');
        });
      } catch {
        resolve('cancel');
      }
    });
  }

  function renderTarget(x, report) {
    const box = el('div', 'item');
    const line = el('div', 'action', x.action);
    box.append(line, el('span', 'addr', x.verdict.canonical || x.address));
    const dl = el('dl');
    const row = (k, v) => {
      if (v == null || v === '' || (Array.isArray(v) && !v.length)) return;
      dl.append(el('dt', null, k), el('dd', null, Array.isArray(v) ? v.join(', ') : v));
    };
    for (const m of (x.verdict.matches || []).slice(0, 4)) {
      row(t('wallet_entity'), m.name);
      row(t('wallet_programs'), m.programs);
      row(t('wallet_listed_under'), m.listed_under);
      row(t('wallet_designated'), m.designated);
      row(t('wallet_source'), t('wallet_list_of', [m.source || report.list_source, shownDate(m.source_date || report.list_date)]));
    }
    box.append(dl);
    return box;
  }

  // ------------------------------------------------------------------ bypass notice
  const SIGN = new Set(['eth_sendTransaction', 'wallet_sendTransaction', 'eth_signTransaction', 'eth_sendRawTransaction', 'eth_sendRawTransactionSync', 'wallet_sendCalls', 'eth_signTypedData', 'eth_signTypedData_v1', 'eth_signTypedData_v3', 'eth_signTypedData_v4']);
  function findMethod(v, depth) {
    if (!v || typeof v !== 'object' || depth > 4) return null;
    if (typeof v.method === 'string' && SIGN.has(v.method)) return v.method;
    let n = 0;
    for (const k in v) {
      if (++n > 20) break;
      const m = findMethod(v[k], depth + 1);
      if (m) return m;
    }
    return null;
  }
  let noticeShown = false;
  window.addEventListener('message', (e) => {
    if (e.source !== window || !nonce) return;
    let method;
    try {
      method = findMethod(e.data, 0);
    } catch {
      return;
    }
    if (!method) return;
    const now = Date.now();
    const i = forwardedRecently.findIndex((f) => f.method === method && now - f.at < 5000);
    if (i >= 0) {
      forwardedRecently.splice(i, 1);
      return;
    }
    console.warn(`Sightline: a wallet request (${method}) reached a wallet without passing Sightline's check.`);
    if (noticeShown) return;
    noticeShown = true;
    ensureHost();
    const toast = el('div', 'toast', t('wallet_bypass'));
    toast.setAttribute('role', 'status');
    toast.dataset.sightlineNotice = 'bypass';
    root.append(toast);
    setTimeout(() => toast.remove(), 15000);
  });
})();
