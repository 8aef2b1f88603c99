// Page-speed benchmark for the extension (DESIGN.md budget: at most 5 ms of added main-thread
// time per MB of page text, no task over 50 ms), in Chromium, each page loaded WITH and
// WITHOUT the extension in fresh profiles, runs interleaved, medians reported. The pages
// (pages.mjs) carry DISTINCT addresses of a realistic chain mix, 1% sanctioned: a small
// article, a 1 MB explorer table of truncated links with full addresses in href/title, a
// 10 MB prose page, and an SPA adding 20,000 rows.
// Figures: added main-thread task time (CDP TaskDuration: script, style, layout and every
// task our work causes) per MB of page text, with ScriptDuration beside it; long tasks
// (> 50 ms) after load; for the explorer, the time from navigation to the first highlight
// (separate runs, which poll); for the SPA, the page's own insertion time.
//   node tests/e2e/perf/run.mjs [--runs N] [--json out.json]
import { writeFileSync } from 'node:fs';
import { serve, DIST_CHROME, ROOT, sleep } from '../lib.mjs';
import { freshBrowser } from './browser.mjs';
import { articlePage, explorerPage, bigPage, spaPage } from './pages.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const JSON_OUT = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;

// Each page settles this long after load (the same with and without the extension), then
// the main-thread figures are read; only after that is the extension asked what it found,
// so the question's own cost is not counted.
const PAGES = {
  article: { ...articlePage(), settleMs: 3000 },
  explorer: { ...explorerPage(), settleMs: 5000, firstHighlight: true },
  big: { ...bigPage(), settleMs: 12000 },
  spa: { ...spaPage(), settleMs: 6000 },
};

const LONGTASKS = `
  window.__long = [];
  window.addEventListener('load', () => { window.__loadedAt = performance.now(); });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
`;

const FLOOR = () => {
  const t0 = performance.now();
  const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = w.nextNode(); node; node = w.nextNode()) if (node.nodeType === 3) texts.push(node.data);
  const read = performance.now() - t0;
  // A plain character loop over every character (what a JS scan costs at least).
  const t1 = performance.now();
  let n = 0;
  for (const s of texts) for (let i = 0; i < s.length; i++) n += s.charCodeAt(i) & 1;
  const loop = performance.now() - t1;
  return { read, loop, chars: texts.reduce((a, s) => a + s.length, 0), n };
};

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
  const b = await freshBrowser(withExt ? DIST_CHROME : null);
  const { context, sw } = b;
  try {
    const page = await context.newPage();
    await page.addInitScript(LONGTASKS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const url = srv.url(`/${name}.html`);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'load', timeout: 120000 });
    const loadMs = Date.now() - t0;
    if (PAGES[name].spa) await page.waitForFunction(() => window.__spa, null, { timeout: 60000 });
    await sleep(PAGES[name].settleMs);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const page2 = await page.evaluate(() => ({ long: window.__long, loadedAt: window.__loadedAt, spa: window.__spa || null, textBytes: document.body.innerText.length }));
    const after = page2.long.filter(([start]) => start >= page2.loadedAt);
    // Now (after the figures) ask what was found: every address, and no work left.
    const s = withExt ? await summary(sw, url) : null;
    // The floor, in a page no extension has read: one walk reading every text node once
    // (the least any content script must do), then our pre-scan's JS loop over the same text.
    const floor = withExt ? null : await page.evaluate(FLOOR);
    return {
      loadMs,
      found: s ? s.count : null,
      sanctioned: s ? s.sanctioned : null,
      finished: s ? !s.busy && s.count === PAGES[name].expect : null,
      taskMs: m.TaskDuration * 1000,
      scriptMs: m.ScriptDuration * 1000,
      layoutMs: m.LayoutDuration * 1000,
      styleMs: m.RecalcStyleDuration * 1000,
      longAfterLoad: after.length,
      maxLongAfterLoad: after.reduce((a, [, d]) => Math.max(a, d), 0),
      maxLongAll: page2.long.reduce((a, [, d]) => Math.max(a, d), 0),
      textMB: page2.textBytes / 1e6,
      spa: page2.spa,
      floor,
    };
  } finally {
    await b.close();
  }
}

/** How many elements our layer holds, read cheaply (lib.mjs's drawnCount walks the whole
 * DOM over CDP, which on a 1 MB table costs the page more than what it measures). */
