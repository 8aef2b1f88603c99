// Two or more wasm builds (wasm-bindgen --target web output dirs) timed in one node run,
// interleaved round by round, the least of 15 rounds each: the packaged bundle's load (with
// its signature check), scanPacked over 2 MB of page prose with distinct addresses, and the
// 37 EVM wallet-request vectors. For build and size choices (Cargo.toml's wasm profile):
//   node benches/wasm_ab.mjs target/pkg /tmp/pkg-other
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
const R = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bundle = fs.readFileSync(path.join(R, 'lists/ofac-sdn.bundle'));
const pool = JSON.parse(fs.readFileSync(path.join(R, 'tests/vectors/scan/pool.json'))).addresses;
const evm = JSON.parse(fs.readFileSync(path.join(R, 'tests/vectors/tx/evm.json')));
const reqs = evm.map((v) => JSON.stringify(v.request));
const words = 'the quick brown fox jumps over a lazy dog and sends funds to wallet account address '.split(' ');
const texts = [];
for (let i = 0; i < 4000; i++) {
  let t = '';
  for (let k = 0; k < 80; k++) t += words[(i * 7 + k) % words.length] + ' ';
  t += pool[i % pool.length] + ' ' + '0x' + ((i * 2654435761) >>> 0).toString(16).padStart(8, '0') + 'ab'.repeat(16);
  texts.push(t);
}
const joined = texts.join('\u0000');
const builds = [];
for (const dir of process.argv.slice(2)) {
  const m = await import(pathToFileURL(path.join(dir, 'sightline.js')).href + '?' + dir);
  await m.default({ module_or_path: fs.readFileSync(path.join(dir, 'sightline_bg.wasm')) });
  builds.push({ dir, m, e: m.Engine.fromPackagedBundle(bundle), t: { load: [], scan: [], check: [] } });
}
// Wall time: run it on a quiet machine (other load only adds time, so the least is kept).
const time = (f, n) => { const t0 = performance.now(); for (let i = 0; i < n; i++) f(); return (performance.now() - t0) / n; };
for (let round = 0; round < 15; round++) {
  for (const b of builds) {
    b.t.load.push(time(() => b.m.Engine.fromPackagedBundle(bundle).free(), 20));
    b.t.scan.push(time(() => b.e.scanPacked(joined), 2));
    b.t.check.push(time(() => { for (const r of reqs) b.e.checkRequest(r); }, 20));
  }
}
const min = (a) => Math.min(...a).toFixed(3);
for (const b of builds) console.log(b.dir, `${gzipSync(fs.readFileSync(path.join(b.dir, 'sightline_bg.wasm')), { level: 9 }).length} B gzipped;`, 'load', min(b.t.load), 'ms; scan', (joined.length / 1e6).toFixed(1), 'MB', min(b.t.scan), `ms; ${reqs.length} checks`, min(b.t.check), 'ms');
