// Firefox ESR over plain WebDriver (geckodriver), as TOOLCHAIN.md describes: one session
// with a temporary add-on installed. Shared by every *firefox*.test.mjs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { waitFor } from './lib.mjs';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER || 'geckodriver';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/**
 * Starts geckodriver and a headless Firefox ESR session, installs `extensionDir` as a
 * temporary add-on. `prefs` go to Firefox; `systemAccess` lets the session use the chrome
 * context (needed to open moz-extension:// pages, which WebDriver refuses to navigate to).
 * Returns { wd(method, path, body), exec(script, args), execAsync(script, args),
 * openTab(url), close() }; paths passed to wd are relative to the session.
 */
export async function startFirefox({ extensionDir, prefs = {}, systemAccess = false }) {
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} not found (./build.sh installs firefox-esr)`);
  const port = await freePort();
  const args = ['--port', String(port), '--host', '127.0.0.1'];
  if (systemAccess) args.push('--allow-system-access');
  const driver = spawn(GECKODRIVER, args, { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  let session = null;
  const close = async () => {
    if (session) await call('DELETE', `/session/${session}`).catch(() => {});
    driver.kill();
  };
  try {
    await waitFor(() => fetch(`${base}/status`).then((r) => r.ok, () => false), { timeout: 15000, message: 'geckodriver' });
    const s = await call('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'firefox', 'moz:firefoxOptions': { binary: FIREFOX, args: ['-headless'], prefs } } },
    });
    session = s.sessionId;
    await call('POST', `/session/${session}/moz/addon/install`, { path: extensionDir, temporary: true });
  } catch (e) {
    await close();
    throw e;
  }
  const wd = (method, path, body) => call(method, `/session/${session}${path}`, body);
  const exec = (script, args = []) => wd('POST', '/execute/sync', { script, args });
  const execAsync = (script, args = []) => wd('POST', '/execute/async', { script, args });
  /** Opens `url` in a new tab from the chrome context and switches to it. */
  const openTab = async (url) => {
    const before = await wd('GET', '/window/handles');
    await wd('POST', '/moz/context', { context: 'chrome' });
    await exec(
      `const win = Services.wm.getMostRecentWindow('navigator:browser');
       win.gBrowser.selectedTab = win.gBrowser.addTab(arguments[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });`,
      [url],
    );
    await wd('POST', '/moz/context', { context: 'content' });
    const handle = await waitFor(async () => (await wd('GET', '/window/handles')).find((h) => !before.includes(h)), { message: `a tab for ${url}` });
    await wd('POST', '/window', { handle });
  };
  return { wd, exec, execAsync, openTab, close };
}
