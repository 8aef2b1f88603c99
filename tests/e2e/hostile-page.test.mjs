// The page is an attacker that wants the user's private state: which address is on the
// user's own CSV list, which OFAC hit the user dismissed, whether the user paused Sightline
// here. It probes with invisible iframes of one address each and compares what it can see
// of our drawing. What it can see (our host element, its attributes, its closed shadow
// root, the frame's top-level children) must be the same in every case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, serve, FIXTURES, openExtensionPage, overlayElements, waitFor, sleep, SANCTIONED_EVM, CLEAR_EVM } from './lib.mjs';

const MINE = '0x1111111111111111111111111111111111111111'; // on the user's own list
const DISMISSED = '0x7F367cC41522cE07553e823bf3be79A889DEbe1B'; // OFAC (Danil POTEKHIN), dismissed by the user
const frames = { ofac: SANCTIONED_EVM, mine: MINE, dismissed: DISMISSED, clean: CLEAR_EVM, none: 'no address here' };

let ext;
let srv;
before(async () => {
  ext = await launchWithExtension();
  srv = await serve(FIXTURES, {
    routes: {
      '/probe.html': (req, res) => {
        let html = '<!doctype html><meta charset="utf-8"><title>probe</title>';
        for (const k of Object.keys(frames)) html += `<iframe name="${k}" width="1" height="1" style="opacity:0" src="/probe-frame.html?k=${k}"></iframe>`;
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(html);
      },
      '/probe-frame.html': (req, res) => {
        const k = new URL(req.url, 'http://x').searchParams.get('k');
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><meta charset="utf-8"><title>${k}</title><p>${frames[k]}</p>`);
      },
    },
  });
  const opts = await openExtensionPage(ext, 'options.html');
  await opts.evaluate(async ({ mine, dismissed }) => {
    await chrome.storage.local.set({ userLists: [{ label: 'Mine', csv: `address,label\n${mine},Friend\n`, importedAt: Date.now() }], dismissed: { [dismissed]: { at: Date.now(), name: 'Danil POTEKHIN' }, [dismissed.toLowerCase()]: { at: Date.now(), name: 'Danil POTEKHIN' } } });
    await chrome.runtime.sendMessage({ type: 'userListsChanged' });
  }, { mine: MINE, dismissed: DISMISSED });
  await opts.close();
});
after(async () => {
  await ext?.close();
  await srv?.close();
});

// What a frame's own scripts can see of us.
const observe = (frame) => frame.evaluate(() => ({
  top: [...document.documentElement.children].map((e) => e.localName),
  hosts: [...document.documentElement.children].filter((e) => !['head', 'body'].includes(e.localName)).map((e) => ({ name: e.localName, style: e.getAttribute('style'), attrs: e.getAttributeNames(), open: e.shadowRoot !== null, children: e.childNodes.length })),
}));

test('iframes of one address each: the user list, a dismissal and a clean address look the same to the page', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/probe.html'));
  // Drawn in our closed roots: the OFAC hit and the user-list hit are marked, the dismissed
  // hit and the clean address are not (the test sees this through the DevTools protocol).
  await waitFor(async () => (await overlayElements(page.frame({ name: 'ofac' }), '.hl')).length === 1, { message: 'OFAC hit drawn' });
  await waitFor(async () => (await overlayElements(page.frame({ name: 'mine' }), '.hl')).length === 1, { message: 'user-list hit drawn' });
  // A user-list hit is never called sanctioned; badge names start with their visible text.
  const [mineBadge] = await overlayElements(page.frame({ name: 'mine' }), '.badge');
  assert.match(mineBadge.attrs['aria-label'], /^LIST: on your list Mine, address 0x1111/);
  assert.doesNotMatch(mineBadge.attrs['aria-label'], /anction/);
  const [ofacBadge] = await overlayElements(page.frame({ name: 'ofac' }), '.badge');
  assert.match(ofacBadge.attrs['aria-label'], /^OFAC: sanctioned address/);
  await sleep(1000);
  const dm = await overlayElements(page.frame({ name: 'dismissed' }), '.hl');
  assert.equal(dm.length, 0, 'dismissed: not drawn ' + JSON.stringify(dm.map((x) => [x.address, x.className])));
  assert.equal((await overlayElements(page.frame({ name: 'clean' }), '.hl')).length, 0);
  const seen = {};
  for (const k of Object.keys(frames)) seen[k] = await observe(page.frame({ name: k }));
  const first = JSON.stringify(seen.ofac);
  for (const [k, v] of Object.entries(seen)) assert.equal(JSON.stringify(v), first, `${k} frame: ${JSON.stringify(v)} vs ${first}`);
  assert.equal(seen.ofac.hosts.length, 1, 'one host of ours, the same everywhere');
  assert.equal(seen.ofac.hosts[0].open, false, 'closed shadow root');
  await page.close();
});

test('a paused site looks the same to the page as an unpaused one', async () => {
  const url = srv.url('/plain.html');
  const p1 = await ext.context.newPage();
  await p1.goto(url);
  await sleep(1500);
  const unpaused = await observe(p1.mainFrame());
  const opts = await openExtensionPage(ext, 'options.html');
  await opts.evaluate((origin) => chrome.runtime.sendMessage({ type: 'settings', set: { pausedOrigins: [origin] } }), srv.origin);
  const p2 = await ext.context.newPage();
  await p2.goto(url);
  await sleep(1500);
  const paused = await observe(p2.mainFrame());
  assert.deepEqual(paused, unpaused);
  await opts.evaluate(() => chrome.runtime.sendMessage({ type: 'settings', set: { pausedOrigins: [] } }));
  // And the host comes back when a page removes it, whatever there is to draw.
  await p2.evaluate(() => document.documentElement.lastElementChild.remove());
  await waitFor(() => p2.evaluate(() => [...document.documentElement.children].length === 3), { message: 'host put back' });
  await Promise.all([p1.close(), p2.close(), opts.close()]);
});

// Content scripts relay pages (and a compromised renderer runs them): they must not read the
// user's settings, lists or dismissals, nor change them. Run in our content script's own
// isolated world through CDP.
test('content scripts cannot read storage.local or change settings; they get only this page\'s pause and dismissals, and the list\'s dates', async () => {
  const page = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(page);
  const worlds = [];
  cdp.on('Runtime.executionContextCreated', (e) => {
    if (e.context.auxData && e.context.auxData.type === 'isolated' && e.context.origin.startsWith('chrome-extension://')) worlds.push(e.context.id);
  });
  await cdp.send('Runtime.enable');
  await page.goto(srv.url("/plain.html"));
  await waitFor(() => worlds.length > 0, { message: 'our isolated world' });
  const inContent = async (expr) => (await cdp.send('Runtime.evaluate', { expression: expr, contextId: worlds.at(-1), awaitPromise: true, returnByValue: true })).result.value;
  const read = await inContent(`chrome.storage.local.get(null).then((v) => 'read ' + Object.keys(v).join(','), (e) => 'refused: ' + e.message)`);
  assert.match(read, /^refused/, 'storage.local is closed to content scripts: ' + read);
  const set = await inContent(`chrome.runtime.sendMessage({ type: 'settings', set: { pausedOrigins: [] } })`);
  assert.deepEqual(set, { error: 'not allowed from a web page' });
  const get = await inContent(`chrome.runtime.sendMessage({ type: 'settings' })`);
  assert.deepEqual(get, { error: 'not allowed from a web page' });
  const state = await inContent(`chrome.runtime.sendMessage({ type: 'pageState' })`);
  assert.equal(state.paused, false);
  assert.ok(state.dismissed.includes(DISMISSED.toLowerCase()), 'the dismissals it draws by');
  assert.deepEqual(Object.keys(state).sort(), ['dismissed', 'list', 'paused'], 'nothing else: no lists, no other sites');
  assert.deepEqual(Object.keys(state.list).sort(), ['expiresAt', 'signedAt', 'sourceDate'], 'of the list, only its dates');
  // A dismissal only opens our window; nothing is stored until the user confirms there.
  const opened = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('/confirm.html'), timeout: 5000 });
  const pending = inContent(`chrome.runtime.sendMessage({ type: 'dismiss', address: '${SANCTIONED_EVM}' })`);
  const w = await opened;
  await w.close();
  assert.equal((await pending).decision, 'cancel');
  const opts = await openExtensionPage(ext, 'options.html');
  const stored = (await opts.evaluate(() => chrome.storage.local.get('dismissed'))).dismissed;
  assert.ok(!stored[SANCTIONED_EVM.toLowerCase()], 'not dismissed without the window');
  assert.deepEqual(await inContent(`chrome.runtime.sendMessage({ type: 'dismiss', address: '${CLEAR_EVM}' })`), { error: 'not a listed address' });
  // Asked in a loop, it opens at most two windows for the tab; the rest are cancelled.
  const windows = [];
  const onPage = (p) => p.url().includes('/confirm.html') && windows.push(p);
  ext.context.on('page', onPage);
  const flood = inContent(`Promise.all(Array.from({ length: 20 }, () => chrome.runtime.sendMessage({ type: 'dismiss', address: '${SANCTIONED_EVM}' })))`);
  await waitFor(() => windows.length >= 2, { message: 'the first windows' });
  await sleep(1000);
  assert.equal(windows.length, 2, 'at most two confirmation windows for one tab');
  for (const w of windows) await w.close();
  const answers = await flood;
  ext.context.off('page', onPage);
  assert.equal(answers.filter((a) => a.error === 'a confirmation is already open').length, 18);
  assert.ok(answers.every((a) => a.decision === 'cancel'));
  assert.ok(!(await opts.evaluate(() => chrome.storage.local.get('dismissed'))).dismissed[SANCTIONED_EVM.toLowerCase()]);
  await opts.close();
  await page.close();
});
