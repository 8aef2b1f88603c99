// The index scaling benchmark, wasm vs JS, in one node run. For 1k, 100k, 1M and 10M
// synthetic EVM addresses it times Sightline's sanctions set inside wasm through the API the
// engine uses, LoadedSet (src/web/index_bench.rs, from the build in target/pkg-bench
// (./build.sh bench); SIGHTLINE_PKG=<dir> for another), and a JS Set<string> holding the
// same canonical addresses ("0x" + 40 lowercase hex), and prints memory per address, load
// time, ns per lookup (hits and misses) and ratios.
//
//   node benches/peers/index.mjs [MAX_N]        (re-runs itself with --expose-gc and a
//                                                larger heap when needed)
//
// What is measured:
// - wasm load: signed bundle bytes (20 bytes per address) -> LoadedSet::from_bundle_with
//   (signature check + full parse + key table), timed around one wasm call; "(no sig)" is
//   the same without the signature check. JS load: new Set(array of the strings).
// - wasm memory: LoadedSet::listing_bytes, everything its lookups use: the key table's
//   slots (each a tag and the key's 20 bytes, copied out of the bundle, which is not kept;
//   empty slots included) and the group records; "overhead" is that less the 20 key bytes. Beside it the wasm
//   linear memory after the 10M load (it never shrinks: the bundle and the build's scratch
//   were in it). JS memory: V8 heap growth for the Set and its strings, after full GCs.
// - lookups: 1M queries per kind, all inside wasm in one call (no per-lookup boundary
//   crossing): LoadedSet::lookup one at a time (the hits with entity, asset codes and
//   date; what every verdict calls), and LoadedSet::contains_many, 1024 keys per call;
//   vs set.has() over fresh query strings (so V8 must hash each, as the index must hash
//   each key). Neither side parses or canonicalises addresses here.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath,
    ['--expose-gc', '--max-old-space-size=16000', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = process.env.SIGHTLINE_PKG || path.join(ROOT, 'target', 'pkg-bench');
const sl = await import(pathToFileURL(path.join(pkg, 'sightline.js')).href);
const wasm = await sl.default({ module_or_path: fs.readFileSync(path.join(pkg, 'sightline_bg.wasm')) });
for (const f of ['indexBenchBuild', 'indexBenchKeyText', 'indexBenchLoadSet']) {
  if (typeof sl[f] !== 'function') throw new Error(`${pkg}: the wasm build lacks ${f} (src/web/index_bench.rs)`);
}
const MAX_N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000_000);
const QUERIES = 1_000_000;
const SEED = 1, MISS_SEED = 2;
const REPS = 5;

