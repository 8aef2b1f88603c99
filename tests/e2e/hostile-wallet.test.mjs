// The page is the attacker: every way a page was found to get a sanctioned send past the
// wallet guard (issue: "A hostile page cannot get a sanctioned send past the guard"), played
// against the real extension in Chromium. The stand-in wallet records what reaches it; each
// test asserts the wallet never received the sanctioned request unchecked, or that the page
// learned nothing. The attack code runs in the page world, after our script, as a page would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchWithExtension, serve, ROOT, sleep, SANCTIONED_EVM } from './lib.mjs';
import { openDapp, start, outcome, seen, dialog, waitDialog, click, noDialogFor } from './wallet-lib.mjs';
import { Interface } from 'ethers';
import { SOL_MSG_BAD, SOL_MSG_CLEAN } from '../vectors/tx/gen.mjs';

const PAGES = join(ROOT, 'tests', 'e2e', 'wallet-pages');
const BAD = SANCTIONED_EVM;
const bad = BAD.toLowerCase();
const CLEAN = '0x52908400098527886e0f7030069857d2e4169ee7';
const USER = '0x5555555555555555555555555555555555555555';
const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const erc20 = new Interface(['function transfer(address,uint256)']);
// A plain send to the sanctioned address, as page-side code.
const SEND_BAD = `window.ethereum.request({ method: 'eth_sendTransaction', params: [{ from: '${USER}', to: '${BAD}', value: '0x1' }] })`;

let ext;
let srv;
before(async () => {
  ext = await launchWithExtension();
  srv = await serve(PAGES);
});
after(async () => {
  await ext?.close();
  await srv?.close();
});
const open = (mode = 'eth') => openDapp(ext, srv, mode);
const table = [];

// Every eth_sendTransaction the wallet received, with its recipient.
const sentTo = async (page) => (await seen(page)).filter((s) => s.args[0] && s.args[0].method === 'eth_sendTransaction').map((s) => String(s.args[0].params[0].to).toLowerCase());
// The wallet never received a send to the sanctioned address.
async function walletNeverGotBad(page) {
  assert.ok(!(await sentTo(page)).includes(bad), 'the sanctioned send reached the wallet');
}
// A sanctioned request shows our dialog; Cancel gives the dApp 4001 and the wallet nothing.
async function stoppedAndCancelled(page) {
  const d = await waitDialog(page);
  assert.equal(d.verdict, 'sanctioned');
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  await walletNeverGotBad(page);
}

test('a counting getter on params[0].to (clean on the first reads, sanctioned after) cannot change what the wallet gets', async () => {
  const page = await open();
  await start(page, `(() => { let n = 0; const tx = { from: '${USER}', value: '0x1' };
    Object.defineProperty(tx, 'to', { enumerable: true, get: () => (++n <= 2 ? '${CLEAN}' : '${BAD}') });
    window.__tx = tx; return window.ethereum.request({ method: 'eth_sendTransaction', params: [tx] }); })()`);
  assert.ok((await outcome(page)).ok);
  assert.deepEqual(await sentTo(page), [CLEAN], 'the wallet got the checked (clean) recipient');
  table.push(['counting getter on params[0].to', 'BAD delivered, no dialog', 'wallet gets the value that was checked']);
  await page.close();
});

test('a Proxy as params[0] that lies on later reads cannot change what the wallet gets', async () => {
  const page = await open();
  await start(page, `(() => { let n = 0; const target = { from: '${USER}', to: '${CLEAN}', value: '0x1' };
    const p = new Proxy(target, {
      get: (t, k) => (k === 'to' && ++n > 1 ? '${BAD}' : t[k]),
      getOwnPropertyDescriptor: (t, k) => { const d = Reflect.getOwnPropertyDescriptor(t, k); if (k === 'to' && ++n > 1) d.value = '${BAD}'; return d; },
    });
    return window.ethereum.request({ method: 'eth_sendTransaction', params: [p] }); })()`);
  assert.ok((await outcome(page)).ok);
  assert.deepEqual(await sentTo(page), [CLEAN]);
  table.push(['Proxy as params[0]', 'BAD delivered, no dialog', 'one read; the wallet gets the copy']);
  await page.close();
});

