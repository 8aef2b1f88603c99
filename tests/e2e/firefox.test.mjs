// Firefox ESR smoke test: dist/firefox installed as a temporary add-on over plain WebDriver
// (geckodriver), one page with a sanctioned address gets our overlay, a decoy page does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, FIXTURES, DIST_FIREFOX, sleep, waitFor } from './lib.mjs';
import { startFirefox } from './firefox-lib.mjs';

let ff;
let srv;

before(async () => {
  ff = await startFirefox({ extensionDir: DIST_FIREFOX });
  srv = await serve(FIXTURES);
});

after(async () => {
  await ff?.close();
  await srv?.close();
});

const exec = (script, args) => ff.exec(script, args);

test('Firefox ESR: the add-on loads, flags the sanctioned address, draws nothing on decoys', async () => {
  await ff.wd('POST', '/url', { url: srv.url('/plain.html') });
  // Our host element appears only when a sanctioned address was found and drawn.
  const drawn = await waitFor(() => exec("return document.querySelectorAll('sightline-overlay').length"), { timeout: 15000, message: 'the overlay' });
  assert.equal(drawn, 1, 'overlay host inserted on the page with a sanctioned address');
  // Closed shadow root: invisible to the page.
  assert.equal(await exec("return document.querySelector('sightline-overlay').shadowRoot"), null);
  // The page's own text is untouched.
  const text = await exec("return document.getElementById('bad-addr').textContent");
  assert.equal(text, '0x098B716B8Aaf21512996dC57EB0615e2383E2f96');

  await ff.wd('POST', '/url', { url: srv.url('/decoys.html') });
  await sleep(1500);
  assert.equal(await exec("return document.querySelectorAll('sightline-overlay').length"), 0);
});
