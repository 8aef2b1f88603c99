// Send forms: an address typed or pasted into an input, textarea or contenteditable is
// checked at once; a sanctioned paste also raises a banner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, serve, FIXTURES, overlayElements, waitForOverlay, waitFor, hostCount, drawnCount, sleep, SANCTIONED_EVM, CLEAR_EVM } from './lib.mjs';

const BAD = SANCTIONED_EVM.toLowerCase();
const GOOD = CLEAR_EVM.toLowerCase();

let ext;
let srv;

before(async () => {
  ext = await launchWithExtension();
  srv = await serve(FIXTURES);
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
});

after(async () => {
  await ext?.close();
  await srv?.close();
});

async function pasteInto(page, selector, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.click(selector);
  await page.keyboard.press('Control+V');
}

test('pasting a sanctioned address into an input: warning beside the field and a banner', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/send.html'));
  await sleep(300);
  assert.equal(await drawnCount(page), 0, 'nothing drawn before the paste');
  await pasteInto(page, '#to', SANCTIONED_EVM);
  assert.equal(await page.inputValue('#to'), SANCTIONED_EVM, 'the paste itself is not blocked or changed');
  const [field] = await waitForOverlay(page, '.field');
  assert.equal(field.address, BAD);
  assert.equal(field.verdict, 'sanctioned');
  assert.equal(field.role, 'alert');
  assert.match(field.text, /LAZARUS GROUP/);
  // Beside the field: to its right, vertically aligned, not covering it.
  const input = await page.locator('#to').boundingBox();
  assert.ok(field.box.x >= input.x + input.width, `warning right of the field (${field.box.x} vs ${input.x + input.width})`);
  assert.ok(Math.abs(field.box.y - input.y) < 4);
  const [banner] = await waitForOverlay(page, '.banner');
  assert.equal(banner.role, 'alert');
  assert.equal(banner.address, BAD);
  assert.match(banner.text, /LAZARUS GROUP/);
  assert.ok(banner.text.includes(SANCTIONED_EVM), 'the address as wallets write it (EIP-55), not lowercased');
  assert.match(banner.text, /OFAC/);
  await page.close();
});

test('typing a clear address: a quiet "not listed" note, no banner; clearing the field removes it', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/send.html'));
  await page.click('#to');
  await page.keyboard.type(CLEAR_EVM, { delay: 2 });
  const [field] = await waitForOverlay(page, '.field');
  assert.equal(field.verdict, 'clear');
  assert.equal(field.address, GOOD);
  assert.equal(field.role, 'status');
  assert.equal((await overlayElements(page, '.banner')).length, 0);
  await page.fill('#to', '');
  await page.locator('#to').dispatchEvent('input');
  await waitFor(async () => (await overlayElements(page, '.field')).length === 0, { message: 'field note removed' });
  await page.close();
});

test('textarea and contenteditable are checked too', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/send.html'));
  await pasteInto(page, '#memo', `pay ${SANCTIONED_EVM} today`);
  await waitFor(async () => (await overlayElements(page, '.field')).some((f) => f.verdict === 'sanctioned'), { message: 'textarea warning' });
  await pasteInto(page, '#rich', SANCTIONED_EVM);
  await waitFor(async () => (await overlayElements(page, '.field')).filter((f) => f.verdict === 'sanctioned').length === 2, { message: 'contenteditable warning' });
  // Text typed into the editable region is not outlined as page text.
  assert.equal((await overlayElements(page, '.hl')).length, 0);
  await page.close();
});

test('a mistyped address gets a typo hint: an EVM address whose EIP-55 case fails, a base58 one character off', async () => {
  const page = await ext.context.newPage();
  await page.goto(srv.url('/send.html'));
  // One letter's case flipped: the mixed-case checksum no longer verifies.
  const i = [...CLEAR_EVM].findIndex((c, k) => k > 2 && /[a-f]/i.test(c));
  const flipped = CLEAR_EVM.slice(0, i) + (CLEAR_EVM[i] === CLEAR_EVM[i].toUpperCase() ? CLEAR_EVM[i].toLowerCase() : CLEAR_EVM[i].toUpperCase()) + CLEAR_EVM.slice(i + 1);
  await page.click('#to');
  await page.keyboard.type(flipped, { delay: 1 });
  const [typo] = await waitForOverlay(page, '.field');
  assert.equal(typo.verdict, 'typo');
  assert.equal(typo.role, 'status');
  assert.match(typo.text, /EIP-55/);
  assert.match(typo.text, /typo/);
  // A Tron address with one character changed fails its base58check checksum.
  const tron = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
  const off = tron.slice(0, 10) + (tron[10] === 'Q' ? 'R' : 'Q') + tron.slice(11);
  await page.fill('#to', off);
  await page.locator('#to').dispatchEvent('input');
  await waitFor(async () => {
    const [f] = await overlayElements(page, '.field');
    return f && f.verdict === 'typo' && /checksum/.test(f.text) && !/EIP-55/.test(f.text);
  }, { message: 'base58 typo hint' });
  // The right address: the hint gives way to the verdict.
  await page.fill('#to', CLEAR_EVM);
  await page.locator('#to').dispatchEvent('input');
  await waitFor(async () => (await overlayElements(page, '.field')).some((f) => f.verdict === 'clear'), { message: 'clear verdict after the fix' });
  // Prose is not a typo.
  await page.fill('#to', 'hello there');
  await page.locator('#to').dispatchEvent('input');
  await waitFor(async () => (await overlayElements(page, '.field')).length === 0, { message: 'no note for prose' });
  await page.close();
});
