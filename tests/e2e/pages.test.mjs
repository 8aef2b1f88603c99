// Pages in real Chromium with the built extension (dist/chrome): what gets found, what
// gets drawn, and that the page itself is left alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchWithExtension, serve, FIXTURES, overlayElements, waitForHighlights, waitForOverlay,
  hostCount, drawnCount, pageSummary, openPopup, waitFor, sleep, SANCTIONED_EVM, CLEAR_EVM,
} from './lib.mjs';

const BAD = SANCTIONED_EVM.toLowerCase();
const GOOD = CLEAR_EVM.toLowerCase();
const CSP = "script-src 'self'";

let ext;
let srv;
let other; // a second origin (and site: "localhost" vs "127.0.0.1") for cross-origin frames

before(async () => {
  ext = await launchWithExtension();
  srv = await serve(FIXTURES, { headers: { '/csp.html': { 'Content-Security-Policy': CSP } } });
  other = await serve(FIXTURES);
});

after(async () => {
  await ext?.close();
  await srv?.close();
  await other?.close();
});

async function open(path) {
  const page = await ext.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.goto(srv.url(path));
  page.errors = errors;
  return page;
}

async function pageTextSnapshot(page) {
  return page.evaluate(() => ({ html: document.body.innerHTML, text: document.body.innerText }));
}

test('plain page: the sanctioned address is outlined with a badge, the clear one is not', async () => {
  const page = await open('/plain.html');
  const hl = await waitForHighlights(page, 1);
  assert.ok(hl.every((h) => h.address === BAD && h.verdict === 'sanctioned'));
  const badges = await overlayElements(page, '.badge');
  assert.equal(badges.length, 1);
  assert.equal(badges[0].address, BAD);
  // The outline sits over the address text.
  const span = await page.locator('#bad-addr').boundingBox();
  const box = hl[0].box;
  assert.ok(Math.abs(box.x - span.x) < 3 && Math.abs(box.width - span.width) < 3, `outline ${JSON.stringify(box)} vs text ${JSON.stringify(span)}`);
  // Nothing drawn for the clear address; the popup summary lists both.
  assert.ok(!(await overlayElements(page)).some((e) => e.address === GOOD));
  const sum = await waitFor(async () => {
    const s = await pageSummary(ext, page.url());
    return s && s.count === 2 ? s : null;
  }, { message: 'page summary with 2 addresses' });
  assert.equal(sum.sanctioned, 1);
  assert.deepEqual(sum.addresses.map((a) => a.address).sort(), [BAD, GOOD].sort());
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the outline follows the text on scroll, resize and re-render', async () => {
  const page = await open('/plain.html');
  await waitForHighlights(page, 1);
  const matches = async () => {
    const span = await page.locator('#bad-addr').boundingBox();
    const hl = await overlayElements(page, '.hl');
    return hl.length > 0 && hl.every((h) => Math.abs(h.box.y - span.y) < 3 && Math.abs(h.box.x - span.x) < 3);
  };
  await page.evaluate(() => {
    document.body.style.paddingBottom = '3000px';
    window.scrollBy(0, 70);
  });
  await waitFor(matches, { message: 'outline after scroll' });
  await page.setViewportSize({ width: 700, height: 600 }); // the paragraph rewraps
  await waitFor(matches, { message: 'outline after resize' });
  await page.evaluate(() => document.getElementById('bad').prepend(document.createElement('br'))); // re-render moves it
  await waitFor(matches, { message: 'outline after re-render' });
  await page.close();
});

test('page text and DOM are unchanged by the extension', async () => {
  // The same page with and without the extension's work: compare with a fresh fetch of the HTML.
  const page = await open('/plain.html');
  await waitForHighlights(page, 1);
  const snap = await pageTextSnapshot(page);
  const fresh = await ext.context.newPage();
  await fresh.setContent(await (await fetch(srv.url('/plain.html'))).text());
  const pristine = await fresh.evaluate(() => document.body.innerHTML);
  assert.equal(snap.html, pristine);
  assert.ok(snap.text.includes(SANCTIONED_EVM));
  // Our only trace in the page's DOM is one host element outside <body>.
  const hosts = await page.evaluate(() => [...document.querySelectorAll('x-overlay-host')].map((e) => [e.parentNode.nodeName, e.shadowRoot]));
  assert.deepEqual(hosts, [['HTML', null]]); // closed root: invisible to the page
  await fresh.close();
  await page.close();
});

test("page with Content-Security-Policy: script-src 'self' still gets highlights", async () => {
  const page = await open('/csp.html');
  const res = await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('content-security-policy')));
  assert.equal(res, CSP);
  // The policy is enforced on the page: an inline script is refused.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.appendChild(s);
  });
  assert.equal(await page.evaluate(() => window.__inline), undefined);
  const hl = await waitForHighlights(page, 1);
  assert.equal(hl[0].address, BAD);
  await page.close();
});

