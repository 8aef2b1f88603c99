// Hover cards (real mouse and keyboard), the popup and the options page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchWithExtension, serve, FIXTURES, overlayElements, waitForHighlights, waitForOverlay, waitFor,
  hostCount, drawnCount, openPopup, openOptions, sleep, tabIdFor, SANCTIONED_EVM, CLEAR_EVM, ROOT,
} from './lib.mjs';

const BAD = SANCTIONED_EVM.toLowerCase();
const GOOD = CLEAR_EVM.toLowerCase();

let ext;
let srv;

before(async () => {
  ext = await launchWithExtension();
  srv = await serve(FIXTURES);
});

after(async () => {
  await ext?.close();
  await srv?.close();
});

function overlaps(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function hover(page, selector) {
  await page.bringToFront(); // input to a background tab waits for frames that never come
  const box = await page.locator(selector).boundingBox();
  await page.mouse.move(box.x + 5, box.y + box.height / 2, { steps: 3 });
  return box;
}

test('hover card for a sanctioned address: entity, uid, programs, OFAC link; never covers the address', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/plain.html'));
  await waitForHighlights(page, 1);
  const addr = await hover(page, '#bad-addr');
  const [card] = await waitForOverlay(page, '.card');
  assert.equal(card.role, 'tooltip');
  assert.equal(card.address, BAD);
  assert.equal(card.verdict, 'sanctioned');
  assert.match(card.text, /On the OFAC SDN sanctions list/);
  assert.match(card.text, /LAZARUS GROUP/);
  assert.match(card.text, /SDN uid\s*\d+/);
  assert.match(card.text, /Programs/);
  assert.match(card.text, /Listed under\s*ETH/);
  const [link, report] = await overlayElements(page, '.card a');
  assert.match(link.attrs.href, /^https:\/\/sanctionssearch\.ofac\.treas\.gov\/Details\.aspx\?id=\d+$/);
  // Shown as wallets write it (EIP-55), and a "Report a mistake" link with the address in
  // its prefilled title (never the page's URL).
  assert.ok(card.text.includes(SANCTIONED_EVM), 'the checksummed address');
  assert.match(report.text, /Report a mistake/);
  assert.match(report.attrs.href, /^https:\/\/github\.com\/sightline-project\/sightline\/issues\/new\?title=/);
  assert.ok(decodeURIComponent(report.attrs.href).includes(SANCTIONED_EVM));
  assert.ok(!decodeURIComponent(report.attrs.href).includes(srv.origin));
  assert.equal(report.attrs.rel, 'noopener noreferrer');
  assert.ok(!overlaps(card.box, addr), `card ${JSON.stringify(card.box)} covers address ${JSON.stringify(addr)}`);
  // The card stays while the pointer moves onto it (to reach the link), and goes after leaving.
  await page.mouse.move(card.box.x + 20, card.box.y + 10, { steps: 4 });
  await sleep(400);
  assert.equal((await overlayElements(page, '.card')).length, 1);
  await page.mouse.move(5, 700, { steps: 2 });
  await waitFor(async () => (await overlayElements(page, '.card')).length === 0, { message: 'card hidden' });
  await page.close();
});

test('hover card for a clear address says it is not listed, with the list date', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/plain.html'));
  await waitForHighlights(page, 1);
  const addr = await hover(page, '#good-addr');
  const [card] = await waitForOverlay(page, '.card');
  assert.equal(card.verdict, 'clear');
  assert.equal(card.address, GOOD);
  // The packaged list is months old: the clear verdict says so (amber), with its date.
  assert.match(card.text, /Not on the OFAC SDN list of Aug 20, 2026, but this list is \d+ days old: check for updates/);
  assert.ok(!overlaps(card.box, addr));
  await page.close();
});

