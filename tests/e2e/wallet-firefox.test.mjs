// Firefox ESR: the wallet guard over plain WebDriver (geckodriver). A clean request passes
// through the page-world wrapper, the relay and the engine to the fake wallet; a sanctioned
// one raises our dialog and a real Escape key press cancels it with code 4001. (The dialog's
// closed shadow root is not reachable over WebDriver: its content is tested in Chromium.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, ROOT, DIST_FIREFOX, sleep, waitFor as waitUntil, SANCTIONED_EVM } from './lib.mjs';
import { startFirefox } from './firefox-lib.mjs';

let ff;
let srv;

before(async () => {
  ff = await startFirefox({ extensionDir: DIST_FIREFOX });
  srv = await serve(join(ROOT, 'tests', 'e2e', 'wallet-pages'));
});

after(async () => {
  await ff?.close();
  await srv?.close();
});

const exec = (script, args) => ff.exec(script, args);
const waitFor = (fn, timeout = 15000) => waitUntil(fn, { timeout, message: 'the page state' });

const start = (req) => exec(`window.__r = undefined; window.ethereum.request(${JSON.stringify(req)}).then(
  (v) => (window.__r = { ok: v }), (e) => (window.__r = { err: { code: e.code, message: e.message } })); return 0;`);

test('Firefox ESR: clean request passes, sanctioned request is held by the dialog, Escape cancels with 4001', async () => {
  await ff.wd('POST', '/url', { url: srv.url('/dapp.html?mode=eth') });
  // The page-world script ran: request is wrapped (a Proxy prints as native code), and it left
  // nothing on window.
  assert.equal(await exec(`return Function.prototype.toString.call(window.ethereum.request).includes('native code')`), true, 'page-world script ran');
  assert.equal(await exec(`return Object.getOwnPropertyNames(window).filter((k) => /sightline/i.test(k)).length`), 0);
  // The engine may still be starting: the first answer can take a moment.
  const clean = { method: 'eth_sendTransaction', params: [{ to: '0x52908400098527886e0f7030069857d2e4169ee7', value: '0x1' }] };
  await start(clean);
  const r1 = await waitFor(() => exec('return window.__r'));
  assert.deepEqual(r1, { ok: '0xresult:eth_sendTransaction' });
  assert.equal(await exec('return window.__seen.length'), 1);
  assert.equal(await exec(`return document.querySelectorAll('x-dialog-host').length`), 0);

  await start({ method: 'eth_sendTransaction', params: [{ to: SANCTIONED_EVM, value: '0x1' }] });
  const shown = await waitFor(() => exec(`return document.querySelectorAll('x-dialog-host').length`), 5000);
  assert.equal(shown, 1, 'dialog host inserted');
  await sleep(300);
  assert.equal(await exec('return window.__r'), null, 'the call waits for the user');
  await ff.wd('POST', '/actions', {
    actions: [{ type: 'key', id: 'kbd', actions: [{ type: 'keyDown', value: '\uE00C' }, { type: 'keyUp', value: '\uE00C' }] }],
  });
  const r2 = await waitFor(() => exec('return window.__r'), 5000);
  assert.deepEqual(r2, { err: { code: 4001, message: 'User rejected the request.' } });
  assert.equal(await exec('return window.__seen.length'), 1, 'the wallet saw nothing more');
});
