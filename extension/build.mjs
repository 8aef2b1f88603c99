// Builds the extension from one manifest source into dist/chrome and dist/firefox, and
// zips each (dist/sightline-chrome.zip, dist/sightline-firefox.zip). Node, with two dev
// dependencies (package.json): esbuild, which bundles the page scripts from their modules
// (inpage/, content/, wallet-guard/, with shared/), and terser, which minifies the shipped
// copies of our scripts.
// The sources in extension/ stay as written; no source maps are generated, so none ship.
//
// Inputs: extension/** (this folder), target/pkg/sightline.js + sightline_bg.wasm (from
// build.sh's build_wasm), lists/ofac-sdn.bundle (the signed bundled set).
// Usage: node extension/build.mjs [--no-zip] [--no-minify]
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

import { HOMEPAGE_URL } from './shared/facts.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = join(root, 'dist');
const noZip = process.argv.includes('--no-zip');
const noMinify = process.argv.includes('--no-minify');

// DESIGN.md budget: "content and page-world scripts under 30 KB together". These are the
// scripts injected into every page (page world: inpage.js; isolated world: the other two).
const PAGE_SCRIPTS = ['content.js', 'inpage.js', 'wallet-guard.js'];
const PAGE_BUDGET = 30 * 1024;
// The wasm engine, gzipped (DESIGN.md: under 250 KB; counted in thousands, the stricter).
const WASM_BUDGET = 250_000;

// The oldest Chrome we support: 111 brought `world: "MAIN"` content scripts in the
// manifest; everything else we use (storage.session, alarms, windows.create, offscreen-free
// MV3 service workers, wasm-unsafe-eval) is older.
const CHROME_MIN = '111';

// The Firefox add-on id (AMO needs a stable one; an id in the project's own domain) and the
// oldest release we support: 140
// (an ESR; MV3 world MAIN content scripts came in 128, the built-in data consent key in
// 140 on desktop and 142 on Android).
const GECKO_ID = 'sightline@sightline-project.github.io';
const GECKO_MIN = '140.0';
const GECKO_ANDROID_MIN = '142.0';

// The page scripts are written as ES modules, one job a file, each folder bundled from its
// main.js into one closure (nothing of it is reachable from the page's window; the isolated
// world's two share nothing but what they import). CSS files are imported as text,
// minified by esbuild unless --no-minify (the two style sheets: 7.5 -> 6.4 KB; the page
// scripts 57.8 -> 56.6 KB).
const BUNDLES = { inpage: 'inpage.js', content: 'content.js', 'wallet-guard': 'wallet-guard.js' };
const SKIP = new Set(['build.mjs', 'manifest.json', ...Object.keys(BUNDLES)]);

