// A page that floods the extension must not stall it for other tabs: 300 iframes with 200
// distinct addresses each (60,000 addresses) on one tab, while a dApp on another tab sends
// wallet requests. Before the fix: slowest wallet check 2.7 s, tab summary 6.8 s,
// storage.session at its 10 MB quota. Asserted: the worker answers a wallet check in under
// 5 ms median and every one within 100 ms of its arrival (it read the look-alike history
// from storage.local after each send, which waited behind the flood: 102-683 ms; and its
// first check compiled the wasm it ran: up to 222 ms on a loaded machine, now warmed up at
// the worker's start), the median check end to
// end stays under 20 ms and 9 in 10 under 250 ms, the worker's event-loop lag p99 under 25 ms
// (max 500 ms), the tab summary within 2 s (timed in the page), storage.session far from its
// quota. The slowest checks end to end (0.27-0.68 s on this 2-core machine) are the browser's
// transit: each is split below into the way to the worker and back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchWithExtension, serve, ROOT, sleep, openExtensionPage, tabIdFor } from './lib.mjs';
import { openDapp } from './wallet-lib.mjs';

const PAGES = join(ROOT, 'tests', 'e2e', 'wallet-pages');
const CLEAN = '0x52908400098527886e0f7030069857d2e4169ee7';
const USER = '0x5555555555555555555555555555555555555555';

let ext;
let srv;
before(async () => {
  ext = await launchWithExtension();
  srv = await serve(PAGES, {
    routes: {
      '/flood.html': (req, res) => {
        // 300 same-origin iframes, each with 200 distinct EVM addresses.
        let html = '<!doctype html><meta charset="utf-8"><title>flood</title><h1>flood</h1>';
        for (let f = 0; f < 300; f++) {
          let body = '';
          for (let i = 0; i < 200; i++) body += `<p>0x${(f * 1000 + i).toString(16).padStart(8, '0')}${'ab'.repeat(16)}</p>`;
          html += `<iframe width="40" height="40" srcdoc="${body.replace(/"/g, '&quot;')}"></iframe>`;
        }
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(html);
      },
    },
  });
});
after(async () => {
  await ext?.close();
  await srv?.close();
});