test('a listed Solana owner\'s USDC token account (as Solscan shows it) is flagged as that owner\'s, and the card says so', async () => {
  // The associated token account, derived by @solana/spl-token (tests/vectors/tx/solana_spl.json).
  const { ata } = JSON.parse(readFileSync(join(ROOT, 'tests', 'vectors', 'tx', 'solana_spl.json'), 'utf8'));
  const usdc = ata.find((a) => a.owner === '42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi' && a.mint.startsWith('EPjFWdd5'));
  const page = await ext.context.newPage();
  await page.goto(srv.url('/plain.html'));
  await waitForHighlights(page, 1);
  await page.evaluate((a) => { const p = document.createElement('p'); const s = document.createElement('span'); s.id = 'ata'; s.textContent = a; p.append('Token account ', s); document.body.prepend(p); }, usdc.ata);
  await waitFor(async () => (await overlayElements(page, '.hl')).some((h) => h.address === usdc.ata), { message: 'the token account flagged' });
  await hover(page, '#ata');
  const card = await waitFor(async () => (await overlayElements(page, '.card')).find((c) => c.address === usdc.ata), { message: 'its card' }).catch(async (e) => {
    await page.close();
    throw e;
  });
  assert.equal(card.verdict, 'sanctioned');
  try {
    assert.match(card.text, /Token account of Rolan SOKOLOVSKI for USDC \(owner wallet 42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi\)/);
  } finally {
    await page.close();
  }
});

test('keyboard: focusing a link that carries an address shows its card; Escape hides it', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/explorer.html'));
  await waitForHighlights(page, 1);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'from');
  const [card] = await waitForOverlay(page, '.card');
  assert.equal(card.address, BAD);
  assert.equal(card.role, 'tooltip');
  // A screen reader hears it: an assertive live region in our root, in the accessibility tree.
  const [live] = await waitFor(async () => {
    const els = await overlayElements(page, '[role=alert]');
    return els.length && els[0].text ? els : null;
  }, { message: 'the live region' });
  assert.match(live.text, /^On the OFAC SDN sanctions list — LAZARUS GROUP DPRK3 — 0x098b/i);
  assert.equal(live.attrs['aria-live'], 'assertive');
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const textOf = (n) => (n.name && n.name.value ? n.name.value : '') + (n.childIds || []).map((id) => (byId.has(id) ? textOf(byId.get(id)) : '')).join('');
  const alerts = nodes.filter((n) => n.role && n.role.value === 'alert');
  assert.ok(alerts.some((n) => textOf(n).includes('LAZARUS GROUP')), `an alert with the entity in the accessibility tree: ${JSON.stringify(alerts.map(textOf))}`);
  await page.keyboard.press('Escape');
  await waitFor(async () => (await overlayElements(page, '.card')).length === 0, { message: 'card hidden by Escape' });
  await page.close();
});

test('dark mode: the card follows prefers-color-scheme', async () => {
  const page = await ext.context.newPage();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(srv.url('/plain.html'));
  await waitForHighlights(page, 1);
  await hover(page, '#bad-addr');
  await waitForOverlay(page, '.card');
  const session = await ext.context.newCDPSession(page);
  // Read the computed background through the protocol (the root is closed to page scripts).
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const find = (n) => (n.localName === 'x-overlay-host' ? n : [...(n.children || []), ...(n.shadowRoots || [])].map(find).find(Boolean));
  const host = find(root);
  const { nodeId } = await session.send('DOM.querySelector', { nodeId: host.shadowRoots[0].nodeId, selector: '.card' });
  const { computedStyle } = await session.send('CSS.getComputedStyleForNode', { nodeId }).catch(async () => {
    await session.send('CSS.enable');
    return session.send('CSS.getComputedStyleForNode', { nodeId });
  });
  const bg = computedStyle.find((p) => p.name === 'background-color').value;
  assert.equal(bg, 'rgb(32, 33, 36)');
  await page.close();
});