test('addresses inserted after load (rows appended, a text node changed in place) are found', async () => {
  const page = await open('/late.html');
  // Two sanctioned occurrences arrive: a new row at 400 ms, a changed text node at 900 ms.
  await waitFor(async () => {
    const hl = await overlayElements(page, '.badge');
    return hl.length >= 2;
  }, { message: 'two badges on the late page' });
  const sum = await pageSummary(ext, page.url());
  assert.equal(sum.count, 2);
  assert.equal(sum.sanctioned, 1);
  await page.close();
});

test('open shadow roots, <wbr> splits and zero-width spaces', async () => {
  const page = await open('/shadow.html');
  const badges = await waitForOverlay(page, '.badge', 3);
  assert.equal(badges.length, 3);
  assert.ok(badges.every((b) => b.address === BAD));
  // Each outline sits on its own element.
  const ys = [];
  for (const sel of ['#row', '#wbr', '#zw']) {
    const b = await page.locator(sel).boundingBox();
    ys.push(b.y + b.height / 2);
  }
  const hl = await overlayElements(page, '.hl');
  for (const y of ys) assert.ok(hl.some((h) => h.box.y <= y && h.box.y + h.box.height >= y), `an outline at y=${y}`);
  await page.close();
});

test('iframes: same-origin and cross-origin frames get their own highlights', async () => {
  const otherUrl = `http://localhost:${other.port}/frame-inner.html`;
  const page = await open(`/iframe.html?other=${encodeURIComponent(otherUrl)}`);
  await waitFor(() => page.frames().length >= 3, { message: 'three frames' });
  const same = page.frames().find((f) => f.url() === srv.url('/frame-inner.html'));
  const cross = page.frames().find((f) => f.url() === otherUrl);
  assert.ok(same && cross);
  const a = await waitForHighlights(same, 1);
  const b = await waitForHighlights(cross, 1);
  assert.equal(a[0].address, BAD);
  assert.equal(b[0].address, BAD);
  // Nothing is drawn in the top document, which has no address itself.
  assert.equal(await drawnCount(page.mainFrame()), 0);
  // The popup's count covers the frames: each frame reports to the background.
  await waitFor(async () => {
    const popup = await openPopup(ext, page.url());
    const text = await popup.textContent('#page-summary');
    await popup.close();
    return /1 address found on this page, 1 sanctioned/.test(text);
  }, { message: "the popup counting the frames' address", timeout: 8000 });
  await page.close();
});

test('truncated explorer link: the full address in href/title/data-*/aria-label is found', async () => {
  const page = await open('/explorer.html');
  const hl = await waitForHighlights(page, 2);
  // Two sanctioned carriers: the link's href and the aria-label; the clear one (title) is not drawn.
  assert.ok(hl.every((h) => h.address === BAD));
  const link = await page.locator('#from').boundingBox();
  assert.ok(hl.some((h) => Math.abs(h.box.x - link.x) < 2 && Math.abs(h.box.width - link.width) < 2), 'outline around the truncated link');
  const sum = await waitFor(async () => {
    const s = await pageSummary(ext, page.url());
    return s && s.count === 2 ? s : null;
  }, { message: 'both addresses in the summary' });
  assert.deepEqual(sum.addresses.map((x) => x.address).sort(), [BAD, GOOD].sort());
  await page.close();
});

test('decoys only: nothing is drawn and no host element is inserted', async () => {
  const page = await open('/decoys.html');
  await sleep(1500);
  assert.equal(await drawnCount(page), 0);
  const sum = await pageSummary(ext, page.url());
  assert.equal(sum.count, 0);
  assert.equal(sum.busy, false);
  await page.close();
});

test('hostile page: HTML and script in echoed text stay text', async () => {
  const page = await open('/hostile.html');
  const hl = await waitForHighlights(page, 4);
  assert.ok(hl.every((h) => h.address === BAD));
  // Hover the text occurrence to render a card (it echoes list data, never page text).
  const t1 = await page.locator('#t1').boundingBox();
  const mark = hl.find((h) => Math.abs(h.box.y - t1.y) < t1.height);
  await page.mouse.move(mark.box.x + 20, mark.box.y + mark.box.height / 2);
  await waitForOverlay(page, '.card');
  const tags = new Set((await overlayElements(page, '*')).map((e) => e.tag));
  for (const bad of ['img', 'script', 'svg', 'style', 'iframe']) assert.ok(!tags.has(bad), `no <${bad}> in our overlay`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(page.errors, []);
  await page.close();
});
