// Shared helpers for Sightline's end-to-end tests (real Chromium via playwright-core,
// Firefox ESR via geckodriver). Every *.test.mjs in this folder may import these.
//
//   const ext = await launchWithExtension(DIST_CHROME);   // {context, sw, extensionId, profileDir, close}
//   const srv = await serve(FIXTURES, { headers: { '/csp.html': { 'Content-Security-Policy': "script-src 'self'" } } });
//   const page = await ext.context.newPage(); await page.goto(srv.url('/plain.html'));
//   await waitForHighlights(page, 1);
//   const popup = await openPopup(ext);          // chrome-extension://<id>/popup.html
//   await srv.close(); await ext.close();
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_CHROME = join(ROOT, 'dist', 'chrome');
export const DIST_FIREFOX = join(ROOT, 'dist', 'firefox');
export const FIXTURES = join(ROOT, 'tests', 'e2e', 'pages');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Our host elements (extension/content/overlay.js HOST_TAG, wallet-guard/dialog.js HOST_TAG): the tests
// find them by these names, so a change there fails here.
export const OVERLAY_HOST = 'x-overlay-host';
export const DIALOG_HOST = 'x-dialog-host';

/** In the bundled set (LAZARUS GROUP). */
export const SANCTIONED_EVM = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
/** Valid EIP-55 address, not listed. */
export const CLEAR_EVM = '0x52908400098527886E0F7030069857D2E4169EE7';

/** Chromium flags that load an unpacked extension (TOOLCHAIN.md). */
export function extensionArgs(distDir) {
  return [
    `--disable-extensions-except=${distDir}`,
    `--load-extension=${distDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-sandbox',
  ];
}

/**
 * Launches Chromium with the unpacked extension at `distDir` in a persistent profile.
 * Options: profileDir (reuse a profile, e.g. to test a restart; not deleted on close),
 * headless (default true), viewport, colorScheme, args (extra flags).
 * Returns {context, sw, extensionId, profileDir, close}.
 */
export async function launchWithExtension(distDir = DIST_CHROME, opts = {}) {
  if (!existsSync(join(distDir, 'manifest.json'))) {
    throw new Error(`${distDir} has no manifest.json: run ./build.sh first`);
  }
  const ownProfile = !opts.profileDir;
  const profileDir = opts.profileDir || mkdtempSync(join(tmpdir(), 'sightline-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    headless: opts.headless ?? true,
    executablePath: CHROMIUM,
    args: [...extensionArgs(distDir), ...(opts.args || [])],
    viewport: opts.viewport || { width: 1280, height: 800 },
    colorScheme: opts.colorScheme || 'light',
    locale: opts.locale || 'en-US',
  });
  const sw = await serviceWorker(context);
  const extensionId = new URL(sw.url()).host;
  return {
    context,
    sw,
    extensionId,
    profileDir,
    async close() {
      await context.close().catch(() => {});
      if (ownProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** The extension's service worker (waits for it to start). */
export async function serviceWorker(context, timeout = 15000) {
  const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (existing) return existing;
  return context.waitForEvent('serviceworker', { timeout, predicate: (w) => w.url().startsWith('chrome-extension://') });
}

/** Opens an extension page (popup.html, options.html, ...) in a new tab. */
export async function openExtensionPage(ext, path, query = '') {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/${path}${query}`);
  return page;
}

/**
 * Opens the popup as a tab. A popup opened this way is itself the active tab, so pass
 * `tabUrl` (the URL of an open page) and the popup reports on that tab (popup.html?tabId=N).
 */
export async function openPopup(ext, tabUrl) {
  let q = '';
  if (tabUrl) {
    const id = await tabIdFor(ext, tabUrl);
    if (id == null) throw new Error(`no tab with a Sightline content script shows ${tabUrl}`);
    q = `?tabId=${id}`;
  }
  const page = await openExtensionPage(ext, 'popup.html', q);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
  return page;
}

export async function openOptions(ext) {
  const page = await openExtensionPage(ext, 'options.html');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 10000 });
  return page;
}