test('popup: list provenance, this page’s addresses, the checker and the pause switch', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/plain.html'));
  await waitForHighlights(page, 1);
  const popup = await openPopup(ext, page.url());
  assert.equal(await popup.textContent('#list-source'), 'OFAC SDN list');
  assert.match(await popup.textContent('#list-date'), /^[A-Z][a-z]{2} \d{1,2}, \d{4} · \d+ days old$/); // as the UI language writes dates
  assert.match(await popup.textContent('#list-entries'), /^\d[\d,]*$/);
  // Distinct addresses, not listings (an address listed for two entities counts once).
  const { info } = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'info' }));
  assert.ok(info.addressCount > 0 && info.addressCount <= info.entryCount, `addressCount ${info.addressCount} of ${info.entryCount} entries`);
  assert.equal(Number((await popup.textContent('#list-entries')).replace(/\D/g, '')), info.addressCount);
  assert.match(await popup.textContent('#page-summary'), /2 addresses found on this page, 1 sanctioned/);
  const items = await popup.$$eval('#page-addresses li', (lis) => lis.map((li) => [li.dataset.sightlineAddress, li.dataset.sightlineVerdict]));
  assert.deepEqual(items, [[BAD, 'sanctioned'], [GOOD, 'clear']]);
  // Stale warning follows the list's age.
  const age = Number((await popup.textContent('#list-date')).match(/(\d+) days old/)[1]);
  assert.equal(await popup.isHidden('#list-stale'), age <= 14);
  // One age warning, not two: the feed section (once drawn) leaves the list's age to #list-stale.
  await popup.waitForSelector('#feed-status[data-sequence]', { state: 'attached' });
  const ageWarnings = await popup.$$eval('.warn', (els) => els.filter((e) => !e.hidden && /\d+ days old \(more than/.test(e.textContent)).length);
  assert.equal(ageWarnings, age > 14 ? 1 : 0);

  // Checker: text with one bad address, then something that is not an address (echoed as text).
  await popup.fill('#check-input', `please pay ${SANCTIONED_EVM} now`);
  await popup.click('#check-button');
  await popup.waitForSelector('#check-results li.bad');
  assert.match(await popup.textContent('#check-results'), /LAZARUS GROUP/);
  await popup.fill('#check-input', '<img src=x onerror=alert(1)>');
  await popup.click('#check-button');
  await popup.waitForSelector('#check-results li.none');
  assert.equal(await popup.$$eval('#check-results img', (x) => x.length), 0);

  // Pause on this site: highlights go; resume: they come back.
  assert.ok(await popup.isVisible('#pause'));
  assert.match(await popup.textContent('#pause-label'), new RegExp(srv.origin.replace(/[.]/g, '\\.')));
  await popup.check('#pause');
  await waitFor(async () => (await drawnCount(page)) === 0, { message: 'overlay removed when paused' });
  await popup.uncheck('#pause');
  await waitForHighlights(page, 1);
  await popup.close();
  await page.close();
});