async function bundlePageScripts(out) {
  const { build, transform } = await import('esbuild');
  const cssAsText = {
    name: 'css-as-text',
    setup(b) {
      b.onLoad({ filter: /\.css$/ }, async (args) => {
        const css = readFileSync(args.path, 'utf8');
        const text = noMinify ? css : (await transform(css, { loader: 'css', minify: true, target: 'chrome120' })).code.trim();
        return { contents: text, loader: 'text' };
      });
    },
  };
  for (const [dir, file] of Object.entries(BUNDLES)) {
    await build({
      entryPoints: [join(here, dir, 'main.js')],
      outfile: join(out, file),
      bundle: true,
      format: 'iife',
      target: 'es2022',
      plugins: [cssAsText],
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
}

function warn(msg) {
  process.stderr.write(`warning: ${msg}\n`);
}

async function loadTerser() {
  try {
    return (await import('terser')).minify;
  } catch (e) {
    throw new Error(`terser is missing (${e.message}): run \`npm ci\` in ${root}, or build with --no-minify`);
  }
}

/** Every .js file under dir, as paths relative to it; pkg/ (wasm-bindgen's glue) is left as generated. */
function ourScripts(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.js')) continue;
    const rel = relative(dir, join(e.parentPath ?? e.path, e.name));
    if (rel.split(/[\\/]/)[0] === 'pkg') continue;
    out.push(rel);
  }
  return out.sort();
}

/**
 * Minifies the copied scripts in place. ES modules (background, popup, options, i18n) get
 * top-level mangling; classic scripts (content scripts, feed-ui.js) keep their top level as
 * is. Property names are never mangled (messages, storage keys and DOM APIs go by name).
 * ascii_only keeps escapes such as \u200b as escapes rather than invisible characters.
 */
async function minifyDir(dir, minify) {
  const sizes = {};
  for (const rel of ourScripts(dir)) {
    const file = join(dir, rel);
    const src = readFileSync(file, 'utf8');
    const module = /^\s*(import|export)\b/m.test(src);
    let res;
    try {
      res = await minify(src, {
        module,
        ecma: 2022,
        compress: { passes: 2 },
        mangle: true,
        format: { comments: false, ascii_only: true },
        sourceMap: false,
      });
    } catch (e) {
      throw new Error(`minifying extension/${rel}: ${e.message}${e.line ? ` (line ${e.line}:${e.col})` : ''}`);
    }
    writeFileSync(file, res.code + '\n');
    sizes[rel] = { before: Buffer.byteLength(src), after: Buffer.byteLength(res.code) + 1 };
  }
  return sizes;
}

/** Prints raw and gzipped sizes of the page scripts (and the total against the budget). */
function reportSizes(dir, sizes) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  let raw = 0;
  let gz = 0;
  console.log('page scripts (dist, raw / gzip -9; source size in brackets):');
  for (const rel of PAGE_SCRIPTS) {
    const p = join(dir, rel);
    if (!existsSync(p)) continue;
    const buf = readFileSync(p);
    const g = gzipSync(buf, { level: 9 }).length;
    raw += buf.length;
    gz += g;
    const src = sizes[rel] ? ` [source ${kb(sizes[rel].before)}]` : '';
    console.log(`  ${rel.padEnd(16)} ${kb(buf.length).padStart(9)} / ${kb(g).padStart(8)}${src}`);
  }
  console.log(`  ${'total'.padEnd(16)} ${kb(raw).padStart(9)} / ${kb(gz).padStart(8)}  (budget ${kb(PAGE_BUDGET)})`);
  if (raw > PAGE_BUDGET) warn(`page scripts are ${kb(raw)} raw, over the ${kb(PAGE_BUDGET)} budget (DESIGN.md)`);
  const wasm = join(dir, 'pkg', 'sightline_bg.wasm');
  if (!existsSync(wasm)) return;
  const wz = gzipSync(readFileSync(wasm), { level: 9 }).length;
  console.log(`wasm engine: ${wz.toLocaleString('en')} B gzipped (budget ${WASM_BUDGET.toLocaleString('en')} B)`);
  if (wz > WASM_BUDGET) warn(`the wasm engine is ${wz.toLocaleString('en')} B gzipped, over the ${WASM_BUDGET.toLocaleString('en')} B budget (DESIGN.md)`);
}

function transform(manifest, browser) {
  const m = structuredClone(manifest);
  m.homepage_url = HOMEPAGE_URL; // one fact: Cargo.toml's homepage, through shared/facts.js
  if (browser === 'firefox') {
    m.background = { scripts: [manifest.background.service_worker], type: 'module' };
    // Sightline collects nothing (DESIGN.md): say so in Firefox's built-in data consent.
    m.browser_specific_settings = {
      gecko: { id: GECKO_ID, strict_min_version: GECKO_MIN, data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: GECKO_ANDROID_MIN },
    };
  } else {
    m.background = { service_worker: manifest.background.service_worker, type: 'module' };
    m.minimum_chrome_version = CHROME_MIN;
    delete m.browser_specific_settings;
  }
  return m;
}

async function build(browser, manifest, minify) {
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
  await bundlePageScripts(out);
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
  const sizes = minify ? await minifyDir(out, minify) : {};
  if (browser === 'chrome') reportSizes(out, sizes);
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
const minify = noMinify ? null : await loadTerser();
for (const browser of ['chrome', 'firefox']) await build(browser, manifest, minify);