/** Sends a message to the background router from an extension page (popup/options). */
export async function sendToBackground(extPage, msg) {
  return extPage.evaluate((m) => chrome.runtime.sendMessage(m), msg);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.bundle': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` on 127.0.0.1 (port 0 = any free port).
 * opts.headers: {'/path.html': {Header: value}} per path, or a function (path) => headers.
 * opts.routes: {'/path': (req, res) => void} custom handlers (checked first).
 * opts.onRequest: (req) => void, e.g. to record what a client asked for.
 * Returns {port, origin, url(path), requests, close()}.
 */
export async function serve(dir, opts = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push({ method: req.method, path: url.pathname, headers: req.headers });
    if (opts.onRequest) opts.onRequest(req);
    const route = opts.routes && opts.routes[url.pathname];
    if (route) return route(req, res);
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(normalize(dir)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const extra = typeof opts.headers === 'function' ? opts.headers(path) || {} : (opts.headers && opts.headers[path]) || {};
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store', ...extra });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    requests,
    url: (p) => origin + p,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

async function cdpFor(frame) {
  const page = frame.page();
  if (frame !== page.mainFrame()) {
    try {
      return { session: await page.context().newCDPSession(frame), url: null }; // out-of-process frame
    } catch {}
    return { session: await page.context().newCDPSession(page), url: frame.url() };
  }
  return { session: await page.context().newCDPSession(page), url: null };
}

function findNodes(node, pred, out = [], stopAtDocs = false) {
  if (pred(node)) out.push(node);
  for (const c of node.children || []) findNodes(c, pred, out, stopAtDocs);
  for (const r of node.shadowRoots || []) findNodes(r, pred, out, stopAtDocs);
  if (node.contentDocument && !stopAtDocs) findNodes(node.contentDocument, pred, out, stopAtDocs);
  return out;
}

/**
 * What Sightline drew in `target` (a Page or a Frame): elements matching `selector` inside
 * our CLOSED shadow root. Page scripts and Playwright selectors cannot see into it; the
 * DevTools protocol (DOM.getDocument with pierce) can. Returns
 * [{address, verdict, className, role, id, text, box: {x, y, width, height} | null}],
 * boxes in the top page's CSS pixels. Also returns [] when no host is inserted.
 */
export async function overlayElements(target, selector = '[data-sightline-address]') {
  // The page (and our drawing) keeps changing while we read it over the protocol: a node id
  // can go stale between two calls. Read again then.
  for (let attempt = 0; ; attempt++) {
    try {
      return await overlayElementsOnce(target, selector);
    } catch (e) {
      if (attempt >= 4 || !/Could not find node|No node with given id|Cannot find context/.test(String(e && e.message))) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function overlayElementsOnce(target, selector) {
  const frame = typeof target.mainFrame === 'function' ? target.mainFrame() : target;
  const { session, url } = await cdpFor(frame);
  try {
    const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
    let doc = root;
    if (url) {
      const docs = findNodes(root, (n) => n.nodeName === '#document' && n.documentURL === url);
      if (!docs.length) return [];
      doc = docs[0];
    }
    const hosts = findNodes(doc, (n) => n.localName === OVERLAY_HOST, [], true);
    const out = [];
    for (const host of hosts) {
      const sr = (host.shadowRoots || [])[0];
      if (!sr) continue;
      const { nodeIds } = await session.send('DOM.querySelectorAll', { nodeId: sr.nodeId, selector });
      for (const nodeId of nodeIds) {
        const { attributes } = await session.send('DOM.getAttributes', { nodeId });
        const attrs = {};
        for (let i = 0; i < attributes.length; i += 2) attrs[attributes[i]] = attributes[i + 1];
        let box = null;
        try {
          const { model } = await session.send('DOM.getBoxModel', { nodeId });
          const q = model.border;
          box = { x: q[0], y: q[1], width: q[2] - q[0], height: q[5] - q[1] };
        } catch {}
        const { object } = await session.send('DOM.resolveNode', { nodeId });
        const { result } = await session.send('Runtime.callFunctionOn', {
          objectId: object.objectId,
          functionDeclaration: 'function () { return [this.textContent, this.tagName]; }',
          returnByValue: true,
        });
        out.push({
          address: attrs['data-sightline-address'] ?? null,
          verdict: attrs['data-sightline-verdict'] ?? null,
          className: attrs.class ?? '',
          role: attrs.role ?? null,
          id: attrs.id ?? null,
          tag: result.value[1].toLowerCase(),
          text: result.value[0],
          attrs,
          box,
        });
      }
    }
    return out;
  } finally {
    await session.detach().catch(() => {});
  }
}

/** How many of our host elements are in `target` (Page or Frame): one on every page we run in. */
export async function hostCount(target) {
  return target.locator(OVERLAY_HOST).count();
}

/** How many things we drew (highlights, cards, hints, banners) in `target`'s closed root. */
export async function drawnCount(target) {
  return (await overlayElements(target, '.layer > *')).length;
}

/** Waits until `selector` matches at least `n` elements in our overlay. */
export async function waitForOverlay(target, selector, n = 1, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const els = await overlayElements(target, selector);
    if (els.length >= n) return els;
    if (Date.now() > deadline) throw new Error(`expected ${n} overlay element(s) matching ${selector}, saw ${els.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until at least `n` highlight boxes (`.hl`) are drawn in `frame`. */
export async function waitForHighlights(target, n = 1, timeout = 10000) {
  return waitForOverlay(target, '.hl', n, timeout);
}

/** Resolves when `fn()` returns a truthy value (polling), or throws after `timeout`. */
export async function waitFor(fn, { timeout = 10000, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message} (last: ${last})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * The id of the tab showing `pageUrl` (exact URL), found without the `tabs` permission:
 * each tab's content script answers 'pageSummary' with its URL.
 */
export async function tabIdFor(ext, pageUrl) {
  return ext.sw.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({});
    for (const t of tabs) {
      try {
        const r = await chrome.tabs.sendMessage(t.id, { type: 'pageSummary' }, { frameId: 0 });
        if (r && r.url === url) return t.id;
      } catch {}
    }
    return null;
  }, pageUrl);
}

/** The page summary the popup shows (asked of the content script in the page's top frame). */
export async function pageSummary(ext, pageUrl) {
  return ext.sw.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({});
    for (const t of tabs) {
      try {
        const r = await chrome.tabs.sendMessage(t.id, { type: 'pageSummary' }, { frameId: 0 });
        if (r && r.url === url) return r;
      } catch {}
    }
    return null;
  }, pageUrl);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