test('options: chains to watch, a user list shown beside OFAC hits, dismissed warnings', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/plain.html'));
  await waitForHighlights(page, 1);
  const opts = await openOptions(ext);
  assert.match(await opts.textContent('#list-line'), /OFAC SDN list, published [A-Z][a-z]{2} \d{1,2}, \d{4}/);

  // Stop watching EVM: the outline goes away without a reload; watch all again: it returns.
  await opts.uncheck('#chain-all');
  await opts.uncheck('#chain-list input[value="evm"]');
  await waitFor(async () => (await drawnCount(page)) === 0 || (await overlayElements(page, '.hl')).length === 0, { message: 'EVM not watched' });
  await opts.check('#chain-all');
  await waitForHighlights(page, 1);

  // A user list whose label contains markup: it shows as text, beside OFAC hits.
  const label = 'Desk <b>watch</b>';
  await opts.fill('#import-label', label);
  await opts.fill('#import-text', `address,label\n${CLEAR_EVM},Known scam <img src=x>\nnot-an-address,bad row\n`);
  await opts.click('#import-form button[type="submit"]');
  await opts.waitForSelector('#import-report p');
  assert.match(await opts.textContent('#import-report'), /Imported 1 addresses; 1 rows skipped/);
  assert.equal(await opts.$$eval('#user-list-items strong', (s) => s.map((x) => x.textContent).join()), label);
  assert.equal(await opts.$$eval('#user-lists b, #user-lists img', (x) => x.length), 0);
  // The address on the user's list is now marked too, with a badge that does not say OFAC.
  await waitFor(async () => (await overlayElements(page, '.badge')).some((b) => b.address === GOOD && b.text === 'LIST'), { message: 'user-list badge' });
  // The clear address now carries the user's label in its card.
  await sleep(500);
  await hover(page, '#good-addr');
  const [card] = await waitForOverlay(page, '.card');
  assert.match(card.text, /Desk <b>watch<\/b>/);
  assert.match(card.text, /Known scam <img src=x>/);
  assert.equal((await overlayElements(page, '.card img, .card b')).length, 0);
  await page.mouse.move(5, 700);
  await sleep(400);

  // "I know this one": confirmed in Sightline's own window (Cancel there keeps the warning),
  // then the warning is dismissed, listed in options, and can be removed again.
  const knowThisOne = async () => {
    await hover(page, '#bad-addr');
    await waitForOverlay(page, '.card.sanctioned');
    const [btn] = await overlayElements(page, '.card button');
    await page.mouse.move(btn.box.x + 5, btn.box.y + 5, { steps: 4 });
    await page.bringToFront();
    const opened = page.context().waitForEvent('page', { predicate: (p) => p.url().includes('/confirm.html'), timeout: 5000 });
    await page.mouse.click(btn.box.x + 5, btn.box.y + 5);
    const w = await opened;
    await w.waitForFunction(() => document.getElementById('title').textContent !== '', null, { timeout: 5000 });
    return w;
  };
  let w = await knowThisOne();
  assert.match(await w.evaluate(() => document.body.innerText), new RegExp(`Stop warning about this address\\?[\\s\\S]*${BAD}[\\s\\S]*Lazarus`, 'i'));
  assert.equal(await w.$eval('#proceed', (b) => b.disabled), true, 'Stop warning waits for the tick');
  await w.click('#cancel');
  await sleep(400);
  assert.ok((await overlayElements(page, '.hl')).some((h) => h.address === BAD), 'Cancel in the window keeps the warning');
  assert.equal((await opts.evaluate(() => chrome.storage.local.get('dismissed'))).dismissed, undefined);
  await page.mouse.move(5, 700);
  await sleep(400);
  w = await knowThisOne();
  await w.check('#understand');
  await w.click('#proceed');
  await waitFor(async () => !(await overlayElements(page, '.hl')).some((h) => h.address === BAD), { message: 'dismissed outline removed' });
  await opts.bringToFront();
  await opts.waitForSelector(`#dismissed-items li[data-sightline-address="${BAD}"]`);
  await opts.click(`#dismissed-items li[data-sightline-address="${BAD}"] button`);
  await waitForHighlights(page, 1);

  // Remove the user list.
  await opts.click('#user-list-items button');
  await opts.waitForSelector('#user-list-items li.none');
  // Settings survive: stored in chrome.storage.local; the lists in IndexedDB, not there.
  const stored = await opts.evaluate(async () => [await chrome.storage.local.get('settings'), await chrome.storage.local.get(['userLists', 'dismissed']),
    await (await import('./background/bytes-store.js')).getUserLists()]);
  assert.equal(stored[0].settings.chains, null);
  assert.equal(stored[1].userLists, undefined, 'no list in storage.local');
  assert.deepEqual(stored[2], []);
  await opts.close();
  await page.close();
});

