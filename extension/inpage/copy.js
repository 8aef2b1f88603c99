// One deep copy of what a dApp passes, read once, and its JSON text for the check.
//
// The copy is what gets checked AND what the wallet receives, so a getter that answers
// differently on its second read, a Proxy, or a page that edits its objects while the user
// decides cannot change the request after it was checked. Each own enumerable string-keyed
// property is read exactly once (a getter is called once; a Proxy sees one
// getOwnPropertyDescriptor per key, as a reactive Vue object expects). Objects become
// null-prototype objects (so neither the wallet nor our encoder ever meets an inherited
// `toJSON` or a getter planted on Object.prototype), arrays fresh arrays, byte arrays fresh
// Uint8Arrays; bigints, functions and other primitives are kept as they are.
import { apply, create, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, isArray, isView, ownKeys, stringify, weakSet, wsAdd, wsDelete, wsHas, bytesOf, base64, bigintText } from './intrinsics.js';

import { MAX_REQUEST_BYTES } from '../shared/facts.js';

// In UTF-16 units, which never outnumber a text's UTF-8 bytes: nothing the engine would
// take (MAX_REQUEST_BYTES, in bytes) is refused here.
export const MAX_TEXT = MAX_REQUEST_BYTES;
const MAX_NODES = 100000;
const MAX_DEPTH = 32;
const ABSENT = create(null);
// Thrown (and caught by the callers) instead of a page-replaceable global error class.
export const UNCOPYABLE = create(null);

function own(o, k) {
  const d = getOwnPropertyDescriptor(o, k);
  if (d === undefined || d.enumerable !== true) return ABSENT;
  if (hasOwn(d, 'value')) return d.value;
  return typeof d.get === 'function' ? apply(d.get, o, []) : undefined;
}

function arrayLength(a) {
  const d = getOwnPropertyDescriptor(a, 'length');
  const n = d && hasOwn(d, 'value') ? d.value : 0;
  if (typeof n !== 'number' || n < 0 || n > MAX_NODES) throw UNCOPYABLE;
  return n;
}

function put(o, k, v) {
  defineProperty(o, k, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true });
}

function copy(v, depth, st) {
  const t = typeof v;
  if (t !== 'object' || v === null) return t === 'symbol' ? undefined : v;
  if (--st.n < 0 || depth > MAX_DEPTH) throw UNCOPYABLE;
  const bytes = bytesOf(v, MAX_TEXT);
  if (bytes) return bytes;
  if (wsHas(st.seen, v)) throw UNCOPYABLE;
  wsAdd(st.seen, v);
  let out;
  if (isArray(v)) {
    out = [];
    const n = arrayLength(v);
    for (let i = 0; i < n; i++) {
      const x = own(v, '' + i);
      put(out, i, x === ABSENT ? undefined : copy(x, depth + 1, st));
    }
  } else {
    out = create(null);
    const keys = ownKeys(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (typeof k !== 'string') continue;
      const x = own(v, k);
      if (x !== ABSENT) out[k] = copy(x, depth + 1, st);
    }
  }
  wsDelete(st.seen, v);
  return out;
}

/** The deep copy of `v`; throws when it is cyclic, too large, or a getter throws. */
export function snapshot(v) {
  return copy(v, 0, { __proto__: null, n: MAX_NODES, seen: weakSet() });
}

/** Shallow: own enumerable properties read once, values kept by reference. */
export function shallow(v) {
  if (v === null || typeof v !== 'object') return v;
  const out = create(null);
  const keys = ownKeys(v);
  for (let i = 0; i < keys.length && i < 64; i++) {
    const k = keys[i];
    if (typeof k !== 'string') continue;
    const x = own(v, k);
    if (x !== ABSENT) out[k] = x;
  }
  return out;
}

/**
 * JSON text of a copy (bytes -> "base64:...", bigint -> decimal string, functions and
 * undefined dropped as JSON.stringify would). Walks only our own copies, whose properties are
 * all own data properties, so nothing the page defined is consulted.
 */
export function encode(v) {
  const t = typeof v;
  if (v === null) return 'null';
  if (t === 'string' || t === 'number') return stringify(v);
  if (t === 'boolean') return v ? 'true' : 'false';
  if (t === 'bigint') return stringify(bigintText(v));
  if (t !== 'object') return undefined;
  if (isView(v)) return '"base64:' + base64(v) + '"';
  if (isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) {
      const e = encode(v[i]);
      s += (i ? ',' : '') + (e === undefined ? 'null' : e);
    }
    return s + ']';
  }
  let s = '{';
  let first = true;
  const keys = ownKeys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k !== 'string') continue;
    const e = encode(v[k]);
    if (e === undefined) continue;
    s += (first ? '' : ',') + stringify(k) + ':' + e;
    first = false;
  }
  return s + '}';
}

/** The request text the engine reads: {family, method, params, ...extra}, capped in size. */
export function requestText(family, method, params, extra) {
  const o = create(null);
  o.family = family;
  o.method = method;
  if (params !== undefined) o.params = params;
  if (extra) {
    const keys = ownKeys(extra);
    for (let i = 0; i < keys.length; i++) o[keys[i]] = extra[keys[i]];
  }
  const text = encode(o);
  return text.length <= MAX_TEXT ? text : encode({ __proto__: null, family, method, tooLarge: true });
}

/** The text for a request that could not be copied (a getter threw, a cycle, too many nodes). */
export const unreadableText = (family, method) => encode({ __proto__: null, family, method: typeof method === 'string' ? method : '', unreadable: true });

/**
 * One property of a page object (a provider's `chainId`, `providers`, `trx`, ...), read once
 * where it is defined: an own or inherited data property, or its getter called once.
 */
export function readProp(obj, key) {
  let o = obj;
  for (let i = 0; o !== null && (typeof o === 'object' || typeof o === 'function') && i < 8; i++) {
    try {
      const d = getOwnPropertyDescriptor(o, key);
      if (d !== undefined) return hasOwn(d, 'value') ? d.value : typeof d.get === 'function' ? apply(d.get, obj, []) : undefined;
      o = getPrototypeOf(o);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