async function drawnNow(cdp) {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'x-overlay-host' });
  if (!nodeId) return 0;
  const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 3, pierce: true });
  const sr = (node.shadowRoots || [])[0];
  const layer = sr && (sr.children || []).find((c) => (c.attributes || []).join(' ').includes('layer'));
  return layer ? layer.childNodeCount ?? (layer.children || []).length : 0;
}

/** Navigation to the first highlight drawn (polled over CDP: this run's costs are not used). */
async function firstHighlight(name, srv) {
  const b = await freshBrowser(DIST_CHROME);
  const { context } = b;
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const t0 = Date.now();
    await page.goto(srv.url(`/${name}.html`), { waitUntil: 'commit' });
    for (;;) {
      if ((await drawnNow(cdp).catch(() => 0)) > 0) {
        const ms = Date.now() - t0;
        const load = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
        return { ms, afterLoad: ms - load };
      }
      if (Date.now() - t0 > 20000) return null;
      await sleep(10);
    }
  } finally {
    await b.close();
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
    if (PAGES[name].firstHighlight) {
      results[name].firstHighlightMs = [];
      for (let i = 0; i < RUNS; i++) results[name].firstHighlightMs.push(await firstHighlight(name, srv));
    }
  }
} finally {
  await srv.close();
}

const f = (x) => (x == null ? '-' : x.toFixed(1));
console.log(`\nSightline page benchmark, Chromium, median of ${RUNS} interleaved run(s) with and without the extension\n`);
for (const [name, r] of Object.entries(results)) {
  const mb = r.with[0].textMB;
  const task = [median(r.without.map((x) => x.taskMs)), median(r.with.map((x) => x.taskMs))];
  const script = [median(r.without.map((x) => x.scriptMs)), median(r.with.map((x) => x.scriptMs))];
  const perMB = (d) => f(d / Math.max(mb, 0.001));
  const longN = median(r.with.map((x) => x.longAfterLoad));
  const longMax = median(r.with.map((x) => x.maxLongAfterLoad));
  const longN0 = median(r.without.map((x) => x.longAfterLoad));
  const found = r.with.map((x) => `${x.found}/${PAGES[name].expect}${x.finished ? '' : ' (unfinished)'}, ${x.sanctioned}/${PAGES[name].sanctioned} flagged`);
  console.log(`${name}: ${f(mb)} MB of text (${f(PAGES[name].html.length / 1e6)} MB of HTML), ${PAGES[name].expect} distinct addresses`);
  console.log(`  added TaskDuration   ${f(task[0])} -> ${f(task[1])} ms: +${f(task[1] - task[0])} ms, ${perMB(task[1] - task[0])} ms/MB of text (budget 5)`);
  // How far the page alone moves between identical loads: an added figure smaller than this
  // spread is not measured by this run (see profile.mjs --rescans for a steady figure).
  const spread = (xs) => Math.max(...xs) - Math.min(...xs);
  console.log(`  spread between loads: ${f(spread(r.without.map((x) => x.taskMs)))} ms without the extension, ${f(spread(r.with.map((x) => x.taskMs)))} ms with`);
  console.log(`  added ScriptDuration ${f(script[0])} -> ${f(script[1])} ms: +${f(script[1] - script[0])} ms, ${perMB(script[1] - script[0])} ms/MB`);
  const fl = r.without.map((x) => x.floor).filter(Boolean);
  if (fl.length) console.log(`  floor (no extension, in the page): reading every text node once ${f(median(fl.map((x) => x.read)) / mb)} ms/MB, one JS loop over the characters ${f(median(fl.map((x) => x.loop)) / mb)} ms/MB`);
  console.log(`  long tasks after load: ${longN} with (longest ${f(longMax)} ms), ${longN0} without`);
  console.log(`  found: ${found.join('; ')}`);
  if (r.firstHighlightMs) {
    const ok = r.firstHighlightMs.filter(Boolean);
    console.log(`  first highlight: ${ok.map((x) => `${x.ms} ms after navigation, ${x.afterLoad.toFixed(0)} ms after load`).join('; ') || 'none'} (median ${ok.length ? median(ok.map((x) => x.afterLoad)).toFixed(0) : '-'} ms after load; goal 300)`);
  }
  if (name === 'spa') {
    const own0 = median(r.without.map((x) => x.spa.wall));
    const own1 = median(r.with.map((x) => x.spa.wall));
    console.log(`  SPA insertion of 20,000 rows, wall time: ${f(own0)} ms without, ${f(own1)} ms with (${f(((own1 - own0) / own0) * 100)}%; goal within +30%)`);
  }
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
