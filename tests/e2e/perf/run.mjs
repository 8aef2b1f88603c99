// Page-speed benchmark for the extension (issue 4 item 7, DESIGN.md budget), in Chromium,
// each page loaded WITH and WITHOUT the extension in fresh profiles:
//   article  a small article (~12 KB of text, 3 addresses)
//   big      a 10 MB page with 10,000 addresses (1% of them sanctioned)
//   spa      a single-page app that keeps adding rows: 20,000 nodes in 100 tasks, one
//            address per row
// Figures per run: main-thread task time (CDP Performance.getMetrics TaskDuration), long
// tasks (> 50 ms) after the load event and the longest one, time until every address was
// processed (extension only), and for the SPA the page's own insertion time.
//   node tests/e2e/perf/run.mjs [--runs N] [--json out.json]
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionArgs, serve, DIST_CHROME, CHROMIUM, SANCTIONED_EVM, CLEAR_EVM, ROOT, sleep } from '../lib.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const JSON_OUT = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;

const WORDS = 'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were their one all we can her has there been if more when will would who so no'.split(' ');
function prose(n, seed) {
  let s = '';
  let x = seed;
  while (s.length < n) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += WORDS[x % WORDS.length] + ' ';
  }
  return s;
}

function articlePage() {
  const paras = [];
  for (let i = 0; i < 12; i++) paras.push(`<p>${prose(1000, i)}</p>`);
  paras[3] = `<p>${prose(400, 99)} Donations went to ${SANCTIONED_EVM} last week. ${prose(400, 98)}</p>`;
  paras[7] = `<p>${prose(400, 97)} Pay ${CLEAR_EVM} or bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq. ${prose(400, 96)}</p>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Article</title></head><body><article><h1>Article</h1>${paras.join('\n')}</article></body></html>`;
}

