// Solana: window.solana / window.phantom.solana (signTransaction, signAllTransactions,
// signAndSendTransaction, signAndSendAllTransactions, request) and Wallet Standard wallets
// (solana:signTransaction, solana:signAndSendTransaction).
//
// A @solana/web3.js Transaction or VersionedTransaction is a class instance the wallet
// serialises itself, so it is forwarded by reference; we read its message bytes once, without
// changing it (a legacy Transaction's compileMessage(), never serializeMessage(), which fills
// in `signatures`), and read them again after the decision: a transaction that changed while
// the user decided is asked about again, then refused. Raw bytes (Wallet Standard) are copied,
// and the copy is what the wallet gets.
import { apply, isArray, bytesOf, error, create } from './intrinsics.js';
import { MAX_TEXT, snapshot, shallow, readProp, requestText, unreadableText } from './copy.js';
import { hook, guarded, forward } from './hook.js';

const refuse = (resolve, reject) => reject(error('User rejected the request.', 4001));
const REQ_METHODS = create(null);
REQ_METHODS.signTransaction = REQ_METHODS.signAllTransactions = REQ_METHODS.signAndSendTransaction = REQ_METHODS.signAndSendAllTransactions = true;

function call0(obj, name) {
  const f = readProp(obj, name);
  return typeof f === 'function' ? apply(f, obj, []) : undefined;
}

/** The message (or transaction) bytes of one transaction as the wallet will read them, or null. */
function txBytes(tx) {
  const b = bytesOf(tx, MAX_TEXT);
  if (b || tx === null || typeof tx !== 'object') return b;
  if (typeof readProp(tx, 'compileMessage') === 'function') return bytesOf(call0(call0(tx, 'compileMessage'), 'serialize'), MAX_TEXT); // legacy
  const msg = readProp(tx, 'message');
  if (msg !== null && typeof msg === 'object' && typeof readProp(msg, 'serialize') === 'function') return bytesOf(call0(msg, 'serialize'), MAX_TEXT); // versioned
  return null; // the engine says "could not read this request"
}
const txParam = (tx) => {
  try {
    return txBytes(tx);
  } catch {
    return null;
  }
};

/** The items of a page array, read once into a fresh array (by reference). */
function items(a) {
  if (!isArray(a)) return null;
  const n = readProp(a, 'length');
  if (typeof n !== 'number' || n > 4096) return null;
  const out = [];
  for (let i = 0; i < n; i++) out[out.length] = readProp(a, '' + i);
  return out;
}

function wrapProvider(p) {
  const one = (m) => (t, self, args) => {
    const tx = args[0];
    const opts = args.length > 1 ? args[1] : undefined;
    const text = () => requestText('solana', m, [txParam(tx)]);
    const first = text();
    return guarded(first, m, () => forward(t, self, opts === undefined ? [tx] : [tx, opts]), refuse, text);
  };
  const all = (m) => (t, self, args) => {
    const txs = items(args[0]);
    if (txs === null) return guarded(unreadableText('solana', m), m, () => forward(t, self, args), refuse);
    const text = () => {
      const ps = [];
      for (let i = 0; i < txs.length; i++) ps[i] = txParam(txs[i]);
      return requestText('solana', m, [ps]);
    };
    const rest = args.length > 1 ? [txs, args[1]] : [txs];
    return guarded(text(), m, () => forward(t, self, rest), refuse, text);
  };
  hook(p, 'signTransaction', one('signTransaction'));
  hook(p, 'signAndSendTransaction', one('signAndSendTransaction'));
  hook(p, 'signAllTransactions', all('signAllTransactions'));
  hook(p, 'signAndSendAllTransactions', all('signAndSendAllTransactions'));
  hook(p, 'request', (t, self, args) => {
    let req;
    try {
      req = snapshot(args[0]);
    } catch {
      return guarded(unreadableText('solana', ''), '', () => forward(t, self, args), refuse);
    }
    if (req === null || typeof req !== 'object' || typeof req.method !== 'string' || !REQ_METHODS[req.method]) return forward(t, self, req === null || typeof req !== 'object' ? args : [req]);
    return guarded(requestText('solana', req.method, req.params), req.method, () => forward(t, self, [req]), refuse);
  });
}

export function wrapSolana(p) {
  if (p !== null && typeof p === 'object') wrapProvider(p);
}

// ---- Wallet Standard: our copy of each wallet's `features`, with the signing features wrapped.
const STD = [
  ['solana:signTransaction', 'signTransaction'],
  ['solana:signAndSendTransaction', 'signAndSendTransaction'],
];

// Each input {account, chain, transaction: Uint8Array, options}: read once, bytes copied.
function stdInputs(args) {
  const ins = [];
  const view = [];
  for (let i = 0; i < args.length && i < 4096; i++) {
    const x = shallow(args[i]);
    if (x !== null && typeof x === 'object') x.transaction = bytesOf(x.transaction, MAX_TEXT);
    ins[i] = x;
    const v = create(null);
    v.transaction = x && typeof x === 'object' ? x.transaction : null;
    view[i] = v;
  }
  return { __proto__: null, ins, view };
}

export function wrapFeatures(f) {
  const copy = shallow(f);
  if (copy === null || typeof copy !== 'object') return f;
  for (let k = 0; k < STD.length; k++) {
    const feat = STD[k][0];
    const m = STD[k][1];
    const ft = shallow(copy[feat]);
    if (ft === null || typeof ft !== 'object' || typeof ft[m] !== 'function') continue;
    hook(ft, m, (t, self, args) => {
      let c;
      try {
        c = stdInputs(args);
      } catch {
        return guarded(unreadableText('solana', feat), feat, () => forward(t, self, args), refuse);
      }
      return guarded(requestText('solana', feat, c.view), feat, () => forward(t, self, c.ins), refuse);
    });
    copy[feat] = ft;
  }
  return copy;
}
