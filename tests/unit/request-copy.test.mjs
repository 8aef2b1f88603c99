// Fuzz of the wallet wrapper's request copy (extension/inpage/copy.js): random dApp-shaped
// values full of what a hostile page uses (counting getters, Proxies whose traps lie on
// later reads or always lie in `get`, inherited enumerable properties, symbols, holes,
// bytes, bigints, throwing getters, cycles), each copied and encoded. Checked for every one:
// the copy is what the first read said (each getter called at most once, a Proxy's `get`
// never used), is made of null-prototype data only, does not change when the page mutates
// its objects afterwards, and encodes to the JSON a plain serialiser gives for that data,
// whatever the page has patched on Object.prototype, Array.prototype or JSON by then.
import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.window = globalThis; // intrinsics.js captures window's built-ins at import
const { snapshot, encode, requestText, UNCOPYABLE, MAX_TEXT } = await import('../../extension/inpage/copy.js');

// A small seeded PRNG (mulberry32): the same cases on every run, the seed printed on failure.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// gen() -> {v: the page's value, want: what the copy must hold, risky: may throw}.
function generator(r) {
  const pick = (n) => Math.floor(r() * n);
  const counters = [];
  const mutators = [];
  const strings = ['0x098B716B8Aaf21512996dC57EB0615e2383E2f96', '', 'é"\\\n\u2028', 'eth_sendTransaction', '0x1', 'TA3rH2…mZdFg', '__proto__', 'toJSON'];
  const key = () => (r() < 0.15 ? strings[pick(strings.length)] || 'k' : 'k' + pick(6));
  function gen(depth) {
    const kind = depth > 4 ? pick(6) : pick(15);
    switch (kind) {
      case 0: return { v: strings[pick(strings.length)], want: null, same: true };
      case 1: { const n = [0, -1, 1.5, 2 ** 53, NaN, Infinity][pick(6)]; return { v: n, same: true }; }
      case 2: return { v: r() < 0.5, same: true };
      case 3: return { v: null, same: true };
      case 4: return { v: undefined, same: true };
      case 5: { const b = BigInt(pick(1e9)) * 10n ** 20n; return { v: b, same: true }; }
      case 6: { const u = new Uint8Array(pick(40)).map(() => pick(256)); return { v: u, want: { bytes: Array.from(u) } }; }
      case 7: { const u = new Uint8Array(16).map(() => pick(256)); return { v: new DataView(u.buffer, 4, 8), want: { bytes: Array.from(u.subarray(4, 12)) } }; }
      case 8: return { v: r() < 0.5 ? Symbol('s') : () => 1, want: { dropped: true } };
      case 9: case 10: { // array, maybe with holes
        const n = pick(5);
        const v = [];
        const want = [];
        let risky = false;
        for (let i = 0; i < n; i++) {
          if (r() < 0.15) { v.length = i + 1; want.push({ want: { dropped: true } }); continue; }
          const e = gen(depth + 1);
          v[i] = e.v;
          want.push(e);
          risky ||= e.risky;
        }
        mutators.push(() => { for (let i = 0; i < v.length; i++) v[i] = 'MUTATED'; v.push('MUTATED'); });
        return { v, want: { array: want }, risky };
      }
      case 11: case 12: { // plain object: own data, a counting getter, non-enumerable and symbol keys, inherited enumerable props
        const proto = r() < 0.3 ? { inherited: 'EVIL' } : Object.prototype;
        const v = Object.create(proto);
        const want = new Map();
        let risky = false;
        for (let i = 0, n = pick(5); i < n; i++) {
          const k = key();
          const e = gen(depth + 1);
          risky ||= e.risky;
          if (r() < 0.3) {
            const c = { n: 0 };
            counters.push(c);
            Object.defineProperty(v, k, { enumerable: true, configurable: true, get() { c.n++; return c.n === 1 ? e.v : 'LATER'; } });
          } else {
            Object.defineProperty(v, k, { value: e.v, enumerable: true, configurable: true, writable: true });
          }
          want.set(k, e);
        }
        Object.defineProperty(v, 'hidden', { value: 'EVIL', enumerable: false });
        v[Symbol('sym')] = 'EVIL';
        mutators.push(() => { for (const k of Object.keys(v)) Object.defineProperty(v, k, { value: 'MUTATED', enumerable: true, configurable: true }); v.added = 'MUTATED'; });
        return { v, want: { object: want }, risky };
      }
      case 13: { // a Proxy: honest descriptors on the first read of each key, lies after; `get` always lies
        const inner = gen(depth + 1);
        if (inner.v === null || typeof inner.v !== 'object' || ArrayBuffer.isView(inner.v)) return inner;
        // (Only configurable properties can be lied about: the engine itself re-reads the
        // target to enforce the invariants of non-configurable ones.)
        const seen = new Set();
        const p = new Proxy(inner.v, {
          get: () => 'EVIL',
          getOwnPropertyDescriptor(t, k) {
            const d = Reflect.getOwnPropertyDescriptor(t, k);
            if (seen.has(k) && d && d.configurable && 'value' in d) return { ...d, value: 'LATER' };
            seen.add(k);
            return d;
          },
        });
        return { ...inner, v: p };
      }
      default: { // rare: a getter that throws, or a cycle
        if (r() < 0.5) {
          const v = {};
          Object.defineProperty(v, 'to', { enumerable: true, get() { throw new Error('page getter'); } });
          return { v, risky: true };
        }
        const v = { a: 1 };
        v.self = v;
        return { v, risky: true };
      }
    }
  }
  return { gen, counters, mutators };
}