function bigPage() {
  // 10,000 paragraphs of ~1 KB, each with one address; every 100th is sanctioned.
  const parts = ['<!doctype html><html><head><meta charset="utf-8"><title>Big</title></head><body>'];
  const filler = prose(960, 7);
  for (let i = 0; i < 10000; i++) {
    const a = i % 100 === 0 ? SANCTIONED_EVM : CLEAR_EVM;
    parts.push(`<p>${i}: ${filler.slice(0, 480)} ${a} ${filler.slice(480)}</p>`);
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

function spaPage() {
  return `<!doctype html><html><head><meta charset="utf-8"><title>SPA</title></head><body>
<h1>Live transfers</h1><table><tbody id="rows"></tbody></table>
<script>
  // 100 tasks x 200 rows = 20,000 <tr> (plus their cells and text): the page measures its own
  // time inside each task and the wall time until the last task ran.
  const tb = document.getElementById('rows');
  let chunk = 0, own = 0;
  const t0 = performance.now();
  function add() {
    const s = performance.now();
    for (let i = 0; i < 200; i++) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      const n = chunk * 200 + i;
      td.textContent = 'transfer ' + n + ' to ' + (n % 100 === 0 ? '${SANCTIONED_EVM}' : '${CLEAR_EVM}');
      tr.appendChild(td);
      tb.appendChild(tr);
    }
    own += performance.now() - s;
    if (++chunk < 100) setTimeout(add, 0);
    else window.__spa = { own, wall: performance.now() - t0, rows: tb.rows.length };
  }
  setTimeout(add, 50);
</script></body></html>`;
}

const PAGES = {
  article: { html: articlePage(), expect: 3 },
  big: { html: bigPage(), expect: 2 },
  spa: { html: spaPage(), expect: 2, spa: true },
};

const LONGTASKS = `
  window.__long = [];
  window.addEventListener('load', () => { window.__loadedAt = performance.now(); });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
`;

async function summary(sw, url) {
  return sw.evaluate(async (u) => {
    for (const t of await chrome.tabs.query({})) {
      try {
        const r = await chrome.tabs.sendMessage(t.id, { type: 'pageSummary' }, { frameId: 0 });
        if (r && r.url === u) return r;
      } catch {}
    }
    return null;
  }, url);
}

async function runOnce(name, withExt, srv) {
  const profile = mkdtempSync(join(tmpdir(), 'sightline-perf-'));
  const base = ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-sandbox'];
  const context = await chromium.launchPersistentContext(profile, {
    headless: true,
    executablePath: CHROMIUM,
    args: withExt ? extensionArgs(DIST_CHROME) : base,
    viewport: { width: 1280, height: 800 },
  });
  try {
    let sw = null;
    if (withExt) {
      sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      await sw.evaluate(() => chrome.runtime.sendMessage ? 1 : 0);
    }
    const page = await context.newPage();
    await page.addInitScript(LONGTASKS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const url = srv.url(`/${name}.html`);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'load', timeout: 120000 });
    const loadMs = Date.now() - t0;
    let doneMs = null;
    let found = null;
    const deadline = Date.now() + 60000;
    if (PAGES[name].spa) await page.waitForFunction(() => window.__spa, null, { timeout: 60000 });
    if (withExt) {
      for (;;) {
        const s = await summary(sw, url);
        if (s && !s.busy && s.count >= PAGES[name].expect) {
          doneMs = Date.now() - t0;
          found = s.count;
          break;
        }
        if (Date.now() > deadline) break;
        await sleep(250); // each poll costs the page a summary over every record: keep it rare
      }
    } else {
      await sleep(1500);
    }
    await sleep(500); // let trailing idle work finish
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const page2 = await page.evaluate(() => ({ long: window.__long, loadedAt: window.__loadedAt, spa: window.__spa || null, textBytes: document.body.innerText.length }));
    const after = page2.long.filter(([start]) => start >= page2.loadedAt);
    return {
      loadMs,
      doneMs,
      found,
      taskMs: m.TaskDuration * 1000,
      scriptMs: m.ScriptDuration * 1000,
      layoutMs: m.LayoutDuration * 1000,
      styleMs: m.RecalcStyleDuration * 1000,
      longAfterLoad: after.length,
      maxLongAfterLoad: after.reduce((a, [, d]) => Math.max(a, d), 0),
      maxLongAll: page2.long.reduce((a, [, d]) => Math.max(a, d), 0),
      textMB: page2.textBytes / 1e6,
      spa: page2.spa,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const srv = await serve(ROOT, {
  routes: Object.fromEntries(
    Object.entries(PAGES).map(([n, p]) => [
      `/${n}.html`,
      (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(p.html);
      },
    ]),
  ),
});

const results = {};
try {
  for (const name of Object.keys(PAGES)) {
    if (ONLY && !ONLY.includes(name)) continue;
    results[name] = { without: [], with: [] };
    for (let i = 0; i < RUNS; i++) {
      results[name].without.push(await runOnce(name, false, srv));
      results[name].with.push(await runOnce(name, true, srv));
    }
  }
} finally {
  await srv.close();
}

const f = (x) => (x == null ? '-' : x.toFixed(1));
console.log(`\nSightline page benchmark, Chromium, median of ${RUNS} run(s)\n`);
console.log('page      text MB  task ms (without → with, added)  added ms/MB  long tasks after load (max ms)  all processed at');
for (const [name, r] of Object.entries(results)) {
  const wo = median(r.without.map((x) => x.taskMs));
  const wi = median(r.with.map((x) => x.taskMs));
  const mb = r.with[0].textMB;
  const longN = median(r.with.map((x) => x.longAfterLoad));
  const longMax = median(r.with.map((x) => x.maxLongAfterLoad));
  const longN0 = median(r.without.map((x) => x.longAfterLoad));
  const done = median(r.with.map((x) => x.doneMs ?? Infinity));
  console.log(
    `${name.padEnd(9)} ${f(mb).padStart(7)}  ${f(wo).padStart(8)} → ${f(wi).padStart(8)} (+${f(wi - wo)})`.padEnd(52) +
      `  ${f((wi - wo) / Math.max(mb, 0.001)).padStart(10)}  ${String(longN).padStart(6)} (${f(longMax)}) [without: ${longN0}]`.padEnd(44) +
      `  ${done === Infinity ? 'not finished' : `${done} ms`}`,
  );
  const sw0 = median(r.without.map((x) => x.scriptMs));
  const sw1 = median(r.with.map((x) => x.scriptMs));
  console.log(`          script time (CDP ScriptDuration): ${f(sw0)} → ${f(sw1)} ms (+${f(sw1 - sw0)}, ${f((sw1 - sw0) / Math.max(mb, 0.001))} ms/MB)`);
  if (name === 'spa') {
    const own0 = median(r.without.map((x) => x.spa.wall));
    const own1 = median(r.with.map((x) => x.spa.wall));
    console.log(`          SPA insertion of 20,000 rows, wall time: ${f(own0)} ms without, ${f(own1)} ms with (${f(((own1 - own0) / own0) * 100)}%)`);
  }
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