test('Object.prototype.toJSON that hides the recipient from a serialiser does not hide it from us', async () => {
  const page = await open();
  await start(page, `(() => { Object.prototype.toJSON = function () { return this && this.to === '${BAD}' ? { ...this, to: '${CLEAN}' } : this; };
    return ${SEND_BAD}; })()`);
  await stoppedAndCancelled(page);
  await page.evaluate('delete Object.prototype.toJSON');
  table.push(['Object.prototype.toJSON swaps `to`', 'BAD delivered, no dialog', 'dialog; Cancel -> 4001']);
  await page.close();
});

test('a `method` getter that says eth_chainId on its first read cannot deliver a send', async () => {
  const page = await open();
  await start(page, `(() => { let n = 0; const req = { params: [{ from: '${USER}', to: '${BAD}', value: '0x1' }] };
    Object.defineProperty(req, 'method', { enumerable: true, get: () => (++n === 1 ? 'eth_chainId' : 'eth_sendTransaction') });
    return window.ethereum.request(req); })()`);
  const r = await outcome(page);
  assert.deepEqual(r, { ok: '0x1' }, 'the wallet answered the method that was read: eth_chainId');
  await walletNeverGotBad(page);
  assert.equal((await seen(page)).filter((s) => s.args[0].method === 'eth_sendTransaction').length, 0);
  table.push(['`method` getter (eth_chainId first)', 'BAD delivered, no dialog', 'the wallet gets the method read once']);
  await page.close();
});

test('patched Set.prototype.has, Map.prototype.set and Object.prototype.get neither skip the check nor leak its state', async () => {
  const page = await open();
  await start(page, `(() => {
    window.__captured = [];
    Set.prototype.has = () => false;
    const set = Map.prototype.set; Map.prototype.set = function (k, v) { window.__captured.push(v); return set.call(this, k, v); };
    Object.prototype.get = function (t, k, r) { window.__captured.push(t); return Reflect.get(t, k, r); };
    return ${SEND_BAD};
  })()`);
  const d = await waitDialog(page);
  assert.equal(d.verdict, 'sanctioned');
  assert.equal(await page.evaluate('window.__captured.length'), 0, "nothing of ours passed through the page's patched built-ins");
  await page.evaluate('delete Object.prototype.get');
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  await walletNeverGotBad(page);
  table.push(['patched Set.has / Map.set / Object.prototype.get', 'no dialog / resolve leaked / request leaked', 'dialog; nothing leaked']);
  await page.close();
});

test('a patched Promise.prototype.then cannot turn Cancel into Proceed', async () => {
  const page = await open();
  await page.evaluate(`(() => { const then = Promise.prototype.then;
    Promise.prototype.then = function (f, r) { return then.call(this, typeof f === 'function' ? (v) => f(v === 'cancel' ? 'proceed' : v && v.decision === 'cancel' ? { ...v, decision: 'proceed' } : v) : f, r); }; })()`);
  await start(page, SEND_BAD);
  await stoppedAndCancelled(page);
  table.push(['patched Promise.prototype.then', 'Cancel became Proceed', 'Cancel -> 4001, wallet saw nothing']);
  await page.close();
});

test("the prototype's method and `delete ethereum.request` still reach the wrapper", async () => {
  const page = await open();
  const req = JSON.stringify({ method: 'eth_sendTransaction', params: [{ from: USER, to: BAD, value: '0x1' }] });
  await start(page, `Object.getPrototypeOf(window.ethereum).request.call(window.ethereum, ${req})`);
  await stoppedAndCancelled(page);
  await start(page, `(() => { delete window.ethereum.request; return window.ethereum.request(${req}); })()`);
  await stoppedAndCancelled(page);
  table.push(['prototype request.call / delete own request', 'straight to the wallet', 'dialog (prototype wrapped too)']);
  await page.close();
});

