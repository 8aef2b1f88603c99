// Built-ins captured at document_start, before any page script runs, and the few safe
// helpers built on them. After start-up the page can patch any prototype, getter or global;
// everything the wallet wrapper does with page values goes through what is captured here
// (called with Reflect.apply), so a patched `Map.prototype.set`, `CustomEvent.prototype.detail`,
// `Promise.prototype.then` or `Object.prototype.get` never sits between a request and its check.
//
// Rules for the other inpage files: no `for...of`, spread or destructuring of arrays (they use
// the page's Array iterator); no `x in y`, `instanceof`, or method calls on page values; object
// literals that reach a built-in (event init, property descriptors, Proxy handlers) have a null
// prototype; strings are only concatenated with strings.
export const W = window;
const O = Object;
export const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, create, freeze } = O;
const dateNow = Date.now;
export const now = () => apply(dateNow, null, []);
export const ObjectProto = O.prototype;
export const FunctionProto = Function.prototype;
export const { apply, ownKeys } = Reflect;
export const stringify = JSON.stringify; // only ever given primitives or null-prototype data
export const parse = JSON.parse;
export const isArray = Array.isArray;
export const isView = ArrayBuffer.isView;
export const U8 = Uint8Array;
export const P = Promise;
export const ProxyC = Proxy;
const ErrorC = Error;
const WSC = WeakSet;
const WMC = WeakMap;
const con = console;
const conWarn = con.warn;
const confirmF = W.confirm;
const setTimeoutF = W.setTimeout;
const clearTimeoutF = W.clearTimeout;
const cryptoObj = W.crypto;
const getRandomValues = Crypto.prototype.getRandomValues;
const bigToString = BigInt.prototype.toString;

const CE = CustomEvent;
const ceDetail = getOwnPropertyDescriptor(CE.prototype, 'detail').get;
const ET = EventTarget.prototype;
const addEL = ET.addEventListener;
const dispatch = ET.dispatchEvent;

const ws = WSC.prototype;
const wsHasF = ws.has;
const wsAddF = ws.add;
const wsDeleteF = ws.delete;
const wm = WMC.prototype;
const wmGetF = wm.get;
const wmSetF = wm.set;

const abLength = getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const sab = typeof SharedArrayBuffer === 'function' ? getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get : null;
const TA = getPrototypeOf(U8.prototype);
const taBuffer = getOwnPropertyDescriptor(TA, 'buffer').get;
const taOffset = getOwnPropertyDescriptor(TA, 'byteOffset').get;
const taLength = getOwnPropertyDescriptor(TA, 'byteLength').get;
const DV = DataView.prototype;
const dvBuffer = getOwnPropertyDescriptor(DV, 'buffer').get;
const dvOffset = getOwnPropertyDescriptor(DV, 'byteOffset').get;
const dvLength = getOwnPropertyDescriptor(DV, 'byteLength').get;
const u8Set = TA.set;

export const weakSet = () => new WSC();
export const wsHas = (s, v) => apply(wsHasF, s, [v]);
export const wsAdd = (s, v) => void apply(wsAddF, s, [v]);
export const wsDelete = (s, v) => void apply(wsDeleteF, s, [v]);
export const weakMap = () => new WMC();
export const wmGet = (m, k) => apply(wmGetF, m, [k]);
export const wmSet = (m, k, v) => void apply(wmSetF, m, [k, v]);

// CustomEvent's own getter; other events (Wallet Standard's RegisterWalletEvent class) define
// `detail` themselves, and that definition is what the sender meant.
export const detailOf = (e) => {
  try {
    return apply(ceDetail, e, []);
  } catch {}
  for (let o = e, i = 0; o !== null && typeof o === 'object' && i < 8; o = getPrototypeOf(o), i++) {
    const d = getOwnPropertyDescriptor(o, 'detail');
    if (d !== undefined) return hasOwn(d, 'value') ? d.value : typeof d.get === 'function' ? apply(d.get, e, []) : undefined;
  }
  return undefined;
};
export const listen = (target, type, fn, opts) => apply(addEL, target, opts === undefined ? [type, fn] : [type, fn, opts]);
export const fire = (type, detail) => apply(dispatch, W, [new CE(type, { __proto__: null, detail })]);
export const setT = (fn, ms) => apply(setTimeoutF, W, [fn, ms]);
export const clearT = (id) => apply(clearTimeoutF, W, [id]);
export const bigintText = (v) => apply(bigToString, v, []);
export const warn = (msg) => {
  try {
    apply(conWarn, con, [msg]);
  } catch {}
};
// The browser's own confirmation box: the page can neither restyle nor cover it.
export const askUser = (msg) => {
  try {
    return apply(confirmF, W, [msg]) === true;
  } catch {
    return false; // sandboxed frame without allow-modals: refuse
  }
};
export const error = (msg, code) => {
  const e = new ErrorC(msg);
  defineProperty(e, 'code', { __proto__: null, value: code, writable: true, enumerable: true, configurable: true });
  return e;
};

const HEX = '0123456789abcdef';
export function randomHex(nBytes) {
  const b = new U8(nBytes);
  apply(getRandomValues, cryptoObj, [b]);
  let s = '';
  for (let i = 0; i < nBytes; i++) s += HEX[b[i] >> 4] + HEX[b[i] & 15];
  return s;
}

/** A fresh Uint8Array copy of an ArrayBuffer or view (brand-checked, not `instanceof`), or null. */
export function bytesOf(v, max) {
  let buf, off, len;
  if (isView(v)) {
    try {
      buf = apply(taBuffer, v, []);
      off = apply(taOffset, v, []);
      len = apply(taLength, v, []);
    } catch {
      buf = apply(dvBuffer, v, []);
      off = apply(dvOffset, v, []);
      len = apply(dvLength, v, []);
    }
  } else {
    if (v === null || typeof v !== 'object') return null;
    try {
      len = apply(abLength, v, []);
    } catch {
      try {
        if (!sab) return null;
        len = apply(sab, v, []);
      } catch {
        return null;
      }
    }
    buf = v;
    off = 0;
  }
  if (len > max) throw new ErrorC('too large');
  const out = new U8(len);
  apply(u8Set, out, [new U8(buf, off, len)]);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export function base64(u) {
  let s = '';
  const n = u.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const x = (u[i] << 16) | (u[i + 1] << 8) | u[i + 2];
    s += B64[x >> 18] + B64[(x >> 12) & 63] + B64[(x >> 6) & 63] + B64[x & 63];
  }
  if (i < n) {
    const x = (u[i] << 16) | (i + 1 < n ? u[i + 1] << 8 : 0);
    s += B64[x >> 18] + B64[(x >> 12) & 63] + (i + 1 < n ? B64[(x >> 6) & 63] : '=') + '=';
  }
  return s;
}

/** A JSON-RPC quantity such as a chain id ("0x" + 1-16 hex digits), checked char by char. */
export function isHexQuantity(s) {
  if (typeof s !== 'string' || s.length < 3 || s.length > 18 || s[0] !== '0' || (s[1] !== 'x' && s[1] !== 'X')) return false;
  for (let i = 2; i < s.length; i++) {
    const c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}
