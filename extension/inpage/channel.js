// The channel to wallet-guard.js (isolated world): CustomEvents on window named with a random
// nonce, handed over in a handshake that completes at document_start, before any page script
// runs (the page never sees the names, so it can neither listen nor answer). Event details are
// read through the captured `detail` getter; pending requests live in a null-prototype table.
//
// ask(text, decide) calls decide('proceed' | 'cancel') exactly once, from our own event
// listener or timer: no promise the page could reach sits between the user's choice and the
// call to the wallet. When wallet-guard does not answer at all (the extension was updated or
// disabled, or cannot run in this frame), the browser's own confirm() box asks the user; the
// request never goes through silently unchecked.
import { W, create, hasOwn, parse, stringify, listen, fire, detailOf, setT, clearT, randomHex, askUser, warn } from './intrinsics.js';

const ACK_MS = 1000;
const nonce = randomHex(16);
const REQ = 'sightline-req-' + nonce;
const RES = 'sightline-res-' + nonce;
const HELLO = 'sightline:inpage-hello';
const READY = 'sightline:guard-ready';

let connected = false;
let unansweredText = 'Sightline could not check this wallet request: the extension did not answer.\n\nSend it to your wallet anyway, without the sanctions check?';
const pending = create(null); // id -> {finish, timer}
let seq = 0;

const field = (m, k) => (hasOwn(m, k) ? m[k] : undefined);

listen(W, RES, (e) => {
  let m;
  try {
    const d = detailOf(e);
    m = typeof d === 'string' && d.length < 8192 ? parse(d) : null;
  } catch {
    return;
  }
  if (m === null || typeof m !== 'object') return;
  const type = field(m, 'type');
  if (type === 'ack-hello') {
    connected = true;
    const u = field(m, 'unanswered');
    if (typeof u === 'string' && u.length < 1000) unansweredText = u;
    return;
  }
  const id = field(m, 'id');
  if (typeof id !== 'number' || !hasOwn(pending, id)) return;
  const p = pending[id];
  if (type === 'ack') {
    clearT(p.timer);
    return;
  }
  const decision = field(m, 'decision');
  if (type === 'decision' && (decision === 'proceed' || decision === 'cancel')) {
    clearT(p.timer);
    delete pending[id];
    p.finish(decision);
  }
});

let readyListened = true;
listen(W, READY, () => {
  if (readyListened && !connected) fire(HELLO, nonce);
  readyListened = false;
});
fire(HELLO, nonce);

function unanswered(finish) {
  warn('Sightline: the wallet check did not answer; asking the user.');
  finish(askUser(unansweredText) ? 'proceed' : 'cancel');
}

/** Asks wallet-guard about one request text; `decide` gets 'proceed' or 'cancel' once. */
export function ask(text, decide) {
  let done = false;
  const finish = (d) => {
    if (done) return;
    done = true;
    decide(d);
  };
  if (!connected) {
    setT(() => unanswered(finish), 0);
    return;
  }
  const id = ++seq;
  const timer = setT(() => {
    delete pending[id];
    unanswered(finish);
  }, ACK_MS);
  pending[id] = { __proto__: null, finish, timer };
  fire(REQ, stringify({ __proto__: null, id, text }));
}

/** Tells wallet-guard a checked request is being forwarded (its bypass notice needs it). */
export function forwarded(method) {
  if (connected) fire(REQ, stringify({ __proto__: null, id: 0, forwarded: method }));
}