test('a redefined CustomEvent.prototype.detail learns neither the channel nor the request, and cannot answer for the user', async () => {
  const page = await open();
  await page.evaluate(`(() => { window.__leaks = []; const d = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail');
    Object.defineProperty(CustomEvent.prototype, 'detail', { configurable: true, get() { const v = d.get.call(this); window.__leaks.push(this.type + ' ' + String(v).slice(0, 80)); return v; } }); })()`);
  await start(page, SEND_BAD);
  const d = await waitDialog(page);
  const leaks = await page.evaluate('window.__leaks');
  assert.deepEqual(leaks.filter((l) => /sightline|0x098b/i.test(l)), []);
  // Forging an answer needs the channel's name; a guess at the public names does nothing.
  await page.evaluate(`window.dispatchEvent(new CustomEvent('sightline:inpage-hello', { detail: '0'.repeat(32) }))`);
  await sleep(100);
  assert.equal(await page.evaluate('window.__r'), undefined);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  await walletNeverGotBad(page);
  table.push(['redefined CustomEvent.prototype.detail', 'nonce leaked, page answered "proceed"', 'nothing read, no forgery']);
  await page.close();
});

test('a request padded past the size cap is not one click away: "continue without check" goes through the confirmation window', async () => {
  const page = await open();
  const data = erc20.encodeFunctionData('transfer', [BAD, 1n]) + '00'.repeat(600 * 1024);
  await start(page, `window.ethereum.request({ method: 'eth_sendTransaction', params: [{ from: '${USER}', to: '${USDC}', data: '${data}' }] })`);
  const d = await waitDialog(page);
  assert.equal(d.verdict, 'unchecked');
  assert.match(d.text, /larger than 1 MB/);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  assert.deepEqual(await seen(page), []);
  table.push(['request padded past 1 MB', 'one-click continue', 'tick required; Cancel default']);
  await page.close();
});

test('a reactive (Vue-style) Proxy request is read once and works: clean passes with its values, sanctioned is stopped', async () => {
  const page = await open();
  const reactive = (to) => `(() => { const reactive = (o) => new Proxy(o, {
      get: (t, k, r) => { const v = Reflect.get(t, k, r); return v && typeof v === 'object' ? reactive(v) : v; },
      set: (t, k, v) => Reflect.set(t, k, v), has: (t, k) => Reflect.has(t, k), ownKeys: (t) => Reflect.ownKeys(t), deleteProperty: (t, k) => Reflect.deleteProperty(t, k) });
    return window.ethereum.request(reactive({ method: 'eth_sendTransaction', params: [{ from: '${USER}', to: '${to}', value: '0x2' }] })); })()`;
  await start(page, reactive(CLEAN));
  assert.ok((await outcome(page)).ok);
  const s = await seen(page);
  assert.deepEqual(s[0].args[0], { method: 'eth_sendTransaction', params: [{ from: USER, to: CLEAN, value: '0x2' }] });
  await start(page, reactive(BAD));
  await stoppedAndCancelled(page);
  await page.close();
});

test('a Solana transaction object that changes after the check is asked about again', async () => {
  const page = await open('solana');
  const bytes = (b64) => `Uint8Array.from(atob(${JSON.stringify(b64)}), (c) => c.charCodeAt(0))`;
  await start(page, `(() => { let n = 0; const tx = { message: { serialize: () => (++n === 1 ? ${bytes(SOL_MSG_CLEAN)} : ${bytes(SOL_MSG_BAD)}) } };
    return window.solana.signTransaction(tx); })()`);
  const d = await waitDialog(page);
  assert.equal(d.verdict, 'sanctioned', 'the changed transaction was checked again');
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  assert.deepEqual(await seen(page), []);
  table.push(['Solana tx object that changes after the check', '-', 'checked again before forwarding']);
  await page.close();
});

