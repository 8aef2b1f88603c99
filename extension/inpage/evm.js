// EVM (EIP-1193) providers: request, the three legacy `send` forms, sendAsync, and
// `providers[]`. Every call's request object is copied once (copy.js); the copy is what is
// checked and what the wallet receives, for guarded and unguarded methods alike (so a
// `method` getter cannot say eth_chainId to us and eth_sendTransaction to the wallet).
//
// Guarded: every method that moves value or grants power, by the names wallets and libraries
// send: eth_sendTransaction, wallet_sendTransaction (viem falls back to it and then keeps
// using it), eth_signTransaction, eth_sendRawTransaction(+Sync) (viem local accounts and
// embedded wallets sign in the page and send the RLP), wallet_sendCalls (EIP-5792) and the
// eth_signTypedData family (EIP-712 permits and orders).
import { create, hasOwn, isArray, isHexQuantity, error } from './intrinsics.js';
import { snapshot, readProp, requestText, unreadableText } from './copy.js';
import { hook, guarded, forward } from './hook.js';

const GUARDED = create(null);
const NAMES = ['eth_sendTransaction', 'wallet_sendTransaction', 'eth_signTransaction', 'eth_sendRawTransaction', 'eth_sendRawTransactionSync', 'wallet_sendCalls', 'eth_signTypedData', 'eth_signTypedData_v1', 'eth_signTypedData_v3', 'eth_signTypedData_v4'];
for (let i = 0; i < NAMES.length; i++) GUARDED[NAMES[i]] = true;
export const isGuardedEvm = (m) => typeof m === 'string' && hasOwn(GUARDED, m);

const REJECT = 'User rejected the request.';
const refuse = (resolve, reject) => reject(error(REJECT, 4001));
const UNREADABLE = create(null);

// The provider's current chain (a legacy property most wallets still expose): the dialog
// names the right coin when a transaction carries no chainId. Display only.
function chainOf(p) {
  const c = readProp(p, 'chainId');
  return isHexQuantity(c) ? { __proto__: null, chainId: c } : undefined;
}

const copyOr = (v) => {
  try {
    return snapshot(v);
  } catch {
    return UNREADABLE;
  }
};

// request({method, params})
function onRequest(t, self, args) {
  if (args.length < 1 || args[0] === null || typeof args[0] !== 'object') return forward(t, self, args);
  const req = copyOr(args[0]);
  if (req === UNREADABLE) {
    // Not even the method could be read once: the user decides, the original goes on.
    return guarded(unreadableText('evm', ''), '', () => forward(t, self, args), refuse);
  }
  const m = req.method;
  if (!isGuardedEvm(m)) return forward(t, self, [req]);
  return guarded(requestText('evm', m, req.params, chainOf(self)), m, () => forward(t, self, [req]), refuse);
}

// send(method, params) | send(payload, callback) | send(payload) (synchronous, read methods only)
function onSend(t, self, args) {
  const a = args[0];
  if (typeof a === 'string') {
    const params = copyOr(args[1]);
    if (!isGuardedEvm(a)) return forward(t, self, params === UNREADABLE ? args : [a, params]);
    if (params === UNREADABLE) return guarded(unreadableText('evm', a), a, () => forward(t, self, args), refuse);
    return guarded(requestText('evm', a, params, chainOf(self)), a, () => forward(t, self, [a, params]), refuse);
  }
  if (typeof args[1] === 'function') return legacyAsync(t, self, args);
  return forward(t, self, args);
}

// sendAsync(payload | payload[], callback): every guarded entry is asked in turn.
function legacyAsync(t, self, args) {
  const cb = args[1];
  const payload = copyOr(args[0]);
  if (typeof cb !== 'function' || payload === null || typeof payload !== 'object') return forward(t, self, args);
  const batch = payload !== UNREADABLE && isArray(payload);
  const items = payload === UNREADABLE ? [null] : batch ? payload : [payload];
  const chain = chainOf(self);
  let i = 0;
  const cancel = () => {
    const resp = (x) => ({ __proto__: null, id: x && typeof x === 'object' ? x.id : undefined, jsonrpc: '2.0', error: { __proto__: null, code: 4001, message: REJECT } });
    let out;
    if (batch) {
      out = [];
      for (let k = 0; k < payload.length; k++) out[k] = resp(payload[k]);
    } else out = resp(payload === UNREADABLE ? null : payload);
    cb(error(REJECT, 4001), out);
  };
  const next = () => {
    for (; i < items.length; i++) {
      const it = items[i];
      const text = it === null ? unreadableText('evm', '') : it !== null && typeof it === 'object' && isGuardedEvm(it.method) ? requestText('evm', it.method, it.params, chain) : null;
      if (text === null) continue;
      i++;
      guarded(text, it === null ? '' : it.method, () => next(), () => cancel());
      return;
    }
    forward(t, self, payload === UNREADABLE ? args : [payload, cb]);
  };
  next();
  return undefined;
}

export function wrapEvm(p, depth = 0) {
  if (p === null || typeof p !== 'object' || depth > 2) return;
  hook(p, 'request', onRequest);
  hook(p, 'send', onSend);
  hook(p, 'sendAsync', legacyAsync);
  const list = readProp(p, 'providers'); // several wallets installed: each one's provider
  if (!isArray(list)) return;
  for (let k = 0; k < 16; k++) {
    const q = readProp(list, '' + k);
    if (q !== p) wrapEvm(q, depth + 1);
  }
}
