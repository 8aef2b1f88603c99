// Shared setup of the feed and www end-to-end tests: a wasm engine that pins the TEST
// publisher key (tests/keys/test.pub), a test copy of the Chrome extension using it, test
// bundles signed with the test key (and one with a wrong key), and a feed server.
//
// Nothing here touches dist/: the test wasm is built with its own cargo target dir
// (target/test-key) and everything else goes to target/test-ext/.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, DIST_CHROME } from './lib.mjs';

export const TEST_KEY = join(ROOT, 'tests', 'keys', 'test.key');
export const TEST_PUB = join(ROOT, 'tests', 'keys', 'test.pub');
export const OUT = join(ROOT, 'target', 'test-ext');

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...opts });
}

/** The CLI: release build when ./build.sh made one, else a debug build. */
export function cli() {
  const release = join(ROOT, 'target', 'release', 'sightline');
  if (existsSync(release)) return release;
  run('cargo', ['build', '--bin', 'sightline'], { stdio: 'inherit' });
  return join(ROOT, 'target', 'debug', 'sightline');
}

let pkgDir = null;
/** wasm-bindgen output of an engine that pins the test key: target/test-ext/pkg. */
export function testPkg() {
  if (pkgDir) return pkgDir;
  const hex = readFileSync(TEST_PUB, 'utf8').trim();
  run('cargo', ['build', '--profile', 'wasm', '--target', 'wasm32-unknown-unknown', '--lib', '--no-default-features',
    '--target-dir', join(ROOT, 'target', 'test-key')], {
    stdio: 'inherit',
    env: { ...process.env, SIGHTLINE_PUBLISHER_KEY_HEX: hex },
  });
  pkgDir = join(OUT, 'pkg');
  rmSync(pkgDir, { recursive: true, force: true });
  run('wasm-bindgen', ['--target', 'web', '--out-dir', pkgDir,
    join(ROOT, 'target', 'test-key', 'wasm32-unknown-unknown', 'wasm', 'sightline.wasm')]);
  return pkgDir;
}

/**
 * A copy of dist/chrome whose engine pins the test key for feed updates. Its packaged set
 * stays the real lists/ofac-sdn.bundle (verified against the key that signed it), unless
 * `packagedBundle` replaces it. Returns its directory.
 */
export function testExtension(name, packagedBundle = null) {
  if (!existsSync(join(DIST_CHROME, 'manifest.json'))) throw new Error('dist/chrome is missing: run ./build.sh first');
  const pkg = testPkg();
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(DIST_CHROME, dir, { recursive: true });
  // The current sources over the last build (dist/ may predate the newest feed files).
  const src = join(ROOT, 'extension');
  cpSync(src, dir, { recursive: true, filter: (p) => !/[\\/](build\.mjs|manifest\.json)$/.test(p) });
  rmSync(join(dir, 'pkg'), { recursive: true, force: true });
  cpSync(pkg, join(dir, 'pkg'), { recursive: true });
  if (packagedBundle) writeFileSync(join(dir, 'lists', 'ofac-sdn.bundle'), packagedBundle);
  return dir;
}

/** A fresh key pair that no build trusts (for "wrongly signed"). */
export function wrongKey(dir) {
  rmSync(dir, { recursive: true, force: true });
  run(cli(), ['list', 'keygen', '--out', dir]);
  return join(dir, 'publisher.key');
}

/**
 * Builds a bundle from CSV rows [address, label, program] with the CLI: returns its bytes.
 * opts: sequence, sourceDate (YYYY-MM-DD), key (default the test key).
 */
export function buildBundle(work, rows, { sequence, sourceDate, key = TEST_KEY }) {
  mkdirSync(work, { recursive: true });
  const csv = join(work, `input-${sequence}.csv`);
  writeFileSync(csv, rows.map((r) => r.join(',')).join('\n') + '\n');
  const out = join(work, `built-${sequence}-${Math.random().toString(36).slice(2)}.bundle`);
  run(cli(), ['list', 'build', '--from', csv, '--out', out, '--sequence', String(sequence), '--key', key,
    '--source-date', sourceDate]);
  return readFileSync(out);
}

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest `sightline list publish` writes, for `bytes` served at `url`. */
export function manifestFor(bytes, { sequence, sourceDate, url }) {
  return {
    sequence,
    source: 'OFAC SDN list',
    source_date: sourceDate,
    generated_at: `${sourceDate}T00:00:00Z`,
    size: bytes.length,
    sha256: sha256(bytes),
    url,
  };
}

/** YYYY-MM-DD of `days` ago (UTC). */
export function daysAgo(days) {
  return new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);
}

/**
 * A feed server on 127.0.0.1 whose content the test swaps: `set({manifest, files})` where
 * manifest is an object (served as JSON), a string/Buffer (served as is), null (404) or
 * 'hang' (the request never gets an answer), and
 * files maps '/feed/bundles/N.bundle' to bytes. Sends `Access-Control-Allow-Origin: *`, as
 * GitHub Pages does. Records every request (method, path, headers).
 */
export async function feedServer() {
  const state = { manifest: null, files: new Map() };
  const requests = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push({ method: req.method, path, headers: { ...req.headers } });
    const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (path === '/feed/latest.json' && state.manifest === 'hang') return; // never answers
    // Hostile feeds: an endless body without Content-Length; a body that trickles forever;
    // a redirect to another host (which records whether it was ever asked).
    if (path === '/feed/latest.json' && (state.manifest === 'endless' || state.manifest === 'trickle')) {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      const chunk = Buffer.alloc(state.manifest === 'endless' ? 1 << 20 : 16, 0x20);
      let sent = 0;
      const more = () => {
        if (res.destroyed || sent > 4 * 2 ** 30) return res.end();
        sent += chunk.length;
        if (state.manifest === 'endless') res.write(chunk) ? setImmediate(more) : res.once('drain', more);
        else res.write(chunk, () => setTimeout(more, 200));
      };
      state.streamed = () => sent;
      res.on('close', () => (state.closedAfter = sent));
      return more();
    }
    if (path === '/feed/latest.json' && typeof state.manifest === 'object' && state.manifest && state.manifest.redirect) {
      res.writeHead(302, { ...cors, location: state.manifest.redirect });
      return res.end();
    }
    if (path === '/feed/latest.json' && state.manifest != null) {
      const body = typeof state.manifest === 'object' && !Buffer.isBuffer(state.manifest)
        ? JSON.stringify(state.manifest, null, 2)
        : state.manifest;
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      return res.end(body);
    }
    if (state.files.has(path)) {
      res.writeHead(200, { ...cors, 'content-type': 'application/octet-stream' });
      return res.end(state.files.get(path));
    }
    res.writeHead(404, { ...cors, 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    manifestUrl: `${origin}/feed/latest.json`,
    requests,
    /** Bytes sent by the last endless/trickle answer when the client went away (or null). */
    closedAfter: () => state.closedAfter ?? null,
    set({ manifest, files = {} }) {
      state.manifest = manifest;
      state.closedAfter = null;
      for (const [p, b] of Object.entries(files)) state.files.set(p, b);
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

export function fileSize(p) {
  return statSync(p).size;
}