test('fingerprinting: no wallet, nothing of ours on window; with a wallet, no accessor or flag', async () => {
  const page = await open('none');
  assert.equal(await page.evaluate(`Object.getOwnPropertyDescriptor(window, 'ethereum')`), undefined);
  assert.deepEqual(await page.evaluate(`Object.getOwnPropertyNames(window).filter((k) => /sightline/i.test(k))`), []);
  await page.close();
  const p2 = await open('eth');
  assert.deepEqual(await p2.evaluate(`Object.getOwnPropertyNames(window).filter((k) => /sightline/i.test(k))`), []);
  assert.equal(await p2.evaluate(`'value' in Object.getOwnPropertyDescriptor(window, 'ethereum')`), true);
  table.push(['window.__sightlineInpage / own ethereum accessor', 'present', 'absent']);
  await p2.close();
});


test('clickjacking: a top-layer overlay that lets clicks through cannot make the user proceed', async () => {
  const page = await open();
  await start(page, SEND_BAD);
  const d = await waitDialog(page);
  // The page covers everything with a popover (top layer) that says "click anywhere to continue".
  await page.evaluate(`(() => { const o = document.createElement('div'); o.popover = 'manual'; o.textContent = 'Click anywhere to continue';
    o.style.cssText = 'inset:0;width:100vw;height:100vh;margin:0;border:0;background:#fff;pointer-events:none;font-size:40px';
    document.body.append(o); o.showPopover(); })()`);
  // The user clicks "continue" twice, where the dialog's buttons are.
  await click(page, d.proceed);
  await click(page, d.proceed);
  await sleep(500);
  assert.equal(await page.evaluate('window.__r'), undefined, 'nothing was decided by clicks in the page');
  assert.deepEqual(await seen(page), []);
  // The only way on is the confirmation window, which the page cannot draw over.
  const win = ext.context.pages().find((p) => p.url().includes('/confirm.html'));
  assert.ok(win, 'the confirmation window opened');
  await win.close();
  assert.equal((await outcome(page)).err.code, 4001);
  assert.deepEqual(await seen(page), []);
  table.push(['top-layer overlay + "click anywhere" (clickjacking)', 'ticked and pressed Proceed', 'only opens our window; closing it cancels']);
  await page.close();
});

test('a content script (the page\'s relay) may not use the extension pages\' messages', async () => {
  const page = await open();
  const session = await page.context().newCDPSession(page);
  const contexts = [];
  session.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await session.send('Runtime.enable');
  await sleep(200);
  const iso = contexts.find((c) => c.auxData && c.auxData.type === 'isolated' && c.auxData.isDefault === false && c.auxData.frameId === contexts.find((d) => d.auxData && d.auxData.isDefault).auxData.frameId);
  assert.ok(iso, 'found our isolated world: ' + JSON.stringify(contexts.map((c) => [c.name, c.origin, c.auxData])));
  const results = {};
  for (const msg of [{ type: 'resetBundle' }, { type: 'settings', set: { pausedOrigins: [] } }, { type: 'tabSummary', tabId: 1 }, { type: 'feed-set-url', url: 'https://evil.example/feed.json' }, { type: 'wallet-confirm-answer', token: 'x', decision: 'proceed' }]) {
    const { result } = await session.send('Runtime.evaluate', { contextId: iso.id, awaitPromise: true, returnByValue: true, expression: `chrome.runtime.sendMessage(${JSON.stringify(msg)})` });
    results[msg.type + (msg.set ? '.set' : '')] = result.value && result.value.error;
  }
  for (const [k, v] of Object.entries(results)) assert.equal(v, 'not allowed from a web page', k);
  await session.detach();
  table.push(['content script sends resetBundle / settings.set / tabSummary / feed-set-url', 'accepted', 'refused']);
  await page.close();
});

test('summary', () => {
  console.log('# attack | before (issue audit) | after (this run)');
  for (const r of table) console.log(`# ${r.join(' | ')}`);
});
