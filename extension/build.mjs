// Builds the extension from one manifest source into dist/chrome and dist/firefox, and
// zips each (dist/sightline-chrome.zip, dist/sightline-firefox.zip). Node only, no deps.
//
// Inputs: extension/** (this folder), target/pkg/sightline.js + sightline_bg.wasm (from
// build.sh's build_wasm), lists/ofac-sdn.bundle (the signed bundled set).
// Usage: node extension/build.mjs [--no-zip]
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = join(root, 'dist');
const noZip = process.argv.includes('--no-zip');

// The Firefox add-on id (AMO needs a stable one) and the oldest release we support: 140
// (an ESR; MV3 world MAIN content scripts came in 128, the built-in data consent key in
// 140 on desktop and 142 on Android).
const GECKO_ID = 'sightline@sightline.invalid';
const GECKO_MIN = '140.0';
const GECKO_ANDROID_MIN = '142.0';

// Files written by other parts of the project; a placeholder keeps the manifest valid
// when they are not there yet.
const PLACEHOLDERS = {
  'inpage.js': '// Page-world wallet wrapper (not built yet).\n',
  'wallet-guard.js': '// Wallet request relay (not built yet).\n',
  'background/wallet.js': 'export const handlers = {};\n',
  'background/feed.js': 'export const handlers = {};\nexport function start() {}\n',
};

const SKIP = new Set(['build.mjs', 'manifest.json']);

function warn(msg) {
  process.stderr.write(`warning: ${msg}\n`);
}

function transform(manifest, browser) {
  const m = structuredClone(manifest);
  if (browser === 'firefox') {
    m.background = { scripts: [manifest.background.service_worker], type: 'module' };
    // Sightline collects nothing (DESIGN.md): say so in Firefox's built-in data consent.
    m.browser_specific_settings = {
      gecko: { id: GECKO_ID, strict_min_version: GECKO_MIN, data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: GECKO_ANDROID_MIN },
    };
  } else {
    m.background = { service_worker: manifest.background.service_worker, type: 'module' };
    delete m.browser_specific_settings;
  }
  return m;
}

function build(browser, manifest) {
  const out = join(dist, browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(here, out, {
    recursive: true,
    filter: (src) => {
      const rel = src.slice(here.length + 1);
      return !SKIP.has(rel);
    },
  });
  for (const [rel, text] of Object.entries(PLACEHOLDERS)) {
    const p = join(out, rel);
    if (!existsSync(p)) {
      warn(`extension/${rel} is missing; writing a placeholder`);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
  }
  // The wasm engine and its glue.
  const pkg = join(root, 'target', 'pkg');
  for (const f of ['sightline.js', 'sightline_bg.wasm']) {
    const src = join(pkg, f);
    if (!existsSync(src)) {
      throw new Error(`${src} is missing: run ./build.sh (build_wasm) first`);
    }
    mkdirSync(join(out, 'pkg'), { recursive: true });
    cpSync(src, join(out, 'pkg', f));
  }
  // The signed bundled set.
  const bundle = join(root, 'lists', 'ofac-sdn.bundle');
  mkdirSync(join(out, 'lists'), { recursive: true });
  if (existsSync(bundle)) {
    cpSync(bundle, join(out, 'lists', 'ofac-sdn.bundle'));
  } else {
    warn('lists/ofac-sdn.bundle is missing: the extension will detect addresses but flag none until a bundle is built');
  }
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(transform(manifest, browser), null, 2) + '\n');
  if (!noZip) {
    const zip = join(dist, `sightline-${browser}.zip`);
    rmSync(zip, { force: true });
    execFileSync('zip', ['-q', '-r', '-X', zip, '.'], { cwd: out, stdio: 'inherit' });
    console.log(`${browser}: dist/${browser}/ and dist/sightline-${browser}.zip (${statSync(zip).size} bytes)`);
  } else {
    console.log(`${browser}: dist/${browser}/`);
  }
}

const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
mkdirSync(dist, { recursive: true });
for (const browser of ['chrome', 'firefox']) build(browser, manifest);
