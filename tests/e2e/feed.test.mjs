// List refresh in real Chromium (issue 6), against a feed served from 127.0.0.1 and signed
// with the TEST key, by a test build of the extension that pins that key:
//
// The packaged set is the real bundle (sequence 1, OFAC list of 2026-08-20, signed with the
// real key); the feed serves sequences 2 and up.
//  1. "Check for updates now" (options page) picks up a bundle with an added address, and
//     the page already open flags it without reloading anything.
//  2. Tampered (checksum; and re-hashed, so the signature fails), older, truncated, wrongly
//     signed, oversized bundles and a missing manifest are refused, the reason is shown in
//     the popup, and the old set stays in force.
//     A popup left open switches to the new set too.
//  3. The alarm path (period shortened to 3 s, service worker evicted first) installs a
//     bundle where an address was delisted, and the page stops flagging it.
//  4. The set survives a browser restart (new context, same profile), and the start
//     checks the feed when the last check is older than the period.
//  5. A bundle past its signed expiry (issue 15: a frozen feed) is installed and warned
//     about in the popup and the options page, though its manifest claims a fresh date.
//  6. Every feed request is a plain GET without cookies or referrer, and the feed host is
//     the only host the extension contacted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import { launchWithExtension, openExtensionPage, overlayElements, serve, waitFor, sleep } from './lib.mjs';
import { OUT, buildBundle, daysAgo, feedServer, manifestFor, testExtension, wrongKey } from './feed-fixture.mjs';

// D: in the packaged set (LAZARUS GROUP) and bundle 2, delisted in bundle 3. K and A: added
// in bundle 2. C: never listed.
const D = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
const K = getAddress('0x' + '5e'.repeat(4) + '11'.repeat(16));
const A = getAddress('0x' + 'a7'.repeat(2) + 'c3'.repeat(18));
const C = '0x52908400098527886E0F7030069857D2E4169EE7';
const lower = (s) => s.toLowerCase();

const OLD_DATE = '2026-08-20';
const NEW_DATE = daysAgo(2);
// As the English UI writes it (shared/list-age.js shownDate).
const NEW_DATE_SHOWN = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${NEW_DATE}T00:00:00Z`));

const rows = (...addrs) => addrs.map((a) => [a, a === D ? 'LAZARUS GROUP' : `Test entity ${a.slice(2, 6)}`, 'DPRK3']);

async function flagged(page) {
  const hl = await overlayElements(page, '.hl');
  return new Set(hl.map((h) => lower(h.address || '')));
}

async function waitFlagged(page, want, notWant = [], message = '') {
  return waitFor(async () => {
    const f = await flagged(page);
    return want.every((a) => f.has(lower(a))) && notWant.every((a) => !f.has(lower(a)));
  }, { timeout: 15000, message: `highlights ${message}: want ${want}, not ${notWant}` });
}

async function storage(extPage, keys) {
  return extPage.evaluate((k) => chrome.storage.local.get(k), keys);
}

async function status(extPage) {
  return extPage.evaluate(() => chrome.runtime.sendMessage({ type: 'feed-status' }));
}

/** Clicks "Check for updates now" on an extension page and returns the stored result. */
async function clickCheck(extPage) {
  const before = (await storage(extPage, 'lastFeedCheck')).lastFeedCheck?.at ?? 0;
  await extPage.getByRole('button', { name: 'Check for updates now' }).click();
  const rec = await waitFor(async () => {
    const c = (await storage(extPage, 'lastFeedCheck')).lastFeedCheck;
    return c && c.at > before ? c : null;
  }, { timeout: 20000, message: 'a new feed check' });
  // The UI re-renders from the stored record.
  await waitFor(async () => (await extPage.locator('[data-feed="last-check"]').getAttribute('data-code')) === rec.code,
    { message: 'the check result in the UI' });
  return rec;
}

test('feed refresh in Chromium: update, refusals, alarm, delisting, restart', { timeout: 300000 }, async (t) => {
  const work = join(OUT, 'feed-work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const b1 = buildBundle(work, rows(D, K), { sequence: 1, sourceDate: OLD_DATE });
  const b2 = buildBundle(work, rows(D, K, A), { sequence: 2, sourceDate: NEW_DATE });
  const b3 = buildBundle(work, rows(K, A), { sequence: 3, sourceDate: NEW_DATE });
  const b4 = buildBundle(work, rows(K, A, C), { sequence: 4, sourceDate: NEW_DATE });
  const b4wrong = buildBundle(work, rows(K, A, C), { sequence: 4, sourceDate: NEW_DATE, key: wrongKey(join(work, 'wrong')) });
  const extDir = testExtension('chrome-feed');

  const feed = await feedServer();
  const elsewhere = await serve(work, {}); // another host, for the redirect case
  const pages = await serve(join(work, 'site'), {});
  mkdirSync(join(work, 'site'), { recursive: true });
  writeFileSync(join(work, 'site', 'page.html'), `<!doctype html><meta charset="utf-8"><title>feed test</title>