test('300 iframes x 200 addresses on one tab: wallet checks on another tab stay fast, the worker keeps up, storage.session stays small', { timeout: 180000 }, async () => {
  const dapp = await openDapp(ext, srv, 'eth');
  // The worker's own event-loop lag during the flood (a 10 ms timer's lateness).
  await ext.sw.evaluate(() => {
    globalThis.__lag = [];
    let last = performance.now();
    globalThis.__lagTimer = setInterval(() => {
      const now = performance.now();
      globalThis.__lag.push(now - last - 10);
      last = now;
    }, 10);
  });
  // When each wallet check reaches the worker (wall clock), to split a slow check into the
  // way there and the way back.
  await ext.sw.evaluate(() => {
    globalThis.__arrivals = [];
    chrome.runtime.onMessage.addListener((msg) => {
      if (msg && msg.type === 'wallet-check') globalThis.__arrivals.push(performance.timeOrigin + performance.now());
      return false;
    });
  });
  const flood = await ext.context.newPage();
  const loading = flood.goto(srv.url('/flood.html'), { timeout: 120000 });
  const times = [];
  const starts = [];
  const t0 = Date.now();
  // Wallet checks while the flood's frames scan and report.
  while (Date.now() - t0 < 20000) {
    const ms = await dapp.evaluate(async ({ to, from }) => {
      const n = window.__seen.length;
      const start = performance.now();
      await window.ethereum.request({ method: 'eth_sendTransaction', params: [{ from, to, value: '0x1' }] });
      return { ms: window.__seen[n].t - start, at: performance.timeOrigin + start, back: performance.timeOrigin + window.__seen[n].t };
    }, { to: CLEAN, from: USER });
    times.push(ms.ms);
    starts.push(ms);
    await sleep(200);
  }
  await loading;
  const lag = await ext.sw.evaluate(() => {
    clearInterval(globalThis.__lagTimer);
    const l = globalThis.__lag.sort((a, b) => a - b);
    return { p50: l[l.length >> 1], p99: l[Math.floor(l.length * 0.99)], max: l.at(-1), n: l.length };
  });
  console.log(`# service worker event-loop lag during the flood: median ${lag.p50.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(1)} ms`);
  console.log(`# in order: ${times.map((x) => x.toFixed(0)).join(' ')}`);
  const arrivals = await ext.sw.evaluate(() => globalThis.__arrivals);
  // The worker's own time for each check: from the message's arrival to its answer.
  const inOrder = (await ext.sw.evaluate(() => globalThis.sightlineWalletAnswerMs.slice())).slice(-times.length);
  console.log(`# the worker's answer to the first wallet check: ${inOrder[0].toFixed(1)} ms; the slowest of the others ${Math.max(...inOrder.slice(1)).toFixed(1)} ms`);
  const answer = inOrder.slice().sort((a, b) => a - b);
  console.log(`# the worker's answer time per wallet check during the flood: median ${answer[answer.length >> 1].toFixed(1)} ms, max ${answer.at(-1).toFixed(1)} ms (${answer.length} checks)`);
  const slow = starts.filter((s) => s.ms > 100).map((s) => {
    const a = arrivals.find((x) => x >= s.at - 5 && x <= s.back + 5);
    return a ? `${s.ms.toFixed(0)} ms = ${(a - s.at).toFixed(0)} to the worker + ${(s.back - a).toFixed(0)} back` : `${s.ms.toFixed(0)} ms (arrival not seen)`;
  });
  if (slow.length) console.log(`# slow checks: ${slow.join('; ')}`);
  times.sort((a, b) => a - b);
  const p50 = times[times.length >> 1];
  const p90 = times[Math.floor(times.length * 0.9)];
  const max = times.at(-1);
  console.log(`# wallet check during a 300-frame flood: ${times.length} checks, median ${p50.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
  // The popup's summary for the flooded tab answers too, capped.
  const ep = await openExtensionPage(ext, 'popup.html');
  const tabId = await tabIdFor(ext, srv.url('/flood.html'));
  // Timed in the page, from the request to its answer (a CDP round trip into a page that is
  // still starting would be counted otherwise).
  const { sum, summaryMs } = await ep.evaluate(async (id) => {
    const t0 = performance.now();
    const s = await chrome.runtime.sendMessage({ type: 'tabSummary', tabId: id });
    return { sum: s, summaryMs: performance.now() - t0 };
  }, tabId);
  const bytes = await ep.evaluate(async () => (chrome.storage.session.getBytesInUse ? chrome.storage.session.getBytesInUse(null) : -1));
  console.log(`# tab summary in ${summaryMs.toFixed(0)} ms: ${sum.count} addresses from ${sum.frames} frames${sum.framesCut ? ` (${sum.framesCut} frames not tracked)` : ''}; storage.session ${bytes} bytes`);
  assert.ok(answer.length >= times.length, 'every check timed by the worker');
  // The median is held tight too: a slow path taken every time (a storage read) shows there
  // before the worst case does.
  const answerMedian = answer[Math.floor(answer.length / 2)];
  assert.ok(answerMedian < 5, `the worker's median answer to a wallet check ${answerMedian.toFixed(1)} ms`);
  assert.ok(answer.at(-1) < 100, `the worker answered every wallet check within 100 ms (slowest ${answer.at(-1).toFixed(1)} ms)`);
  assert.ok(p50 < 20, `median wallet check ${p50.toFixed(1)} ms`);
  assert.ok(p90 < 250, `p90 wallet check ${p90.toFixed(1)} ms`);
  // The lag is a proxy; what a user waits on is the worker's answer time, asserted above.
  // Its single worst gap is noisy on this 2-core machine, so only a stall is refused. A
  // trace put the worst gaps in the worker's own tasks: saving 32 frames' reports as
  // objects (118 ms: the bindings convert them value by value) and each slice's scan
  // answers converted the same way (16 ms a slice), with the major GCs their garbage
  // brought (85-112 ms). Reports saved as JSON rows and answers as JSON text: worst gap
  // 22-53 ms (was 99-251 ms here, 624 ms in a CI run on 2026-12-01).
  assert.ok(lag.p99 < 25 && lag.max < 500, `worker event-loop lag p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(1)} ms`);
  assert.ok(summaryMs < 2000, `tab summary took ${summaryMs} ms`);
  assert.ok(bytes < 4 * 1024 * 1024, `storage.session holds ${bytes} bytes`);
  assert.equal(sum.frames, 32, 'at most 32 frames of a tab are tracked');
  assert.ok(sum.framesCut > 0, 'the others are counted');
  assert.ok(sum.count > 0);
});
