// Sightline page-world wallet wrapper (world MAIN, document_start, all frames).
//
// Wraps the signing and sending methods of wallet providers IN PLACE (a Proxy of the
// original function set as an own data property: never replacing window.ethereum, never
// freezing anything), serialises each such call to JSON, asks wallet-guard.js (isolated
// world) for a decision, and then either forwards the original call unchanged (same `this`,
// same arguments, its own result) or rejects it the way that wallet rejects a user refusal.
// Every other call passes straight through.
//
//   EVM (EIP-1193): request, send (3 legacy forms), sendAsync; providers[]; EIP-6963
//                   announcements; window.ethereum assigned late (configurable accessor).
//   Solana:         window.solana, window.phantom.solana, Wallet Standard wallets.
//   Tron:           tronWeb.trx / tronLink.tronWeb.trx  sign, multiSign, sendTransaction, sendTrx, sendToken.
//   Bitcoin:        unisat.sendBitcoin, request('sendTransfer') (sats-connect/Xverse/Leather).
//
// Rejections (what each wallet itself throws when the user refuses):
//   EVM, Solana (Phantom), UniSat, Leather: Error {code: 4001, message: 'User rejected the request.'}
//   Xverse / sats-connect providers: Error {code: -32000 (USER_REJECTION), message: same text}
//   TronLink: the string 'Confirmation declined by user' (passed to the callback when one is given)
//
// Limits (what this cannot see): a page script that reaches a wallet without our wrapper:
// a provider object that hands out fresh bound functions from a Proxy `get` trap, a
// provider that is frozen or whose methods are non-writable and non-configurable (a console
// warning says so), references a page kept before a late provider was wrapped (between the
// assignment and the next poll), wallets reached through their own postMessage/stream
// protocol, and SDK wallets that never touch window (WalletConnect relays). wallet-guard.js
// reports the postMessage case it can see. Solana legacy Transaction objects without a fee
// payer cannot be serialised, so they get the "could not check" choice. Wallet Standard
// feature methods are called with our copy of the feature object as `this`.
//
// Channel: a random nonce names the request/response events; it is handed to wallet-guard.js
// in a handshake that completes at document_start, before any page script runs. Everything
// from the other side is validated. Nothing global is left but a non-enumerable run-once flag.
(() => {
  'use strict';
  const W = window;
  if (Object.prototype.hasOwnProperty.call(W, '__sightlineInpage')) return;
  try {
    Object.defineProperty(W, '__sightlineInpage', { value: true });
  } catch {
    return;
  }

  // Built-ins captured before any page script can touch them.
  const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf, keys, freeze } = Object;
  const apply = Reflect.apply;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const CE = CustomEvent;
  const addEL = EventTarget.prototype.addEventListener;
  const removeEL = EventTarget.prototype.removeEventListener;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const P = Promise;
  const setT = setTimeout;
  const clearT = clearTimeout;
  const isView = ArrayBuffer.isView;
  const AB = ArrayBuffer;
  const U8 = Uint8Array;
  const b64 = btoa;
  const fcc = String.fromCharCode;
  const isArray = Array.isArray;
  const warn = console.warn.bind(console);
  const ProxyC = Proxy;
  const WS = WeakSet;
  const WM = WeakMap;
  const MapC = Map;
  const rand = crypto.getRandomValues.bind(crypto);

  const MAX_TEXT = 1 << 20;
  const ACK_MS = 1000; // wallet-guard not answering at all: let the call through, with a warning
  const REJECT_TEXT = 'User rejected the request.';

  const nonceBytes = rand(new U8(16));
  let nonce = '';
  for (const b of nonceBytes) nonce += (b < 16 ? '0' : '') + b.toString(16);
  const REQ = 'sightline-req-' + nonce;
  const RES = 'sightline-res-' + nonce;

  // ------------------------------------------------------------------ channel to wallet-guard
  let connected = false;
  const pending = new MapC(); // id -> {resolve, ackTimer}
  let seq = 0;
  const fire = (name, detail) => apply(dispatch, W, [new CE(name, { detail })]);

  apply(addEL, W, [RES, (e) => {
    let m;
    try {
      m = typeof e.detail === 'string' && e.detail.length < 4096 ? parse(e.detail) : null;
    } catch {
      return;
    }
    if (!m || typeof m !== 'object') return;
    if (m.type === 'ack-hello') {
      connected = true;
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'ack') {
      clearT(p.ackTimer);
    } else if (m.type === 'decision' && (m.decision === 'proceed' || m.decision === 'cancel')) {
      clearT(p.ackTimer);
      pending.delete(m.id);
      p.resolve(m.decision);
    }
  }]);
  const onReady = () => {
    if (!connected) fire('sightline:inpage-hello', nonce);
    apply(removeEL, W, ['sightline:guard-ready', onReady]);
  };
  apply(addEL, W, ['sightline:guard-ready', onReady]);
  fire('sightline:inpage-hello', nonce);

  // ------------------------------------------------------------------ serialisation
  function bytesB64(v) {
    const u = v instanceof AB ? new U8(v) : new U8(v.buffer, v.byteOffset, v.byteLength);
    if (u.length > MAX_TEXT) throw new Error('too large');
    let s = '';
    for (let i = 0; i < u.length; i += 0x8000) s += apply(fcc, null, u.subarray(i, i + 0x8000));
    return 'base64:' + b64(s);
  }
  // Page values to plain JSON data: bytes -> "base64:...", bigint -> decimal string,
  // functions dropped, depth and node count capped, cycles cut.
  function plain(v, depth, budget) {
    if (--budget.n < 0 || depth > 32) throw new Error('too large');
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
        return v;
      case 'bigint':
        return v.toString();
      case 'object':
        break;
      default:
        return undefined;
    }
    if (v === null) return null;
    if (v instanceof AB || isView(v)) return bytesB64(v);
    if (budget.seen.has(v)) return null;
    budget.seen.add(v);
    let out;
    if (isArray(v)) {
      out = [];
      for (let i = 0; i < v.length; i++) out.push(plain(v[i], depth + 1, budget) ?? null);
    } else {
      out = {};
      for (const k of keys(v)) {
        const x = plain(v[k], depth + 1, budget);
        if (x !== undefined) out[k] = x;
      }
    }
    budget.seen.delete(v);
    return out;
  }
  function serialise(family, method, params, extra) {
    let text;
    try {
      text = stringify({ family, method, params: plain(params, 0, { n: 100000, seen: new WS() }), ...extra });
    } catch {
      return stringify({ family, method, unreadable: true });
    }
    return text.length <= MAX_TEXT ? text : stringify({ family, method, tooLarge: true });
  }

  // Asks wallet-guard; resolves 'proceed' or 'cancel'. Never hangs: no answer at all from
  // wallet-guard within ACK_MS means the extension is gone (updated, disabled).
  function ask(family, method, params, extra) {
    const text = serialise(family, method, params, extra);
    if (!connected) {
      warn('Sightline: wallet check unavailable here; the request was not checked.');
      return P.resolve({ decision: 'proceed', text });
    }
    const id = ++seq;
    return new P((resolve) => {
      const done = (decision) => resolve({ decision, text });
      const ackTimer = setT(() => {
        pending.delete(id);
        warn('Sightline: the wallet check did not answer; the request was not checked.');
        done('proceed');
      }, ACK_MS);
      pending.set(id, { resolve: done, ackTimer });
      fire(REQ, stringify({ id, text }));
    });
  }

  // Checks, then re-serialises what is about to be forwarded: a page that changed the
  // arguments while the user was deciding gets them checked again.
  async function decide(family, method, getParams, extra) {
    let params = getParams();
    for (let round = 0; round < 3; round++) {
      const { decision, text } = await ask(family, method, params, extra);
      if (decision === 'cancel') return 'cancel';
      params = getParams();
      if (serialise(family, method, params, extra) === text) {
        fire(REQ, stringify({ id: 0, forwarded: method }));
        return 'proceed';
      }
    }
    return 'cancel';
  }

  function rpcError(code) {
    const e = new Error(REJECT_TEXT);
    e.code = code;
    return e;
  }

  // ------------------------------------------------------------------ wrapping
  const get = (o, k) => {
    try {
      return o ? o[k] : undefined;
    } catch {
      return undefined;
    }
  };
  const wrappers = new WS(); // our proxies
  let forwarding = 0; // > 0 while a decided call runs its original synchronously

  function findDesc(obj, name) {
    for (let o = obj, i = 0; o && i < 8; o = getPrototypeOf(o), i++) {
      const d = getOwnPropertyDescriptor(o, name);
      if (d) return { d, own: o === obj };
    }
    return null;
  }

  // Sets obj[name] to a Proxy of its current function whose apply runs `handler(target,
  // thisArg, args)`. Idempotent; re-wraps when the page or wallet replaced the method.
  function hook(obj, name, handler) {
    let found;
    try {
      found = findDesc(obj, name);
    } catch {
      return;
    }
    if (!found || !('value' in found.d)) return;
    const orig = found.d.value;
    if (typeof orig !== 'function' || wrappers.has(orig)) return;
    const proxy = new ProxyC(orig, {
      apply(target, thisArg, args) {
        if (forwarding > 0) return apply(target, thisArg, args);
        return handler(target, thisArg, args);
      },
    });
    wrappers.add(proxy);
    try {
      if (found.own && !found.d.configurable) {
        if (!found.d.writable) throw new Error('read-only');
        obj[name] = proxy;
      } else {
        defineProperty(obj, name, { value: proxy, writable: true, configurable: true, enumerable: found.own ? found.d.enumerable : false });
      }
    } catch {
      warn(`Sightline: could not wrap ${name} on a wallet provider; its requests are not checked.`);
    }
  }

  function forward(target, thisArg, args) {
    forwarding++;
    try {
      return apply(target, thisArg, args);
    } finally {
      forwarding--;
    }
  }

  // Runs the check, then the original, returning a promise of the original's result.
  function guarded(family, method, getParams, target, thisArg, args, reject, extra) {
    return decide(family, method, getParams, extra).then((d) => (d === 'cancel' ? reject() : forward(target, thisArg, args)));
  }

  // ---- EVM (EIP-1193)
  const EVM_SIGN = new Set(['eth_sendTransaction', 'eth_signTransaction', 'wallet_sendCalls', 'eth_signTypedData', 'eth_signTypedData_v1', 'eth_signTypedData_v3', 'eth_signTypedData_v4']);
  const evmReject = () => P.reject(rpcError(4001));
  const isSign = (p) => p && typeof p === 'object' && EVM_SIGN.has(p.method);
  // The provider's current chain (a legacy property most wallets still expose), so the
  // dialog names the right coin when a transaction carries no chainId.
  const chainOf = (p) => {
    const c = get(p, 'chainId');
    return typeof c === 'string' && /^0x[0-9a-fA-F]{1,16}$/.test(c) ? { chainId: c } : undefined;
  };

  function wrapEvm(p) {
    if (!p || typeof p !== 'object') return;
    hook(p, 'request', (t, self, args) => {
      const a = args[0];
      if (!isSign(a)) return apply(t, self, args);
      return guarded('evm', a.method, () => a.params, t, self, args, evmReject, chainOf(self));
    });
    hook(p, 'send', (t, self, args) => {
      const [a, b] = args;
      if (typeof a === 'string' && EVM_SIGN.has(a)) {
        return guarded('evm', a, () => b, t, self, args, evmReject, chainOf(self));
      }
      if (isSign(a) && typeof b === 'function') return legacyAsync(t, self, args);
      // Synchronous form (send(payload)): wallets only answer a few read methods that way.
      return apply(t, self, args);
    });
    hook(p, 'sendAsync', (t, self, args) => legacyAsync(t, self, args));
    let list;
    try {
      list = p.providers;
    } catch {}
    if (isArray(list)) for (const q of list) if (q !== p) wrapEvm(q);
  }

  // sendAsync(payload | payload[], callback): every signing entry is checked in turn.
  function legacyAsync(t, self, args) {
    const [payload, cb] = args;
    const items = isArray(payload) ? payload : [payload];
    const signing = items.filter(isSign);
    if (!signing.length || typeof cb !== 'function') return apply(t, self, args);
    (async () => {
      for (const it of signing) {
        if ((await decide('evm', it.method, () => it.params, chainOf(self))) === 'cancel') {
          const err = rpcError(4001);
          const resp = (x) => ({ id: x && x.id, jsonrpc: '2.0', error: { code: 4001, message: REJECT_TEXT } });
          cb(err, isArray(payload) ? payload.map(resp) : resp(payload));
          return;
        }
      }
      forward(t, self, args);
    })();
    return undefined;
  }

  // ---- Solana
  function solBytes(tx) {
    if (tx instanceof AB || isView(tx)) return tx;
    if (tx && typeof tx.serializeMessage === 'function') return tx.serializeMessage(); // legacy Transaction
    if (tx && tx.message && typeof tx.message.serialize === 'function') return tx.message.serialize(); // VersionedTransaction
    if (tx && typeof tx.serialize === 'function') return tx.serialize({ requireAllSignatures: false, verifySignatures: false });
    throw new Error('unknown transaction object');
  }
  const solTx = (tx) => {
    try {
      return bytesB64(solBytes(tx));
    } catch {
      return null; // Rust reports "could not read this request"
    }
  };
  const solReject = () => P.reject(rpcError(4001));
  const SOL_REQ = new Set(['signTransaction', 'signAllTransactions', 'signAndSendTransaction', 'signAndSendAllTransactions']);

  function wrapSolana(p) {
    if (!p || typeof p !== 'object') return;
    for (const m of ['signTransaction', 'signAndSendTransaction']) {
      hook(p, m, (t, self, args) => guarded('solana', m, () => [solTx(args[0])], t, self, args, solReject));
    }
    for (const m of ['signAllTransactions', 'signAndSendAllTransactions']) {
      hook(p, m, (t, self, args) => guarded('solana', m, () => [isArray(args[0]) ? args[0].map(solTx) : null], t, self, args, solReject));
    }
    hook(p, 'request', (t, self, args) => {
      const a = args[0];
      if (!a || typeof a !== 'object' || !SOL_REQ.has(a.method)) return apply(t, self, args);
      return guarded('solana', a.method, () => a.params, t, self, args, solReject);
    });
  }

  // Wallet Standard: wrap the solana:signTransaction / signAndSendTransaction features.
  const stdFeatures = new WM(); // original features object -> our copy
  const STD = { 'solana:signTransaction': 'signTransaction', 'solana:signAndSendTransaction': 'signAndSendTransaction' };
  function wrapFeatures(f) {
    if (!f || typeof f !== 'object') return f;
    const cached = stdFeatures.get(f);
    if (cached) return cached;
    const copy = { ...f };
    for (const [feat, m] of Object.entries(STD)) {
      const ft = f[feat];
      if (!ft || typeof ft[m] !== 'function') continue;
      const fcopy = { ...ft };
      hook(fcopy, m, (t, self, args) => guarded('solana', feat, () => args.map((i) => ({ transaction: solTx(i && i.transaction) })), t, self, args, solReject));
      copy[feat] = fcopy;
    }
    stdFeatures.set(f, copy);
    return copy;
  }
  const stdWallets = new WS();
  function wrapStdWallet(w) {
    if (!w || typeof w !== 'object' || stdWallets.has(w)) return;
    stdWallets.add(w);
    const found = findDesc(w, 'features');
    if (!found) return;
    const get = found.d.get;
    const value = found.d.value;
    try {
      defineProperty(w, 'features', {
        configurable: true,
        enumerable: found.own ? found.d.enumerable : false,
        get() {
          return wrapFeatures(get ? apply(get, this, []) : value);
        },
      });
    } catch {
      warn('Sightline: could not wrap a Wallet Standard wallet; its requests are not checked.');
    }
  }
  const stdApi = freeze({
    register(...wallets) {
      for (const w of wallets) wrapStdWallet(w);
      return () => {};
    },
  });
  apply(addEL, W, ['wallet-standard:register-wallet', (e) => {
    try {
      if (typeof e.detail === 'function') e.detail(stdApi);
    } catch {}
  }]);
  try {
    fire('wallet-standard:app-ready', stdApi);
  } catch {}

  // ---- Tron (TronLink's tronWeb.trx)
  const TRON_DECLINED = 'Confirmation declined by user';
  function wrapTron(tw) {
    let trx;
    try {
      trx = tw && tw.trx;
    } catch {}
    if (!trx || typeof trx !== 'object') return;
    for (const m of ['sign', 'multiSign', 'sendTransaction', 'sendTrx', 'sendToken']) {
      hook(trx, m, (t, self, args) => {
        if (tronBusy.has(self)) return apply(t, self, args);
        const cb = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : null;
        const params = () => (m === 'sign' || m === 'multiSign' ? [args[0]] : [args[0], args[1], m === 'sendToken' ? args[2] : undefined]);
        const reject = () => {
          if (cb) return void cb(TRON_DECLINED);
          return P.reject(TRON_DECLINED);
        };
        // sendTransaction signs through this.sign: the inner call belongs to a decided one.
        const p = decide('tron', m === 'sendTrx' ? 'sendTransaction' : m, params).then((d) => {
          if (d === 'cancel') return reject();
          tronBusy.add(self);
          const r = forward(t, self, args);
          P.resolve(r).then(() => tronBusy.delete(self), () => tronBusy.delete(self));
          return r;
        });
        return cb ? undefined : p;
      });
    }
  }
  const tronBusy = new WS();

  // ---- Bitcoin
  function wrapBtc(p, code) {
    if (!p || typeof p !== 'object') return;
    const reject = () => P.reject(rpcError(code));
    hook(p, 'sendBitcoin', (t, self, args) => guarded('bitcoin', 'sendBitcoin', () => [args[0], args[1]], t, self, args, reject));
    hook(p, 'request', (t, self, args) => {
      const a = args[0];
      const method = typeof a === 'string' ? a : a && typeof a === 'object' ? a.method : null;
      if (method !== 'sendTransfer') return apply(t, self, args);
      return guarded('bitcoin', method, () => (typeof a === 'string' ? args[1] : a.params), t, self, args, reject);
    });
  }

  // ------------------------------------------------------------------ discovery
  function scan() {
    wrapEvm(get(W, 'ethereum'));
    const phantom = get(W, 'phantom');
    wrapSolana(get(phantom, 'solana'));
    wrapEvm(get(phantom, 'ethereum'));
    wrapSolana(get(W, 'solana'));
    wrapTron(get(W, 'tronWeb'));
    wrapTron(get(get(W, 'tronLink'), 'tronWeb'));
    wrapBtc(get(W, 'unisat'), 4001);
    wrapBtc(get(W, 'LeatherProvider'), 4001);
    wrapBtc(get(W, 'btc'), 4001);
    wrapBtc(get(get(W, 'XverseProviders'), 'BitcoinProvider'), -32000);
    wrapBtc(get(W, 'BitcoinProvider'), -32000);
  }

  // window.ethereum assigned later: a configurable accessor (only when ours to add), so a
  // page or wallet can still assign or redefine it; polling and user input catch the rest.
  const ethDesc = getOwnPropertyDescriptor(W, 'ethereum');
  if (!ethDesc || ethDesc.configurable) {
    let value = ethDesc ? ('value' in ethDesc ? ethDesc.value : get(W, 'ethereum')) : undefined;
    try {
      defineProperty(W, 'ethereum', {
        configurable: true,
        enumerable: true,
        get() {
          return value;
        },
        set(v) {
          value = v;
          wrapEvm(v);
        },
      });
    } catch {}
  }

  // EIP-6963: every announced provider; ask early announcers to announce again.
  apply(addEL, W, ['eip6963:announceProvider', (e) => {
    try {
      wrapEvm(e.detail && e.detail.provider);
    } catch {}
  }]);
  const request6963 = () => {
    try {
      fire('eip6963:requestProvider');
    } catch {}
  };

  scan();
  request6963();
  apply(addEL, W, ['DOMContentLoaded', () => {
    scan();
    request6963();
  }, { once: true }]);
  // Poll briefly (fast at first), then re-check on user input, which precedes any request.
  let tick = 0;
  const poll = () => {
    scan();
    tick++;
    if (tick < 200) setT(poll, tick < 40 ? 50 : tick < 100 ? 250 : 1000);
  };
  setT(poll, 0);
  let last = 0;
  const onInput = () => {
    const n = Date.now();
    if (n - last > 100) {
      last = n;
      scan();
    }
  };
  for (const ev of ['pointerdown', 'keydown', 'focusin']) apply(addEL, W, [ev, onInput, { capture: true, passive: true }]);
})();
