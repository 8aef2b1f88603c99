// The feed refresh in Firefox ESR (background event page, chrome.alarms, CORS fetch from a
// moz-extension origin), through plain WebDriver + geckodriver (TOOLCHAIN.md): a test copy
// of dist/firefox whose engine pins the test key installs bundle 2 from a local feed and
// refuses a tampered one, keeping bundle 2.
import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, DIST_FIREFOX, waitFor } from './lib.mjs';
import { OUT, buildBundle, daysAgo, feedServer, manifestFor, testPkg } from './feed-fixture.mjs';
import { startFirefox } from './firefox-lib.mjs';

function firefoxTestExtension() {
  const dir = join(OUT, 'firefox-feed');
  rmSync(dir, { recursive: true, force: true });
  cpSync(DIST_FIREFOX, dir, { recursive: true });
  cpSync(join(ROOT, 'extension'), dir, { recursive: true, filter: (p) => !/[\\/](build\.mjs|manifest\.json)$/.test(p) });
  rmSync(join(dir, 'pkg'), { recursive: true, force: true });
  cpSync(testPkg(), join(dir, 'pkg'), { recursive: true });
  return dir;
}

test('feed refresh in Firefox ESR', { timeout: 240000 }, async (t) => {
  const work = join(OUT, 'feed-ff-work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const date = daysAgo(1);
  const b2 = buildBundle(work, [['0x' + '7d'.repeat(20), 'Firefox test entity', 'TEST']], { sequence: 2, sourceDate: date });
  const dir = firefoxTestExtension();
  const geckoId = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
  const uuid = randomUUID();

  const feed = await feedServer();
  const ff = await startFirefox({
    extensionDir: dir,
    systemAccess: true,
    // A known moz-extension:// UUID, so the test can open the options page.
    prefs: { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }) },
  });
  t.after(async () => {
    await ff.close();
    await feed.close();
  });
  // WebDriver refuses to navigate to moz-extension:// URLs: open the tab from the chrome context.
  await ff.openTab(`moz-extension://${uuid}/options.html`);
  await waitFor(async () => (await ff.wd('GET', '/url')).startsWith('moz-extension://'), { message: 'options loaded' });
  const send = (msg) => ff.wd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      const c = window.wrappedJSObject ? window.wrappedJSObject.chrome : window.chrome;
      c.runtime.sendMessage(arguments[0]).then((r) => done(JSON.parse(JSON.stringify(r))), (e) => done({ error: String(e) }));`,
    args: [msg],
  });

  const first = await waitFor(async () => {
    const st = await send({ type: 'feed-status' });
    // (The worker arms its alarm at start; the first answers may come before that.)
    return st?.list?.sequence === 1 && st.nextCheck ? st : null;
  }, { timeout: 20000, message: 'the packaged set and the armed alarm in Firefox' });
  assert.equal(first.refreshMinutes, 360);
  assert.ok(first.nextCheck > Date.now(), 'the refresh alarm is armed');

  await send({ type: 'feed-set-url', url: feed.manifestUrl });
  feed.set({ manifest: manifestFor(b2, { sequence: 2, sourceDate: date, url: 'bundles/2.bundle' }), files: { '/feed/bundles/2.bundle': b2 } });
  const updated = await send({ type: 'feed-refresh' });
  assert.equal(updated.lastCheck?.status, 'updated', JSON.stringify(updated.lastCheck));
  assert.equal(updated.list.sequence, 2);
  assert.equal(updated.list.sourceDate, date);

  const tampered = Buffer.from(b2);
  tampered[tampered.length >> 1] ^= 2;
  feed.set({ manifest: manifestFor(b2, { sequence: 3, sourceDate: date, url: 'bundles/3.bundle' }), files: { '/feed/bundles/3.bundle': tampered } });
  const refused = await send({ type: 'feed-refresh' });
  assert.equal(refused.lastCheck?.code, 'checksum', JSON.stringify(refused.lastCheck));
  assert.equal(refused.list.sequence, 2, 'bundle 2 stays');

  // The UI shows the result too ("Check for updates now" and the reason).
  await ff.wd('POST', '/refresh', {});
  const text = await waitFor(async () => {
    const v = await ff.exec('const e = document.getElementById("feed-options"); return e ? e.textContent : "";');
    return v.includes('Check for updates now') && v.includes('SHA-256') ? v : null;
  }, { message: 'the feed section in Firefox' });
  assert.match(text, /sequence 2/);
  for (const r of feed.requests) {
    assert.equal(r.method, 'GET');
    assert.equal(r.headers.cookie, undefined);
  }
});