test('French UI: every message has a translation with the same placeholders', () => {
  const read = (l) => JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', l, 'messages.json'), 'utf8'));
  const en = read('en');
  const fr = read('fr');
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
  const subs = (s) => (s.match(/\$\d/g) || []).sort().join();
  for (const [k, v] of Object.entries(fr)) {
    assert.ok(v.message.trim(), `fr ${k} is empty`);
    assert.equal(subs(v.message), subs(en[k].message), `fr ${k} has the same placeholders`);
  }
  // Every key the UI asks for exists.
  const used = new Set();
  const ext = join(ROOT, 'extension');
  const sources = readdirSync(ext, { recursive: true }).filter((f) => /\.js$/.test(f) && !f.startsWith('_locales'));
  assert.ok(sources.length > 20, 'the extension sources were found');
  for (const f of sources) {
    for (const m of readFileSync(join(ext, f), 'utf8').matchAll(/\bt\('([A-Za-z_]+)'/g)) used.add(m[1]);
  }
  for (const f of readdirSync(ext).filter((f) => f.endsWith('.html'))) {
    for (const m of readFileSync(join(ROOT, 'extension', f), 'utf8').matchAll(/data-i18n(?:-attr)?="(?:[a-z]+:)?([A-Za-z]+)"/g)) used.add(m[1]);
  }
  for (const k of used) assert.ok(k in en, `message ${k} is defined`);
});

test('toolbar: the icon counts the sanctioned addresses of the tab, in red; a new page clears it', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/plain.html'));
  await waitForHighlights(page, 1);
  const tabId = await tabIdFor(ext, srv.url('/plain.html'));
  assert.ok(Number.isInteger(tabId));
  const badge = () => ext.sw.evaluate(async (id) => ({ text: await chrome.action.getBadgeText({ tabId: id }), color: await chrome.action.getBadgeBackgroundColor({ tabId: id }) }), tabId);
  await waitFor(async () => (await badge()).text === '1', { message: 'badge shows 1' });
  assert.deepEqual((await badge()).color, [208, 2, 27, 255]);
  await page.goto(srv.url('/decoys.html')); // no listed address there
  await waitFor(async () => (await badge()).text === '', { message: 'badge cleared on navigation' });
  await page.close();
});

test('shortened addresses: a possible hit in amber that names the listed address; a link with the full address decides; clean ends never fire', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/shortened.html'));
  await waitFor(async () => (await overlayElements(page, '.hl')).length >= 2, { message: 'highlights' });
  await sleep(600); // let every batch come back
  const hls = await overlayElements(page, '.hl');
  const possible = hls.filter((h) => h.verdict === 'possible');
  const red = hls.filter((h) => h.verdict === 'sanctioned');
  assert.equal(possible.length, 1, JSON.stringify(hls.map((h) => [h.verdict, h.address])));
  assert.equal(possible[0].address, '0x098B71...3E2f96');
  assert.equal(red.length, 1, 'the linked shortened display is flagged by its full address');
  assert.equal(red[0].address, BAD);
  const [badge] = (await overlayElements(page, '.badge')).filter((b) => b.verdict === 'possible');
  assert.match(badge.attrs['aria-label'], /^OFAC\? shortened address 0x098B71\.\.\.3E2f96 may be LAZARUS GROUP/);
  // Point at the shortened address itself.
  const at = await page.evaluate(() => {
    const n = document.querySelector('#short-bad').firstChild;
    const r = document.createRange();
    const i = n.data.indexOf('0x098B71');
    r.setStart(n, i);
    r.setEnd(n, i + 6);
    const b = r.getBoundingClientRect();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  });
  await page.bringToFront();
  await page.mouse.move(at.x, at.y, { steps: 3 });
  const [card] = await waitForOverlay(page, '.card');
  assert.equal(card.verdict, 'possible');
  assert.match(card.text, /Possibly a sanctioned address \(shortened\)/);
  assert.ok(card.text.includes(`LAZARUS GROUP's listed address ${SANCTIONED_EVM}`), card.text);
  assert.match(card.text, /check the full address before you send/);
  await page.close();
});
