// Firefox ESR smoke test: dist/firefox installed as a temporary add-on over plain WebDriver
// (geckodriver), one page with a sanctioned address gets our overlay, a decoy page does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { serve, FIXTURES, DIST_FIREFOX, sleep } from './lib.mjs';

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
    await sleep(200);
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
  srv = await serve(FIXTURES);
});

after(async () => {
  if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
  driver?.kill();
  await srv?.close();
});

test('Firefox ESR: the add-on loads, flags the sanctioned address, draws nothing on decoys', async () => {
  await wd('POST', `/session/${session}/url`, { url: srv.url('/plain.html') });
  // Our host element appears only when a sanctioned address was found and drawn.
  const drawn = await waitFor(() => exec("return document.querySelectorAll('sightline-overlay').length"));
  assert.equal(drawn, 1, 'overlay host inserted on the page with a sanctioned address');
  // Closed shadow root: invisible to the page.
  assert.equal(await exec("return document.querySelector('sightline-overlay').shadowRoot"), null);
  // The page's own text is untouched.
  const text = await exec("return document.getElementById('bad-addr').textContent");
  assert.equal(text, '0x098B716B8Aaf21512996dC57EB0615e2383E2f96');

  await wd('POST', `/session/${session}/url`, { url: srv.url('/decoys.html') });
  await sleep(1500);
  assert.equal(await exec("return document.querySelectorAll('sightline-overlay').length"), 0);
});
