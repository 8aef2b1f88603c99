// Sightline wallet guard (isolated world, document_start, all frames). Bundled by
// extension/build.mjs from these modules:
//   main.js     the channel to the page-world script (inpage/), one request at a time
//   check.js    request -> background ('wallet-check') -> 'proceed' | 'cancel'
//   dialog.js   the modal alertdialog in our closed shadow root
//   outside.js  "Proceed anyway…" confirmed in a window of ours (background/confirm.js)
//   bypass.js   the notice when a signing request reached a wallet without our wrapper
// Everything from the page is untrusted: shapes are checked, sizes capped, text is only ever
// set with textContent, and only trusted (user) clicks and keys count.
import { MAX_REQUEST_BYTES } from '../shared/facts.js';
import { t, preload } from '../shared/t.js';
import { decide } from './check.js';
import { watchForBypass, noteForwarded } from './bypass.js';

// The request text, and the envelope around it ({id, text} as JSON).
const MAX_DETAIL = MAX_REQUEST_BYTES + 4096;
// Every message the dialogs may need, read while the extension context is alive: after an
// extension update under an open page, getMessage fails and the dialog must still speak.
const MESSAGES = ['wallet_title', 'wallet_intro', 'wallet_entity', 'wallet_programs', 'wallet_listed_under', 'wallet_designated', 'wallet_source', 'wallet_list_of', 'wallet_cancel', 'wallet_unchecked_title', 'wallet_unchecked_body', 'wallet_unchecked_timeout', 'wallet_others', 'wallet_others_stale', 'wallet_others_untrusted', 'wallet_notes', 'wallet_bypass', 'wallet_unanswered', 'wallet_review', 'wallet_waiting', 'wallet_lookalike_title', 'wallet_lookalike', 'wallet_lookalike_help', 'wallet_lookalike_proceed', 'wallet_listed_since'];

let nonce = null;
let resName = null;
const seenIds = new Set();

const reply = (obj) => {
  if (resName) window.dispatchEvent(new CustomEvent(resName, { detail: JSON.stringify(obj) }));
};

function onRequest(e) {
  if (typeof e.detail !== 'string' || e.detail.length > MAX_DETAIL) return;
  let m;
  try {
    m = JSON.parse(e.detail);
  } catch {
    return;
  }
  if (!m || typeof m !== 'object') return;
  if (m.id === 0 && typeof m.forwarded === 'string') return noteForwarded(m.forwarded);
  if (!Number.isSafeInteger(m.id) || m.id <= 0 || seenIds.has(m.id) || typeof m.text !== 'string') return;
  seenIds.add(m.id);
  reply({ type: 'ack', id: m.id });
  decide(m.text).then(
    (decision) => reply({ type: 'decision', id: m.id, decision }),
    () => reply({ type: 'decision', id: m.id, decision: 'cancel' }),
  );
}

if (!globalThis.__sightlineWalletGuard) {
  globalThis.__sightlineWalletGuard = true;
  // At document_start, on purpose: the first message read loads the locale bundle through a
  // synchronous call to the browser, 17-22 ms here while the browser is quiet. Deferred to
  // idle time it ran behind our own scan messages and blocked the page for 152 ms (CPU
  // profile of the 10 MB perf page, 2026-12-01), and the content script's first badge
  // would pay it the same way.
  preload(MESSAGES);
  window.addEventListener('sightline:inpage-hello', (e) => {
    if (nonce || typeof e.detail !== 'string' || !/^[0-9a-f]{32}$/.test(e.detail)) return;
    nonce = e.detail;
    resName = 'sightline-res-' + nonce;
    window.addEventListener('sightline-req-' + nonce, onRequest);
    reply({ type: 'ack-hello', unanswered: t('wallet_unanswered') });
  });
  window.dispatchEvent(new CustomEvent('sightline:guard-ready'));
  watchForBypass(() => nonce !== null);
}
