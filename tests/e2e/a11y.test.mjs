// Accessibility (axe-core) on every surface a user meets, and French as a French user runs it.
//
// axe cannot enter a CLOSED shadow root, and ours are closed on purpose (a page must not read
// what we draw). So this file runs a copy of dist/chrome whose two page scripts attach their
// roots open: the one change, made here and checked to have happened; everything else is
// the shipped build. Surfaces: the popup, the options page, the confirm window, the www
// pages, a page with a hover card open, and the wallet dialog. Zero serious or critical
// violations; the rest are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, serve, FIXTURES, ROOT, DIST_CHROME, openPopup, openOptions, openExtensionPage, waitForHighlights, waitForOverlay, SANCTIONED_EVM } from './lib.mjs';
import { openDapp, start, waitDialog } from './wallet-lib.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const OPEN_DIST = mkdtempSync(join(tmpdir(), 'sightline-open-'));

let ext;
let srv;
let wallets;
let site;

before(async () => {
  cpSync(DIST_CHROME, OPEN_DIST, { recursive: true });
  for (const f of ['content.js', 'wallet-guard.js']) {
    const p = join(OPEN_DIST, f);
    const src = readFileSync(p, 'utf8');
    const open = src.replace(/mode:\s*"closed"/g, 'mode:"open"');
    assert.notEqual(open, src, `${f}: the closed shadow root was found and opened for axe`);
    writeFileSync(p, open);
  }
  ext = await launchWithExtension(OPEN_DIST);
  srv = await serve(FIXTURES);
  wallets = await serve(join(ROOT, 'tests', 'e2e', 'wallet-pages'));
  site = await serve(join(ROOT, 'dist', 'www'));
});

after(async () => {
  await ext?.close();
  await srv?.close();
  await wallets?.close();
  await site?.close();
  rmSync(OPEN_DIST, { recursive: true, force: true });
});

const results = [];

/** Runs axe on `page` (WCAG 2.1 A/AA + best practices); fails on serious or critical issues. */
async function axe(page, surface) {
  // Through the DevTools protocol: extension pages' CSP (rightly) refuses inline scripts.
  await page.evaluate(AXE);
  const r = await page.evaluate(async () => {
    const out = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], resultTypes: ['violations'] });
    return out.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, where: v.nodes.slice(0, 2).map((n) => n.target.join(' ')) }));
  });
  const bad = r.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  results.push([surface, r.length, bad.length, r.map((v) => `${v.id}(${v.impact})`).join(' ')]);
  assert.deepEqual(bad, [], `${surface}: ${JSON.stringify(bad)}`);
}

test('axe: the popup on a page with a sanctioned address', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/plain.html'));
  await waitForHighlights(page, 1);
  const popup = await openPopup(ext, srv.url('/plain.html'));
  await popup.waitForSelector('#page-addresses li');
  await axe(popup, 'popup');
  // The popup fits Chrome's 600 px cap.
  const h = await popup.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  results.push(['popup height (en)', `${h} px`, '', '']);
  assert.ok(h <= 600, `popup is ${h} px tall`);
  await popup.close();
  await page.close();
});

test('axe: the options page and the confirm window', async () => {
  const opts = await openOptions(ext);
  await opts.waitForSelector('#chains input');
  await axe(opts, 'options');
  await opts.close();
  const win = await openExtensionPage(ext, 'confirm.html', '?t=none');
  await win.waitForSelector('#ended:not([hidden])');
  await axe(win, 'confirm window (ended)');
  await win.close();
});

test('axe: a page with a hover card open (our shadow root opened for the test)', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/plain.html'));
  await waitForHighlights(page, 1);
  const box = await page.locator('#bad-addr').boundingBox();
  await page.mouse.move(box.x + 5, box.y + box.height / 2, { steps: 3 });
  await waitForOverlay(page, '.card');
  await axe(page, 'page + sanctioned card');
  await page.close();
});

test('axe: the wallet dialog', async () => {
  const page = await openDapp(ext, wallets, 'eth');
  await start(page, `window.ethereum.request({ method: 'eth_sendTransaction', params: [{ from: '0x52908400098527886E0F7030069857D2E4169EE7', to: '${SANCTIONED_EVM}', value: '0x1' }] })`);
  await waitDialog(page);
  await axe(page, 'wallet dialog');
  await page.close();
});

test('axe: the www pages', async () => {
  for (const p of ['index.html', 'checker.html', 'list.html']) {
    const page = await ext.context.newPage();
    await page.goto(site.url(`/${p}`));
    await page.waitForLoadState('networkidle');
    await axe(page, `www ${p}`);
    await page.close();
  }
});

test('French: with --lang=fr the extension speaks French (popup, card, dialog dates)', async () => {
  const fr = await launchWithExtension(DIST_CHROME, { args: ['--lang=fr'], locale: 'fr-FR' });
  try {
    const page = await fr.context.newPage();
    await page.goto(srv.url('/plain.html'));
    await waitForHighlights(page, 1);
    const popup = await openPopup(fr, srv.url('/plain.html'));
    const ui = await popup.evaluate(() => chrome.i18n.getUILanguage());
    assert.match(ui, /^fr/, `UI language ${ui} (is chromium-l10n installed?)`);
    await popup.waitForSelector('#page-addresses li');
    const text = await popup.evaluate(() => document.body.innerText);
    assert.match(text, /Liste de sanctions/i, text.slice(0, 300));
    assert.match(text, /Cette page/i);
    assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/, 'no raw ISO date in the popup');
    const h = await popup.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    results.push(['popup height (fr)', `${h} px`, '', '']);
    assert.ok(h <= 600, `popup is ${h} px tall in French`);
    await popup.close();
    const box = await page.locator('#bad-addr').boundingBox();
    await page.bringToFront();
    await page.mouse.move(box.x + 5, box.y + box.height / 2, { steps: 3 });
    const [card] = await waitForOverlay(page, '.card');
    assert.match(card.text, /Sur la liste de sanctions SDN de l’OFAC/);
    assert.match(card.text, /Signaler une erreur/);
    await page.close();
  } finally {
    await fr.close();
  }
});

test('report', () => {
  console.log('\naxe-core (WCAG 2.1 A/AA + best practices): surface, violations, serious+critical, ids');
  for (const r of results) console.log('  ' + r.join('  |  '));
});
