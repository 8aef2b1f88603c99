// Firefox ESR smoke test: dist/firefox installed as a temporary add-on over plain WebDriver
// (geckodriver). A page with a sanctioned address is flagged and a decoy page is not (asked
// of the content scripts from an extension page: the page itself cannot tell, by design);
// what the page can see of us is the same on both: one host with a closed shadow root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { serve, FIXTURES, DIST_FIREFOX, sleep, waitFor, OVERLAY_HOST } from './lib.mjs';
import { startFirefox } from './firefox-lib.mjs';

let ff;
let srv;
let uuid;

before(async () => {
  const geckoId = JSON.parse(readFileSync(join(DIST_FIREFOX, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
  uuid = randomUUID();
  ff = await startFirefox({ extensionDir: DIST_FIREFOX, systemAccess: true, prefs: { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }) } });
  srv = await serve(FIXTURES);
});

after(async () => {
  await ff?.close();
  await srv?.close();
});

const exec = (script, args) => ff.exec(script, args);

// What the content script of the tab showing `url` found ({count, sanctioned}), asked from
// an extension page (tabs.sendMessage), then back to the page's tab.
async function summaryOf(url) {
  const pageHandle = await ff.wd('GET', '/window');
  await ff.openTab(`moz-extension://${uuid}/options.html`);
  await waitFor(async () => (await ff.wd('GET', '/url')).startsWith('moz-extension://'), { message: 'extension page' });
  const sum = await ff.wd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      const b = window.wrappedJSObject ? window.wrappedJSObject.browser : window.browser;
      (async () => {
        for (const tab of await b.tabs.query({})) {
          try {
            const r = await b.tabs.sendMessage(tab.id, { type: 'pageSummary' }, { frameId: 0 });
            if (r && r.url === arguments[0]) return { count: r.count, sanctioned: r.sanctioned };
          } catch {}
        }
        return null;
      })().then(done, (e) => done({ error: String(e) }));`,
    args: [url],
  });
  await ff.wd('DELETE', '/window');
  await ff.wd('POST', '/window', { handle: pageHandle });
  return sum;
}

test('Firefox ESR: the add-on loads, flags the sanctioned address, not the decoys; the page cannot tell which', async () => {
  const plain = srv.url('/plain.html');
  await ff.wd('POST', '/url', { url: plain });
  await waitFor(() => exec(`return document.querySelectorAll('${OVERLAY_HOST}').length`), { timeout: 15000, message: 'our host' });
  const flagged = await waitFor(async () => {
    const s = await summaryOf(plain);
    return s && s.sanctioned >= 1 ? s : null;
  }, { timeout: 20000, message: 'the sanctioned address flagged in Firefox' });
  assert.ok(flagged.count >= 1);
  const seenOnPlain = await exec(`return [...document.querySelectorAll('${OVERLAY_HOST}')].map((h) => [h.parentNode.nodeName, h.shadowRoot === null])`);
  assert.deepEqual(seenOnPlain, [['HTML', true]], 'one host, closed shadow root');
  // The page's own text is untouched.
  const text = await exec("return document.getElementById('bad-addr').textContent");
  assert.equal(text, '0x098B716B8Aaf21512996dC57EB0615e2383E2f96');

  const decoys = srv.url('/decoys.html');
  await ff.wd('POST', '/url', { url: decoys });
  await sleep(1500);
  const s = await waitFor(() => summaryOf(decoys), { timeout: 15000, message: 'decoy page summary' });
  assert.equal(s.sanctioned, 0, 'nothing flagged on decoys');
  // Exactly what the page with a sanctioned address saw: nothing tells them apart.
  assert.deepEqual(await exec(`return [...document.querySelectorAll('${OVERLAY_HOST}')].map((h) => [h.parentNode.nodeName, h.shadowRoot === null])`), seenOnPlain);
});