<p>Delisted later: <span id="d">${D}</span></p>
<p>Added by the feed: <span id="k">${K}</span></p>
<p>Added by the feed: <span id="a">${A}</span></p>
<p>Never listed: <span id="c">${C}</span></p>`);
  const profileDir = mkdtempSync(join(tmpdir(), 'sightline-feed-profile-'));
  let ext = await launchWithExtension(extDir, { profileDir });
  t.after(async () => {
    await ext.close();
    await feed.close();
    await elsewhere.close();
    await pages.close();
    rmSync(profileDir, { recursive: true, force: true });
  });
  // A cookie for the feed host: the extension must never send it.
  await ext.context.addCookies([{ name: 'tracker', value: 'do-not-send', url: feed.origin }]);

  const options = await openExtensionPage(ext, 'options.html');
  await options.waitForSelector('[data-feed="url"]');
  // The packaged set: sequence 1, OFAC list of 2026-08-20, far past 14 days: the warning shows.
  await waitFor(async () => (await status(options)).list?.sequence === 1, { message: 'packaged set loaded' });
  // (The options page's own list section shows the age warning; the feed section knows it too.)
  await waitFor(async () => (await options.locator('[data-feed="warning"]').getAttribute('data-stale-list')) === 'true',
    { message: 'stale list flagged' });
  assert.ok(await options.locator('#list-stale').isVisible(), 'the age warning is visible');

  // Feed URL through the options UI: plain http to another host is refused, and said so.
  await options.fill('[data-feed="url"]', 'http://example.com/feed/latest.json');
  await options.click('[data-feed="url-save"]');
  await waitFor(async () => (await options.locator('[data-feed="url-note"]').getAttribute('data-state')) === 'error', { message: 'URL refused' });
  assert.match(await options.locator('[data-feed="url-note"]').textContent(), /https/);
  assert.equal((await storage(options, 'feedUrl')).feedUrl, undefined);
  // "Check for updates now" checks the URL in the field: a refused one is not checked.
  const checkedBefore = (await storage(options, 'lastFeedCheck')).lastFeedCheck?.at ?? 0;
  await options.getByRole('button', { name: 'Check for updates now' }).click();
  await waitFor(async () => /Not checked/.test(await options.locator('[data-feed="message"]').textContent()), { message: 'refused URL not checked' });
  assert.equal((await storage(options, 'lastFeedCheck')).lastFeedCheck?.at ?? 0, checkedBefore, 'no check was made');
  // The good URL typed but not saved: the check saves it first (below, in the first step).
  await options.fill('[data-feed="url"]', feed.manifestUrl);

  const page = await ext.context.newPage();
  await page.goto(pages.url('/page.html'));
  await waitFlagged(page, [D], [K, A, C], 'with the packaged set');

  await t.test('a new bundle is picked up by "Check for updates now" and flagged without reload', async () => {
    feed.set({ manifest: manifestFor(b2, { sequence: 2, sourceDate: NEW_DATE, url: 'bundles/2.bundle' }), files: { '/feed/bundles/2.bundle': b2 } });
    // A popup left open switches too.
    const openPopup = await openExtensionPage(ext, 'popup.html');
    await openPopup.waitForSelector('[data-feed="check"]');
    assert.match(await openPopup.locator('#list-date').textContent(), /Aug 20, 2026/);
    const rec = await clickCheck(options);
    assert.equal(rec.status, 'updated', rec.reason);
    assert.equal(rec.trigger, 'manual');
    assert.equal(rec.url, feed.manifestUrl, 'the URL in the field was checked');
    assert.equal((await storage(options, 'feedUrl')).feedUrl, feed.manifestUrl, 'and saved');
    await waitFor(async () => (await options.locator('[data-feed="message"]').textContent()).includes(`Checked ${feed.manifestUrl}: `), { message: 'the result names the URL' });
    assert.equal((await status(options)).list.sequence, 2);
    await waitFlagged(page, [D, K, A], [C], 'after the update (page not reloaded)');
    // Fresh list: no staleness warning any more; the sequence and date are shown.
    await waitFor(async () => (await options.locator('[data-feed="warning"]').getAttribute('data-stale-list')) === 'false',
      { message: 'stale flag cleared' });
    assert.ok(!(await options.locator('[data-feed="warning"]').isVisible()), 'no feed warning');
    const listText = await options.locator('[data-feed="list"]').textContent();
    assert.match(listText, new RegExp(`${NEW_DATE_SHOWN}.*2`));
    await waitFor(async () => (await openPopup.locator('#list-date').textContent()).includes(NEW_DATE_SHOWN), { message: 'the open popup shows the new date' });
    await waitFor(async () => (await openPopup.locator('#feed-status').getAttribute('data-sequence')) === '2', { message: 'the open popup shows sequence 2' });
    await openPopup.close();
  });

  await t.test('bad bundles are refused with the reason shown, and the old set is kept', async () => {
    const popup = await openExtensionPage(ext, 'popup.html');
    await popup.waitForSelector('[data-feed="check"]');
    const tampered = Buffer.from(b4);
    tampered[Math.floor(tampered.length / 2)] ^= 0x40;
    const cases = [
      ['tampered (hash mismatch)', { manifest: manifestFor(b4, { sequence: 4, sourceDate: NEW_DATE, url: 'bundles/4t.bundle' }), files: { '/feed/bundles/4t.bundle': tampered } }, 'checksum', /SHA-256/],
      ['tampered (manifest re-hashed)', { manifest: manifestFor(tampered, { sequence: 4, sourceDate: NEW_DATE, url: 'bundles/4t.bundle' }) }, 'bundle', /refused/],
      ['older', { manifest: manifestFor(b1, { sequence: 1, sourceDate: OLD_DATE, url: 'bundles/1.bundle' }), files: { '/feed/bundles/1.bundle': b1 } }, 'older', /older|rollback/],
      ['truncated', { manifest: manifestFor(b4, { sequence: 4, sourceDate: NEW_DATE, url: 'bundles/4c.bundle' }), files: { '/feed/bundles/4c.bundle': b4.subarray(0, b4.length - 100) } }, 'truncated', /truncated/],
      ['wrongly signed', { manifest: manifestFor(b4wrong, { sequence: 4, sourceDate: NEW_DATE, url: 'bundles/4w.bundle' }), files: { '/feed/bundles/4w.bundle': b4wrong } }, 'bundle', /signature|signed/i],
      ['oversized', { manifest: { ...manifestFor(b4, { sequence: 4, sourceDate: NEW_DATE, url: 'bundles/4.bundle' }), size: 2 ** 40 } }, 'too-large', /limit/],
      ['off-origin bundle URL', { manifest: manifestFor(b4, { sequence: 4, sourceDate: NEW_DATE, url: 'https://example.com/4.bundle' }) }, 'off-origin', /origin/],
      ['not JSON', { manifest: Buffer.from('<html>rate limited</html>') }, 'manifest', /not JSON/],
      ['missing manifest', { manifest: null }, 'http', /HTTP 404/],
      ['feed never answers', { manifest: 'hang' }, 'timeout', /within 2 s/],
      // Hostile feeds: the caps apply while streaming, the timeout aborts, no redirect is followed.
      ['endless manifest without Content-Length', { manifest: 'endless' }, 'manifest', /more than a manifest can be/],
      ['manifest that trickles forever', { manifest: 'trickle' }, 'timeout', /within 2 s/],
      ['redirect to another host', { manifest: { redirect: `${elsewhere.origin}/feed/latest.json` } }, 'network', /./],
    ];
    await popup.evaluate(() => chrome.storage.local.set({ feedTimeoutSeconds: 2 }));
    for (const [name, served, code, reason] of cases) {
      feed.set(served);
      const rec = await clickCheck(popup);
      assert.equal(rec.code, code, `${name}: ${rec.reason}`);
      assert.ok(rec.status === (['http', 'timeout', 'network'].includes(code) ? 'failed' : 'refused'), `${name}: ${rec.status}`);
      if (served.manifest === 'endless' || served.manifest === 'trickle') {
        // The download was cancelled, not read to the end: the server saw the client go.
        const after = await waitFor(() => feed.closedAfter(), { timeout: 10000, message: `${name}: the client hung up` });
        assert.ok(after < 64 << 20, `${name}: ${after} bytes sent before the client hung up`);
      }
      assert.match(rec.reason, reason, name);
      const shown = await popup.locator('#feed-status').textContent();
      assert.ok(shown.includes(rec.reason), `${name}: the popup shows the reason (${shown})`);
      assert.equal((await status(popup)).list.sequence, 2, `${name}: the set in force is still bundle 2`);
    }
    await popup.evaluate(() => chrome.storage.local.remove('feedTimeoutSeconds'));
    assert.deepEqual(elsewhere.requests, [], 'the redirect target was never contacted');
    // Still flagging with bundle 2.
    await waitFlagged(page, [D, K, A], [C], 'after the refusals');
    assert.equal((await storage(popup, 'lastFeedSuccess')).lastFeedSuccess < (await storage(popup, 'lastFeedCheck')).lastFeedCheck.at, true);
    await popup.close();
  });

  await t.test('the alarm installs a delisting, and the page stops flagging it', async () => {
    feed.set({ manifest: manifestFor(b3, { sequence: 3, sourceDate: NEW_DATE, url: 'bundles/3.bundle' }), files: { '/feed/bundles/3.bundle': b3 } });
    const alarm = await options.evaluate(() => chrome.alarms.get('sightline-refresh'));
    assert.ok(alarm && alarm.periodInMinutes === 360, `default 6 h alarm armed: ${JSON.stringify(alarm)}`);
    await options.evaluate(() => chrome.storage.local.set({ refreshMinutes: 0.05 }));
    // Evict the service worker: the alarm must wake it, and the check run from storage alone.
    await ext.sw.evaluate(() => { globalThis.sightlineTestMarker = 1; });
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    const rec = await waitFor(async () => {
      const c = (await storage(options, 'lastFeedCheck')).lastFeedCheck;
      return c && c.trigger === 'alarm' && c.status === 'updated' ? c : null;
    }, { timeout: 90000, interval: 250, message: 'an alarm-triggered update' });
    assert.equal(rec.feedSequence, 3);
    const sw = ext.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${ext.extensionId}/`));
    assert.ok(sw, 'a worker runs again');
    assert.equal(await sw.evaluate(() => globalThis.sightlineTestMarker), undefined, 'it is a new worker (the old one was evicted)');
    await waitFlagged(page, [K, A], [D, C], 'after the delisting');
    // Later alarm checks find nothing newer.
    await waitFor(async () => (await storage(options, 'lastFeedCheck')).lastFeedCheck.status === 'current',
      { timeout: 90000, interval: 250, message: 'an alarm check that finds the feed current' });
    await options.evaluate(() => chrome.storage.local.remove('refreshMinutes'));
    await waitFor(async () => (await options.evaluate(() => chrome.alarms.get('sightline-refresh')))?.periodInMinutes === 360,
      { message: 'alarm back to 6 h' });
  });

  await t.test('the refreshed set survives a browser restart, which checks when overdue', async () => {
    // Pretend the last check is 7 hours old: the next start must check at once.
    await options.evaluate(async () => {
      const { lastFeedCheck } = await chrome.storage.local.get('lastFeedCheck');
      await chrome.storage.local.set({ lastFeedCheck: { ...lastFeedCheck, at: Date.now() - 7 * 3600 * 1000 } });
    });
    await ext.context.close();
    ext = await launchWithExtension(extDir, { profileDir });
    const opts = await openExtensionPage(ext, 'options.html');
    await waitFor(async () => (await status(opts)).list?.sequence === 3, { message: 'bundle 3 after restart' });
    const startup = await waitFor(async () => {
      const c = (await storage(opts, 'lastFeedCheck')).lastFeedCheck;
      return c && c.trigger === 'startup' ? c : null;
    }, { timeout: 20000, message: 'a check at startup' });
    assert.equal(startup.status, 'current', startup.reason);
    const p = await ext.context.newPage();
    await p.goto(pages.url('/page.html'));
    await waitFlagged(p, [K, A], [D, C], 'after restart');
    assert.equal((await storage(opts, 'feedUrl')).feedUrl, feed.manifestUrl);
    // No successful check for more than 3 days: the options page warns.
    await opts.waitForSelector('[data-feed="warning"]', { state: 'attached' });
    assert.ok(!(await opts.locator('[data-feed="warning"]').isVisible()));
    await opts.evaluate(() => chrome.storage.local.set({ lastFeedSuccess: Date.now() - 4 * 86400000 }));
    // (Shown, then filled by the same render: wait for both, so a read between the two does not fail.)
    await waitFor(async () => (await opts.locator('[data-feed="warning"]').isVisible()) && /more than 3 days/.test(await opts.locator('[data-feed="warning"]').textContent()),
      { message: 'the stale-check warning' });
    assert.match(await opts.locator('[data-feed="warning"]').textContent(), /more than 3 days/);
  });

  await t.test('a bundle past its signed expiry is warned about, whatever the manifest says', async () => {
    // Signed 40 days ago with the default 30 days of validity: expired 10 days ago.
    process.env.SOURCE_DATE_EPOCH = String(Math.floor(Date.now() / 1000) - 40 * 86400);
    let expired;
    try {
      expired = buildBundle(work, rows(K, A, C), { sequence: 4, sourceDate: daysAgo(41) });
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
    feed.set({ manifest: manifestFor(expired, { sequence: 4, sourceDate: daysAgo(1), url: 'bundles/4.bundle' }), files: { '/feed/bundles/4.bundle': expired } });
    const popup = await openExtensionPage(ext, 'popup.html');
    await popup.waitForSelector('[data-feed="check"]');
    // From the packaged list (undated signing), as a client whose feed froze 40 days ago had
    // it: bundle 3 is signed today, and a bundle dated before it is refused (below).
    assert.deepEqual(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'resetBundle' })), { ok: true });
    const rec = await clickCheck(popup);
    assert.equal(rec.status, 'updated', rec.reason);
    for (const page of [popup, await openExtensionPage(ext, 'options.html')]) {
      await page.reload();
      const box = page.locator('#list-stale');
      await waitFor(async () => (await box.getAttribute('data-expired')) === 'true', { message: `${page.url()}: the expiry flagged` });
      assert.ok(await box.isVisible(), 'the expiry warning is visible');
      assert.match(await box.textContent(), /expired on/);
      assert.match(await box.getAttribute('class'), /\bwarn\b/, 'amber');
      assert.equal(await box.getAttribute('data-future'), 'false');
    }
    assert.equal((await status(popup)).list.sequence, 4);
    assert.ok((await status(popup)).list.expiresAt, 'the engine exposes expiresAt');
    // A higher sequence dated before the installed list is a rollback in disguise: refused,
    // the installed list kept.
    const older = buildBundle(work, rows(K), { sequence: 5, sourceDate: daysAgo(60) });
    feed.set({ manifest: manifestFor(older, { sequence: 5, sourceDate: daysAgo(60), url: 'bundles/5.bundle' }), files: { '/feed/bundles/5.bundle': older } });
    const back = await clickCheck(popup);
    assert.equal(back.status, 'refused', JSON.stringify(back));
    assert.equal(back.code, 'dated-before', back.reason);
    assert.match(back.reason, /dated before the installed list/);
    assert.equal((await status(popup)).list.sequence, 4, 'the installed list is kept');
    // The popup words it in the UI's language (feed_reason_dated_before_source), the
    // dates as the UI writes them.
    const shownDay = (ymd) => new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${ymd}T00:00:00Z`));
    assert.deepEqual([back.reasonKey, back.reasonParams], ['dated_before_source', [daysAgo(60), daysAgo(41)]]);
    assert.equal(await popup.locator('[data-feed="last-check"]').getAttribute('data-code'), 'dated-before');
    assert.match(await popup.locator('#feed-status').textContent(),
      new RegExp(`refused: the feed's list is dated ${shownDay(daysAgo(60))}, before the installed list \\(${shownDay(daysAgo(41))}\\)`));
    // A clear verdict on a page says it rests on a list whose dates cannot be trusted.
    const p = await ext.context.newPage();
    await p.goto(pages.url('/page.html'));
    await waitFlagged(p, [K, A, C], [D], 'under the expired list');
    await p.bringToFront();
    const box = await p.locator('#d').boundingBox();
    await p.mouse.move(box.x + 5, box.y + box.height / 2, { steps: 3 });
    const card = await waitFor(async () => (await overlayElements(p, '.card')).find((c) => /Not on the OFAC SDN list/.test(c.text)), { message: 'the clear card' });
    assert.match(card.text, /dates cannot be trusted/);
    await p.close();
    await popup.close();
  });

  await t.test('feed requests are plain GETs without cookies, referrer or custom headers', () => {
    assert.ok(feed.requests.length >= 10, `feed requests: ${feed.requests.length}`);
    const allowed = new Set(['host', 'connection', 'user-agent', 'accept', 'accept-encoding', 'accept-language', 'origin',
      'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'sec-fetch-storage-access', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform',
      'cache-control', 'pragma']);
    for (const r of feed.requests) {
      assert.equal(r.method, 'GET', r.path);
      assert.match(r.path, /^\/feed\/(latest\.json|bundles\/[\w.]+)$/);
      assert.equal(r.headers.cookie, undefined, `no cookie on ${r.path}`);
      assert.equal(r.headers.referer, undefined, `no referrer on ${r.path}`);
      for (const h of Object.keys(r.headers)) assert.ok(allowed.has(h), `unexpected header ${h} on ${r.path}`);
    }
    // The test page server saw only the page loads (the extension made no request there).
    for (const r of pages.requests) assert.ok(r.path === '/page.html' || r.path === '/favicon.ico', r.path);
  });
  await sleep(10);
});
