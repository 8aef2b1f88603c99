// A CPU profile of the page's renderer main thread (the page's own JS and our content
// script's isolated world) while a perf page loads and settles with the extension, printed
// as self time by function and script. For finding where the added time goes:
//   node tests/e2e/perf/profile.mjs [big|explorer|spa|article] [--ms 8000]
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
await ext.close();
await srv.close();
