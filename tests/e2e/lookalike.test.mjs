// Look-alike recipients (address poisoning): a send to an address that shares its first 4
// and last 4 characters with one the user sent to before, but is another address, stops at
// a warning in the wallet guard and gets a note in a send field. The history is local,
// switchable and clearable in Options.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import { launchWithExtension, serve, FIXTURES, ROOT, openOptions, sendToBackground, waitFor, waitForOverlay, overlayElements, CLEAR_EVM } from './lib.mjs';
import { openDapp, start, outcome, seen, waitDialog, noDialogFor, click } from './wallet-lib.mjs';

const USER = '0x1111111111111111111111111111111111111111';
const KNOWN = CLEAR_EVM; // 0x5290…9EE7: the address the user really pays
// A vanity-style imitation, as poisoners grind them: the same first 4 and last 4 hex digits
// after 0x, a different middle (so a different, valid address).
const LOOKALIKE = getAddress(`0x${KNOWN.slice(2, 6)}${"d15ea5e0".repeat(4)}${KNOWN.slice(-4)}`.toLowerCase());
const send = (to) => JSON.stringify({ method: 'eth_sendTransaction', params: [{ from: USER, to, value: '0x1' }] });

let ext;
let srv;
let pages;

before(async () => {
  ext = await launchWithExtension();
  srv = await serve(join(ROOT, 'tests', 'e2e', 'wallet-pages'));
  pages = await serve(FIXTURES);
});

after(async () => {
  await ext?.close();
  await srv?.close();
  await pages?.close();
});

const known = async (opts) => (await sendToBackground(opts, { type: 'recipients-status' })).count;

test('a send to a look-alike of a past recipient is held with the known address named; the real one passes', async () => {
  assert.notEqual(LOOKALIKE.toLowerCase(), KNOWN.toLowerCase());
  assert.equal(LOOKALIKE.slice(0, 6).toLowerCase(), KNOWN.slice(0, 6).toLowerCase());
  assert.equal(LOOKALIKE.slice(-4).toLowerCase(), KNOWN.slice(-4).toLowerCase());
  const opts = await openOptions(ext);
  assert.equal(await known(opts), 0);
  await opts.close(); // it asks for the count on every change, which would refill the cache
  const page = await openDapp(ext, srv, 'eth');
  // 1. The user pays the real address: nothing to say, and it becomes a known recipient.
  await start(page, `window.ethereum.request(${send(KNOWN)})`);
  await noDialogFor(page);
  assert.ok((await outcome(page)).ok, 'forwarded');
  // From here the history is answered from memory: the send's own write must not send the
  // next check to storage.local (under a flood of tab reports that read waited 102-683 ms).
  await ext.sw.evaluate(() => {
    const area = chrome.storage.local;
    globalThis.__rawGet = area.get.bind(area);
    globalThis.__recipientReads = 0;
    area.get = (keys, ...rest) => {
      if (keys === 'recipients' || (Array.isArray(keys) && keys.includes('recipients'))) globalThis.__recipientReads++;
      return globalThis.__rawGet(keys, ...rest);
    };
  });
  const stored = () => ext.sw.evaluate(async () => ((await globalThis.__rawGet('recipients')).recipients || []).length);
  await waitFor(async () => (await stored()) === 1, { message: 'the recipient is remembered' });
  // 2. Later, a look-alike from the history: held, naming the address it imitates.
  await start(page, `window.ethereum.request(${send(LOOKALIKE)})`);
  const d = await waitDialog(page);
  assert.equal(await ext.sw.evaluate(() => globalThis.__recipientReads), 0, 'the history was kept in memory after the send');
  assert.equal(d.verdict, 'lookalike');
  assert.match(d.text, /looks like one you sent to before/);
  assert.ok(d.text.includes(KNOWN.toLowerCase()), d.text);
  assert.ok(d.text.includes(LOOKALIKE), 'the look-alike shown as wallets write it');
  assert.equal(d.focused, 'cancel', 'Cancel is the default');
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  assert.equal((await seen(page)).length, 1, 'the wallet saw only the first send');
  // 3. The real one again: no warning (it is known).
  await start(page, `window.ethereum.request(${send(KNOWN)})`);
  await noDialogFor(page);
  assert.ok((await outcome(page)).ok);
  // 4. In a send field, the look-alike gets a note too.
  const form = await ext.context.newPage();
  await form.goto(pages.url('/send.html'));
  await form.click('#to');
  await form.keyboard.type(LOOKALIKE, { delay: 1 });
  await waitFor(async () => (await overlayElements(form, '.field')).some((f) => f.verdict === 'lookalike' && f.text.includes(KNOWN.toLowerCase())), { message: 'field note' });
  await form.close();
  await page.close();
});

test('a page cannot plant an address in the history; Options turns the check off and forgets the history', async () => {
  const opts = await openOptions(ext);
  const before = await known(opts);
  // An address no checked request named: refused (the message is one a content script may
  // send, so a page could ask its way here).
  const page = await openDapp(ext, srv, 'eth');
  const r = await sendToBackground(opts, { type: 'wallet-sent', addresses: ['0x000000000000000000000000000000000000dead'] });
  assert.equal(r.recorded, 0, 'only addresses of a request checked in the last minute are recorded');
  assert.equal(await known(opts), before);
  // Off: the look-alike passes without a word.
  await opts.uncheck('#lookalikes-on');
  await waitFor(async () => (await sendToBackground(opts, { type: 'settings' })).settings.lookalikes === false, { message: 'switch saved' });
  await start(page, `window.ethereum.request(${send(LOOKALIKE)})`);
  await noDialogFor(page);
  assert.ok((await outcome(page)).ok);
  // Forget them.
  await opts.check('#lookalikes-on');
  await opts.click('#lookalikes-clear');
  await waitFor(async () => (await known(opts)) === 0, { message: 'history cleared' });
  await page.close();
  await opts.close();
});