// The same generator as src/list/index.rs `synth` (checked against wasm below).
function lowbias32(x) {
  x ^= x >>> 16; x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15; x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
const HEXC = new TextEncoder().encode('0123456789abcdef');
const buf = Buffer.alloc(42);
buf[0] = 0x30; buf[1] = 0x78; // "0x"
function keyText(seed, i) {
  const base = (Math.imul(i, 5) + Math.imul(seed, 0x9e3779b9)) >>> 0;
  let o = 2;
  for (let j = 0; j < 5; j++) {
    const w = lowbias32((base + j) >>> 0);
    for (let k = 0; k < 4; k++) {
      const b = (w >>> (8 * k)) & 255;
      buf[o++] = HEXC[b >>> 4]; buf[o++] = HEXC[b & 15];
    }
  }
  return buf.latin1Slice(0, 42); // a flat one-byte string, as text from a page would be
}
for (const [s, i] of [[1, 0], [1, 7], [1, 9_999_999], [2, 123456]]) {
  const a = keyText(s, i), b = sl.indexBenchKeyText(s, i);
  if (a !== b) throw new Error(`JS and wasm generators disagree at (${s}, ${i}): ${a} vs ${b}`);
}

const now = () => performance.now();
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
const fmt = (x, d = 1) => x.toFixed(d);

// Today's list: bytes to ready LoadedSet in wasm.
{
  const bytes = fs.readFileSync(path.join(ROOT, 'lists', 'ofac-sdn.bundle'));
  const pub = fs.readFileSync(path.join(ROOT, 'lists', 'publisher.pub'), 'utf8').trim();
  let best = Infinity, entries = 0;
  for (let r = 0; r < 30; r++) {
    const t = now();
    entries = sl.indexBenchLoadSet(bytes, pub);
    best = Math.min(best, now() - t);
  }
  console.log(`today's list (lists/ofac-sdn.bundle, ${bytes.length} bytes, ${entries} entries): ` +
    `load in wasm (verify + parse + key table) ${fmt(best, 2)} ms, goal < 1 ms: ${best < 1 ? 'PASS' : 'FAIL'}`);
}

const rows = [];
for (const n of [1_000, 100_000, 1_000_000, 10_000_000]) {
  if (n > MAX_N) break;
  // ---- wasm
  const b = sl.indexBenchBuild(n, SEED);
  const runs = n >= 1_000_000 ? 2 : 10;
  let loadV = Infinity, loadU = Infinity;
  for (let r = 0; r < runs; r++) {
    let t = now(); b.load(false); loadU = Math.min(loadU, now() - t);
    t = now(); b.load(true); loadV = Math.min(loadV, now() - t);
  }
  const memB = b.listingBytes() / n, bundleB = b.bundleSize() / n;
  // Best of REPS: the machine may be shared; the minimum is the least disturbed run.
  const time = (fn) => {
    let best = Infinity, f = 0;
    for (let r = 0; r < REPS; r++) { const t = now(); f = fn(); best = Math.min(best, now() - t); }
    return [best * 1e6 / QUERIES, f];
  };
  b.prepareQueries(QUERIES, true, MISS_SEED);
  b.lookupMany(0); // warm
  const [wHit, fh] = time(() => b.lookupMany(0));
  const [wHitB, fhb] = time(() => b.lookupMany(1));
  b.prepareQueries(QUERIES, false, MISS_SEED);
  const [wMiss, fm] = time(() => b.lookupMany(0));
  const [wMissB, fmb] = time(() => b.lookupMany(1));
  if (fh !== QUERIES || fhb !== QUERIES || fm !== 0 || fmb !== 0) {
    throw new Error(`wasm lookups wrong: ${fh} ${fhb} ${fm} ${fmb}`);
  }
  const wasmMem = wasm.memory.buffer.byteLength;
  b.free();

  // ---- JS Set of the same strings
  const h0 = heap();
  let arr = new Array(n);
  for (let i = 0; i < n; i++) arr[i] = keyText(SEED, i);
  let t = now();
  let set = new Set(arr);
  const jsLoad = now() - t;
  arr = null;
  const jsB = (heap() - h0) / n;
  // Fresh query strings for every repetition: V8 caches a string's hash after the first
  // has(), and the index must hash every key too.
  let jHit = Infinity, jMiss = Infinity;
  for (let r = 0; r < REPS; r++) {
    let q = new Array(QUERIES);
    for (let k = 0; k < QUERIES; k++) q[k] = keyText(SEED, lowbias32((k ^ 0x5555) >>> 0) % n);
    let found = 0;
    t = now(); for (let k = 0; k < QUERIES; k++) found += set.has(q[k]); jHit = Math.min(jHit, (now() - t) * 1e6 / QUERIES);
    if (found !== QUERIES) throw new Error(`JS hits wrong: ${found}`);
    for (let k = 0; k < QUERIES; k++) q[k] = keyText(MISS_SEED, k);
    found = 0;
    t = now(); for (let k = 0; k < QUERIES; k++) found += set.has(q[k]); jMiss = Math.min(jMiss, (now() - t) * 1e6 / QUERIES);
    if (found !== 0) throw new Error(`JS misses wrong: ${found}`);
    q = null;
  }
  set = null;
  heap();
  rows.push({ n, bundleB, loadV, loadU, memB, wMiss, wHit, wMissB, wHitB, jsB, jsLoad, jMiss, jHit, wasmMem });
  console.error(`  done n=${n}`);
}

const pad = (s, w) => String(s).padStart(w);
console.log('\nwasm: LoadedSet (bundle bytes -> verified, parsed, key table); JS: Set<string> of the same canonical addresses');
console.log([pad('addresses', 10), pad('bundle', 7), pad('wasm load', 10), pad('(no sig)', 9), pad('JS load', 8),
  pad('set', 6), pad('overhead', 8), pad('JS Set', 7), pad('JS/set', 7),
  pad('miss', 7), pad('hit', 7), pad('batch miss', 10), pad('batch hit', 9),
  pad('JS miss', 8), pad('JS hit', 7)].join(' | '));
console.log([pad('', 10), pad('B/addr', 7), pad('ms', 10), pad('ms', 9), pad('ms', 8),
  pad('B/addr', 6), pad('B/addr', 8), pad('B/addr', 7), pad('', 7),
  pad('ns', 7), pad('ns', 7), pad('ns', 10), pad('ns', 9), pad('ns', 8), pad('ns', 7)].join(' | '));
for (const r of rows) {
  console.log([pad(r.n, 10), pad(fmt(r.bundleB, 2), 7), pad(fmt(r.loadV, 2), 10), pad(fmt(r.loadU, 2), 9), pad(fmt(r.jsLoad, 2), 8),
    pad(fmt(r.memB, 2), 6), pad(fmt(r.memB - 20, 2), 8), pad(fmt(r.jsB, 1), 7), pad(`${fmt(r.jsB / r.memB)}x`, 7),
    pad(fmt(r.wMiss), 7), pad(fmt(r.wHit), 7), pad(fmt(r.wMissB), 10), pad(fmt(r.wHitB), 9),
    pad(fmt(r.jMiss), 8), pad(fmt(r.jHit), 7)].join(' | '));
}
const last = rows[rows.length - 1];
if (last) {
  console.log(`\nat ${last.n}: lookup ratio JS/wasm misses ${fmt(last.jMiss / last.wMiss, 2)}x (batched ${fmt(last.jMiss / last.wMissB, 2)}x), ` +
    `hits ${fmt(last.jHit / last.wHit, 2)}x (batched ${fmt(last.jHit / last.wHitB, 2)}x); wasm linear memory after the loads ${fmt(last.wasmMem / 2 ** 20, 0)} MiB`);
  const ok = (x, goal) => `${x < goal ? 'PASS' : 'FAIL'} (${fmt(x)})`;
  console.log(`goals at ${last.n}: single lookup < 150 ns: misses ${ok(last.wMiss, 150)}, hits ${ok(last.wHit, 150)}; ` +
    `batched < 100 ns: misses ${ok(last.wMissB, 100)}, hits ${ok(last.wHitB, 100)}; load < 2000 ms: ${ok(last.loadV, 2000)}; ` +
    `listings <= 12 B/address beside their 20 key bytes: ${ok(last.memB - 20, 12.0001)}; ` +
    `memory ${fmt(last.jsB / last.memB)}x less than the JS Set, keys included`);
}
