// A CPU profile of the page's renderer main thread (the page's own JS and our content
// script's isolated world) while a perf page loads and settles with the extension, printed
// as self time by function and script. For finding where the added time goes:
//   node tests/e2e/perf/profile.mjs [big|explorer|spa|article] [--ms 8000] [--rescans N]
// --rescans N: after the load, the page is rescanned N times (as after a list update) and
// our script's time is profiled per rescan: the least of N is steady on a busy machine,
// where one load's figures move by +-40%.
import { launchWithExtension, serve, FIXTURES } from '../lib.mjs';
import { articlePage, explorerPage, bigPage, spaPage } from './pages.mjs';

const name = process.argv[2] || 'big';
const ms = Number(process.argv[process.argv.indexOf('--ms') + 1]) || 8000;
const page0 = { article: articlePage, explorer: explorerPage, big: bigPage, spa: spaPage }[name]();
const ext = await launchWithExtension();
const srv = await serve(FIXTURES, { routes: { '/p.html': (req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(page0.html); } } });
const page = await ext.context.newPage();
const cdp = await ext.context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.goto(srv.url('/p.html'));
await new Promise((r) => setTimeout(r, ms));
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const byScript = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const dt = profile.timeDeltas[i] || 0;
  total += dt;
  const f = n.callFrame;
  const script = f.url ? f.url.replace(/^.*\//, '') : '(native)';
  const k = `${f.functionName || '(anon)'} ${script}:${f.lineNumber}`;
  self.set(k, (self.get(k) || 0) + dt);
  byScript.set(script, (byScript.get(script) || 0) + dt);
}
const fmt = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`).join('\n');
console.log(`# ${name}: ${(total / 1000).toFixed(0)} ms sampled\n## by script\n${fmt(byScript)}\n## by function (self)\n${fmt(self)}`);
const rescans = Number(process.argv[process.argv.indexOf('--rescans') + 1]) || 0;
if (rescans) {
  const url = page.url();
  const summary = () =>
    ext.sw.evaluate(async (u) => {
      for (const t of await chrome.tabs.query({})) {
        try {
          const r = await chrome.tabs.sendMessage(t.id, { type: 'pageSummary' }, { frameId: 0 });
          if (r && r.url === u) return { tab: t.id, busy: r.busy, count: r.count };
        } catch {}
      }
      return null;
    }, url);
  const per = [];
  for (let k = 0; k < rescans; k++) {
    const s0 = await summary();
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await ext.sw.evaluate((tab) => chrome.tabs.sendMessage(tab, { type: 'stateChanged' }), s0.tab);
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const s = await summary();
      if (s && !s.busy && s.count === page0.expect) break;
      if (Date.now() - t0 > 60000) throw new Error('rescan did not finish');
    }
    const { profile: p } = await cdp.send('Profiler.stop');
    const byId2 = new Map(p.nodes.map((n) => [n.id, n]));
    let ours = 0;
    let gc = 0;
    const fns = new Map();
    for (let i = 0; i < p.samples.length; i++) {
      const f = byId2.get(p.samples[i]).callFrame;
      const dt = p.timeDeltas[i] || 0;
      if (f.url.endsWith('/content.js')) {
        ours += dt;
        const k = `${f.functionName || '(anon)'}:${f.lineNumber}`;
        fns.set(k, (fns.get(k) || 0) + dt);
      }
      else if (f.functionName === '(garbage collector)') gc += dt;
    }
    per.push([ours / 1000, gc / 1000, fns]);
  }
  // The floor: a bare walk of the same page reading every text node (no scan, no message),
  // in the page's own world; least of 5.
  const floor = await page.evaluate(() => {
    let best = Infinity;
    let first = 0;
    let chars = 0;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      let n = 0;
      for (let node = w.nextNode(); node; node = w.nextNode()) if (node.nodeType === 3) n += node.data.length;
      best = Math.min(best, performance.now() - t0);
      if (k === 0) first = performance.now() - t0;
      chars = n;
    }
    return { ms: best, first, mb: chars / 1e6 };
  });
  console.log(`# floor: walking and reading the page's text (${floor.mb.toFixed(1)} M chars): ${floor.ms.toFixed(1)} ms, ${(floor.ms / floor.mb).toFixed(1)} ms/M chars (the first walk after ours: ${floor.first.toFixed(1)} ms)`);
  const least = per.reduce((a, b) => (b[0] + b[1] < a[0] + a[1] ? b : a));
  console.log(`# rescans of ${name}: content.js + GC ms per rescan: ${per.map(([a, b]) => `${a.toFixed(0)}+${b.toFixed(0)}`).join(', ')}; least ${least[0].toFixed(1)} + ${least[1].toFixed(1)} ms`);
  console.log(fmt(least[2]));
}
await ext.close();
await srv.close();
