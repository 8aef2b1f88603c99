// Firefox ESR: the wallet guard over plain WebDriver (geckodriver). A clean request passes
// through the page-world wrapper, the relay and the engine to the fake wallet; a sanctioned
// one raises our dialog and a real Escape key press cancels it with code 4001. (The dialog's
// closed shadow root is not reachable over WebDriver: its content is tested in Chromium.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serve, ROOT, DIST_FIREFOX, sleep, SANCTIONED_EVM } from './lib.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER || 'geckodriver';

let driver;
let base;
let session;
let srv;

async function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function wd(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

const exec = (script, args = []) => wd('POST', `/session/${session}/execute/sync`, { script, args });

async function waitFor(fn, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) return v;
    await sleep(100);
  }
}

before(async () => {
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} not found`);
  const port = await freePort();
  driver = spawn(GECKODRIVER, ['--port', String(port), '--host', '127.0.0.1'], { stdio: 'ignore' });
  base = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    try {
      return (await fetch(`${base}/status`)).ok;
    } catch {
      return false;
    }
  });
  const s = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'firefox', 'moz:firefoxOptions': { binary: FIREFOX, args: ['-headless'] } } },
  });
  session = s.sessionId;
  await wd('POST', `/session/${session}/moz/addon/install`, { path: DIST_FIREFOX, temporary: true });
  srv = await serve(join(ROOT, 'tests', 'e2e', 'wallet-pages'));
});

after(async () => {
  if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
  driver?.kill();
  await srv?.close();
});

const start = (req) => exec(`window.__r = undefined; window.ethereum.request(${JSON.stringify(req)}).then(
  (v) => (window.__r = { ok: v }), (e) => (window.__r = { err: { code: e.code, message: e.message } })); return 0;`);

test('Firefox ESR: clean request passes, sanctioned request is held by the dialog, Escape cancels with 4001', async () => {
  await wd('POST', `/session/${session}/url`, { url: srv.url('/dapp.html?mode=eth') });
  assert.equal(await exec(`return '__sightlineInpage' in window`), true, 'page-world script ran');
  // The engine may still be starting: the first answer can take a moment.
  const clean = { method: 'eth_sendTransaction', params: [{ to: '0x52908400098527886e0f7030069857d2e4169ee7', value: '0x1' }] };
  await start(clean);
  const r1 = await waitFor(() => exec('return window.__r'));
  assert.deepEqual(r1, { ok: '0xresult:eth_sendTransaction' });
  assert.equal(await exec('return window.__seen.length'), 1);
  assert.equal(await exec(`return document.querySelectorAll('sightline-wallet-dialog').length`), 0);

  await start({ method: 'eth_sendTransaction', params: [{ to: SANCTIONED_EVM, value: '0x1' }] });
  const shown = await waitFor(() => exec(`return document.querySelectorAll('sightline-wallet-dialog').length`), 5000);
  assert.equal(shown, 1, 'dialog host inserted');
  await sleep(300);
  assert.equal(await exec('return window.__r'), null, 'the call waits for the user');
  await wd('POST', `/session/${session}/actions`, {
    actions: [{ type: 'key', id: 'kbd', actions: [{ type: 'keyDown', value: '\uE00C' }, { type: 'keyUp', value: '\uE00C' }] }],
  });
  const r2 = await waitFor(() => exec('return window.__r'), 5000);
  assert.deepEqual(r2, { err: { code: 4001, message: 'User rejected the request.' } });
  assert.equal(await exec('return window.__seen.length'), 1, 'the wallet saw nothing more');
});
