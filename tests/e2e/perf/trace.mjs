// Where the page's main-thread time goes, with and without the extension: a Chromium trace
// of one perf page (devtools.timeline + v8), the renderer main thread's task time split by
// what ran directly under each task (script by origin, GC, style, layout, parsing, IPC...).
// Prints the added time per category, for finding what our work costs beyond script.
//   node tests/e2e/perf/trace.mjs [big|explorer|spa|article] [--ms 12000] [--runs 1] [--cpu]
//     [--threads]
// --cpu: thread (CPU) time instead of wall time; --threads: CPU time by process and thread
// (who competes with the page). Comparing two builds this way drowns in the page's own
// spread between loads on a busy machine: use profile.mjs --rescans for that.
import { serve, DIST_CHROME, FIXTURES, sleep } from '../lib.mjs';
import { freshBrowser } from './browser.mjs';
import { articlePage, explorerPage, bigPage, spaPage } from './pages.mjs';

const args = process.argv.slice(2);
const name = args[0] && !args[0].startsWith('--') ? args[0] : 'big';
const ms = Number(args[args.indexOf('--ms') + 1]) || 12000;
const runs = Number(args[args.indexOf('--runs') + 1]) || 1;
const page0 = { article: articlePage, explorer: explorerPage, big: bigPage, spa: spaPage }[name]();
/** --cpu: thread time (CPU) instead of wall time: on 2 cores the extension's worker and the
 * browser compete with the page, and wall time counts the waits. */
const CPU = args.includes('--cpu');
const CATEGORIES = ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline', 'blink', 'ipc', 'toplevel', 'mojom', 'extensions'];

/** The category of an event that runs directly in a task: script events by who runs. */
function label(e) {
  const d = (e.args && e.args.data) || {};
  const url = d.url || (d.stackTrace && d.stackTrace[0] && d.stackTrace[0].url) || '';
  const who = url.startsWith('chrome-extension://') ? 'ext' : url ? 'page' : '?';
  switch (e.name) {
    case 'FunctionCall':
    case 'EvaluateScript':
    case 'v8.compile':
    case 'v8.evaluateModule':
      return `script:${who}`;
    case 'TimerFire':
    case 'FireIdleCallback':
    case 'EventDispatch':
    case 'FireAnimationFrame':
      return `${e.name}`;
    default:
      return e.name;
  }
}

async function traceOnce(withExt, srv) {
  const b = await freshBrowser(withExt ? DIST_CHROME : null);
  const { context } = b;
  try {
    const page = await context.newPage();
    const browser = await context.newCDPSession(page);
    const events = [];
    browser.on('Tracing.dataCollected', (m) => events.push(...m.value));
    const done = new Promise((r) => browser.once('Tracing.tracingComplete', r));
    await browser.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
    await page.goto(srv.url('/p.html'), { waitUntil: 'load', timeout: 120000 });
    await sleep(ms);
    await browser.send('Tracing.end');
    await done;
    return aggregate(events);
  } finally {
    await b.close();
  }
}

/** Task time on the renderer main thread, split by the categories of each task's direct children. */
function aggregate(events) {
  const names = new Map();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  // The busiest renderer main thread is the page's.
  const busy = new Map();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (names.get(k) === 'CrRendererMain' && e.ph === 'X' && e.name === 'RunTask') busy.set(k, (busy.get(k) || 0) + e.dur);
  }
  // CPU time of every thread's top-level tasks, by process and thread name (who competes).
  const pnames = new Map();
  for (const e of events) if (e.name === 'process_name') pnames.set(e.pid, e.args.name);
  const threads = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'ThreadPool_RunTask')) continue;
    const k = `${pnames.get(e.pid) || e.pid}/${names.get(`${e.pid}:${e.tid}`) || e.tid}`;
    threads.set(k, (threads.get(k) || 0) + (e.tdur ?? 0));
  }
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  const evs = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur != null).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const by = new Map();
  let taskTotal = 0;
  let task = null;
  let covered = 0;
  let childEnd = 0;
  const flush = () => {
    if (task) by.set('(task, nothing traced)', (by.get('(task, nothing traced)') || 0) + (CPU ? task.tdur ?? task.dur : task.dur) - covered);
  };
  for (const e of evs) {
    if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') {
      if (task && e.ts < task.ts + task.dur) continue; // nested task marker
      flush();
      task = e;
      covered = 0;
      childEnd = e.ts;
      taskTotal += CPU ? e.tdur ?? e.dur : e.dur;
      continue;
    }
    if (!task || e.ts >= task.ts + task.dur) continue;
    if (e.ts < childEnd) continue; // nested in a child already counted
    const l = label(e);
    by.set(l, (by.get(l) || 0) + (CPU ? e.tdur ?? e.dur : e.dur));
    covered += e.dur;
    childEnd = e.ts + e.dur;
  }
  flush();
  return { taskTotal, by, threads };
}

const srv = await serve(FIXTURES, { routes: { '/p.html': (req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(page0.html); } } });
const sum = { with: new Map(), without: new Map(), tw: 0, two: 0 };
try {
  for (let i = 0; i < runs; i++) {
    const a = await traceOnce(false, srv);
    const b = await traceOnce(true, srv);
    if (args.includes('--threads')) {
      const ks = new Set([...a.threads.keys(), ...b.threads.keys()]);
      const rows = [...ks].map((k) => [k, (a.threads.get(k) || 0) / 1000, (b.threads.get(k) || 0) / 1000]).sort((x, y) => y[2] - y[1] - (x[2] - x[1]));
      console.log('CPU ms by thread (without, with):');
      for (const [k, x, y] of rows.slice(0, 14)) console.log(`${(y - x).toFixed(1).padStart(10)} ${x.toFixed(1).padStart(9)} ${y.toFixed(1).padStart(9)}   ${k}`);
    }
    sum.two += a.taskTotal / runs;
    sum.tw += b.taskTotal / runs;
    for (const [k, v] of a.by) sum.without.set(k, (sum.without.get(k) || 0) + v / runs);
    for (const [k, v] of b.by) sum.with.set(k, (sum.with.get(k) || 0) + v / runs);
  }
} finally {
  await srv.close();
}
const keys = new Set([...sum.with.keys(), ...sum.without.keys()]);
const rows = [...keys].map((k) => [k, (sum.without.get(k) || 0) / 1000, (sum.with.get(k) || 0) / 1000]).sort((x, y) => y[2] - y[1] - (x[2] - x[1]));
console.log(`# ${name}: main-thread task time ${(sum.two / 1000).toFixed(0)} ms without, ${(sum.tw / 1000).toFixed(0)} ms with the extension (+${((sum.tw - sum.two) / 1000).toFixed(0)} ms), mean of ${runs}`);
console.log('  added ms   without      with   what ran in the task');
for (const [k, a, b] of rows.slice(0, 25)) console.log(`${(b - a).toFixed(1).padStart(10)} ${a.toFixed(1).padStart(9)} ${b.toFixed(1).padStart(9)}   ${k}`);
