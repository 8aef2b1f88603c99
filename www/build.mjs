// Builds the static site into dist/www: the pages and their scripts from www/, the wasm
// engine (target/pkg), the icons, the screenshots (docs/screenshots), the extension zips
// (dist/sightline-*.zip, for the install links) and the published feed (www/feed).
//
// Usage: node www/build.mjs [--out <dir>] [--pkg <dir>] [--feed <dir>]
//   --out   where to write the site (default dist/www)
//   --pkg   the wasm-bindgen output to use (default target/pkg); tests pass a test-key build
//   --feed  a feed directory to publish instead of www/feed (tests pass a test-key feed)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const www = join(root, 'www');

function opt(name, dflt) {
  const i = process.argv.indexOf(name);
  if (i < 0) return dflt;
  const v = process.argv[i + 1];
  if (!v) throw new Error(`${name} needs a value`);
  return resolve(v);
}

const out = opt('--out', join(root, 'dist', 'www'));
const pkg = opt('--pkg', join(root, 'target', 'pkg'));
const feed = opt('--feed', join(www, 'feed'));

function warn(msg) {
  process.stderr.write(`warning: ${msg}\n`);
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(www, out, {
  recursive: true,
  filter: (p) => {
    const rel = p.slice(www.length + 1);
    return rel !== 'build.mjs' && rel !== 'feed' && !rel.startsWith('feed/');
  },
});

// The wasm engine and its glue (the checker and the list browser run it in the page).
for (const f of ['sightline.js', 'sightline_bg.wasm']) {
  const src = join(pkg, f);
  if (!existsSync(src)) throw new Error(`${src} is missing: run ./build.sh (build_wasm) first`);
  mkdirSync(join(out, 'pkg'), { recursive: true });
  cpSync(src, join(out, 'pkg', f));
}

// The facts the site shares with the extension (generated from the Rust core).
cpSync(join(root, 'extension', 'shared', 'facts.js'), join(out, 'js', 'facts.js'));

// Icons from the extension.
for (const size of [32, 128]) {
  const src = join(root, 'extension', 'icons', `icon${size}.png`);
  if (existsSync(src)) cpSync(src, join(out, `icon${size}.png`));
  else warn(`extension/icons/icon${size}.png is missing`);
}

// The published feed.
if (existsSync(join(feed, 'latest.json'))) {
  cpSync(feed, join(out, 'feed'), { recursive: true });
} else {
  warn(`${feed}/latest.json is missing: the checker and the list browser will have no list (run scripts/publish-list.sh)`);
}

// Install links: the extension zips built just before by extension/build.mjs.
for (const browser of ['chrome', 'firefox']) {
  const zip = join(root, 'dist', `sightline-${browser}.zip`);
  if (existsSync(zip)) {
    mkdirSync(join(out, 'download'), { recursive: true });
    cpSync(zip, join(out, 'download', `sightline-${browser}.zip`));
  } else {
    warn(`dist/sightline-${browser}.zip is missing: the landing page's install link will be dead`);
  }
}

// Screenshots, when docs/screenshots has them: copied, and listed on the landing page.
const shotsDir = join(root, 'docs', 'screenshots');
const shots = existsSync(shotsDir) ? readdirSync(shotsDir).filter((f) => /\.(png|jpe?g|webp)$/i.test(f)).sort() : [];
let shotsHtml = '';
if (shots.length) {
  mkdirSync(join(out, 'screenshots'), { recursive: true });
  const figs = shots.map((f) => {
    cpSync(join(shotsDir, f), join(out, 'screenshots', f));
    const caption = f.replace(/\.[a-z]+$/i, '').replace(/^\d+[-_]/, '').replace(/[-_]+/g, ' ');
    const src = `screenshots/${encodeURIComponent(f)}`;
    return `  <figure><a href="${src}"><img src="${src}" alt="${escapeHtml(caption)}" loading="lazy"></a><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
  });
  shotsHtml = `<h2>Screenshots</h2>\n  <div class="shots">\n${figs.join('\n')}\n  </div>`;
}
const indexPath = join(out, 'index.html');
const index = readFileSync(indexPath, 'utf8');
const marker = '<!-- screenshots: filled in by www/build.mjs from docs/screenshots/ -->';
if (!index.includes(marker)) throw new Error('www/index.html lost its screenshots marker');
writeFileSync(indexPath, index.replace(marker, shotsHtml));

// GitHub Pages: serve files as they are (no Jekyll).
writeFileSync(join(out, '.nojekyll'), '');
console.log(`www: ${out} (${shots.length} screenshots${existsSync(join(out, 'feed', 'latest.json')) ? ', feed included' : ', no feed'})`);