// The data a correct copy holds, as plain JSON-able values (bytes -> base64 text, bigints ->
// decimal text), and JSON.stringify of it: what encode() must produce.
function expectedJson(e) {
  const plain = (e) => {
    if (e.same) return typeof e.v === 'bigint' ? e.v.toString() : e.v;
    const w = e.want;
    if (w.bytes) return 'base64:' + Buffer.from(w.bytes).toString('base64');
    if (w.dropped) return undefined;
    if (w.array) return w.array.map(plain);
    const o = {};
    for (const [k, x] of w.object) Object.defineProperty(o, k, { value: plain(x), enumerable: true, writable: true, configurable: true });
    return o;
  };
  return JSON.stringify(plain(e));
}

// Every object in a copy: null prototype, own data properties only; arrays real arrays.
function assertOnlyData(c, path = '$') {
  if (c === null || typeof c !== 'object') return;
  if (c instanceof Uint8Array) return;
  if (Array.isArray(c)) {
    assert.equal(Object.getPrototypeOf(c), Array.prototype, path);
    c.forEach((x, i) => assertOnlyData(x, `${path}[${i}]`));
    return;
  }
  assert.equal(Object.getPrototypeOf(c), null, `${path} has a prototype`);
  for (const k of Reflect.ownKeys(c)) {
    const d = Object.getOwnPropertyDescriptor(c, k);
    assert.ok('value' in d, `${path}.${String(k)} is an accessor`);
    assertOnlyData(d.value, `${path}.${String(k)}`);
  }
}

function withPatchedPage(fn) {
  const saved = { oj: Object.getOwnPropertyDescriptor(Object.prototype, 'toJSON'), aj: Object.getOwnPropertyDescriptor(Array.prototype, 'toJSON'), js: JSON.stringify, it: Array.prototype[Symbol.iterator] };
  Object.defineProperty(Object.prototype, 'toJSON', { value: () => 'EVIL', configurable: true, writable: true });
  Object.defineProperty(Array.prototype, 'toJSON', { value: () => 'EVIL', configurable: true, writable: true });
  Object.defineProperty(Object.prototype, 'to', { get: () => 'EVIL', set() {}, configurable: true, enumerable: true });
  JSON.stringify = () => '"EVIL"';
  Array.prototype[Symbol.iterator] = function* () { yield 'EVIL'; };
  try {
    return fn();
  } finally {
    JSON.stringify = saved.js;
    Array.prototype[Symbol.iterator] = saved.it;
    delete Object.prototype.toJSON;
    delete Array.prototype.toJSON;
    delete Object.prototype.to;
    if (saved.oj) Object.defineProperty(Object.prototype, 'toJSON', saved.oj);
    if (saved.aj) Object.defineProperty(Array.prototype, 'toJSON', saved.aj);
  }
}

test('fuzz: 3,000 hostile request values copy to what the first read said, and encode as plain JSON whatever the page patched', () => {
  let copied = 0;
  let refused = 0;
  for (let seed = 1; seed <= 3000; seed++) {
    const { gen, counters, mutators } = generator(rng(seed));
    const e = gen(0);
    let c;
    try {
      c = snapshot(e.v);
    } catch (err) {
      assert.ok(e.risky, `seed ${seed}: refused a value with no throwing getter or cycle: ${err && err.message}`);
      assert.ok(err === UNCOPYABLE || (err instanceof Error && err.message === 'page getter'), `seed ${seed}: unexpected error ${err === UNCOPYABLE ? "UNCOPYABLE" : String(err)}`);
      refused++;
      continue;
    }
    copied++;
    for (const k of counters) assert.ok(k.n <= 1, `seed ${seed}: a getter was called ${k.n} times`);
    assertOnlyData(c);
    const want = expectedJson(e);
    for (const m of mutators) m();
    const got = withPatchedPage(() => encode(c));
    assert.equal(got, want, `seed ${seed}`);
  }
  console.log(`# request-copy fuzz: ${copied} copied, ${refused} refused (throwing getter or cycle)`);
  assert.ok(copied > 2000 && refused > 0);
});

test('requestText caps the size: a request over the limit becomes a tooLarge marker, never a cut-off text', () => {
  const big = snapshot({ method: 'eth_sendTransaction', params: [{ data: '0x' + 'ab'.repeat(MAX_TEXT) }] });
  assert.deepEqual(JSON.parse(requestText('evm', 'eth_sendTransaction', big.params)), { family: 'evm', method: 'eth_sendTransaction', tooLarge: true });
  const small = snapshot({ params: [{ to: '0x1', value: 10n }] });
  assert.deepEqual(JSON.parse(requestText('evm', 'eth_sendTransaction', small.params)), { family: 'evm', method: 'eth_sendTransaction', params: [{ to: '0x1', value: '10' }] });
});

test('a deep or wide value is refused, not walked forever', () => {
  let deep = {};
  for (let i = 0; i < 100; i++) deep = { d: deep };
  assert.throws(() => snapshot(deep), (e) => e === UNCOPYABLE);
  const wide = new Array(200000).fill(0);
  assert.throws(() => snapshot(wide), (e) => e === UNCOPYABLE);
});
