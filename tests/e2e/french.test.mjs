// French as a French user runs it (Chromium with --lang=fr; Debian's chromium-l10n must be
// installed, or chrome.i18n.getUILanguage() stays en-US): the text that comes from the Rust
// engine (a wallet request's action line, its notes and errors, the list's name, address
// kinds) reaches the wallet dialog, the confirmation window, the hover card and the popup in
// French, from the codes and parameters the engine sends (src/tx/text.rs), the decoders'
// reasons for an unreadable request too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Interface, MaxUint256 } from 'ethers';
import { launchWithExtension, serve, ROOT, FIXTURES, DIST_CHROME, SANCTIONED_EVM, openPopup, waitForHighlights, waitForOverlay } from './lib.mjs';
import { openDapp, start, outcome, seen, waitDialog, click, proceedAnyway } from './wallet-lib.mjs';

const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const USER = '0x5555555555555555555555555555555555555555';
const erc20 = new Interface(['function transfer(address,uint256)', 'function approve(address,uint256)']);
const sendTx = (to, data) => ({ method: 'eth_sendTransaction', params: [{ from: USER, to, data, value: '0x0' }] });
const TRANSFER_BAD = sendTx(USDC, erc20.encodeFunctionData('transfer', [SANCTIONED_EVM, 12_500_000n]));
const APPROVE_BAD = sendTx(USDC, erc20.encodeFunctionData('approve', [SANCTIONED_EVM, MaxUint256]));
// English the engine writes that must not reach a French user.
const ENGLISH = /\bsend \d|\bspending by\b|OFAC SDN list|could not read this request|\(account\)|\bis not hex\b|\bis truncated\b/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

let ext;
let wallets;
let pages;

before(async () => {
  ext = await launchWithExtension(DIST_CHROME, { args: ['--lang=fr'], locale: 'fr-FR' });
  wallets = await serve(join(ROOT, 'tests', 'e2e', 'wallet-pages'));
  pages = await serve(FIXTURES);
});

after(async () => {
  await ext?.close();
  await wallets?.close();
  await pages?.close();
});

test('the wallet dialog and the confirmation window read an ERC-20 transfer in French', async () => {
  const page = await openDapp(ext, wallets, 'eth');
  await start(page, `window.ethereum.request(${JSON.stringify(TRANSFER_BAD)})`);
  const d = await waitDialog(page);
  assert.equal(d.verdict, 'sanctioned');
  assert.match(d.text, /envoyer 12\.5 USDC à/, d.text);
  assert.match(d.text, /liste SDN de l’OFAC du 20 août 2026/, d.text); // the list's name and date in French
  assert.match(d.text, /LAZARUS GROUP/); // names are data: never translated
  assert.doesNotMatch(d.text, ENGLISH);
  assert.doesNotMatch(d.text, ISO_DATE);
  const text = await proceedAnyway(page);
  assert.match(text, /envoyer 12\.5 USDC à/, text);
  assert.match(text, /liste SDN de l’OFAC du 20 août 2026/, text);
  assert.doesNotMatch(text, ENGLISH);
  assert.deepEqual(await outcome(page), { ok: '0xresult:eth_sendTransaction' });
  assert.equal((await seen(page)).length, 1);
  await page.close();
});

test('an unlimited approval and an unreadable request, in French', async () => {
  const page = await openDapp(ext, wallets, 'eth');
  await start(page, `window.ethereum.request(${JSON.stringify(APPROVE_BAD)})`);
  let d = await waitDialog(page);
  assert.match(d.text, /autoriser la dépense de montants illimités de USDC par/, d.text);
  assert.doesNotMatch(d.text, ENGLISH);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  // A signed transaction that is not hex: "could not check", and why, in French.
  await start(page, `window.ethereum.request({ method: 'eth_sendRawTransaction', params: ['0xzz'] })`);
  d = await waitDialog(page);
  assert.equal(d.verdict, 'unchecked');
  assert.match(d.text, /impossible de lire cette demande : la transaction signée n’est pas en hexadécimal/, d.text);
  assert.doesNotMatch(d.text, ENGLISH);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  assert.deepEqual(await seen(page), []);
  await page.close();
});

test('a truncated PSBT through UniSat signPsbt: the decoder says why, in French', async () => {
  const page = await openDapp(ext, wallets, 'bitcoin');
  // Magic, then the global unsigned-transaction key (0x00) whose value claims 76 bytes and
  // has 4 (its version): the PSBT ends inside it.
  const psbt = '70736274ff' + '0100' + '4c' + '02000000';
  await start(page, `window.unisat.signPsbt('${psbt}', { autoFinalized: false })`);
  const d = await waitDialog(page);
  assert.equal(d.verdict, 'unchecked');
  assert.match(d.text, /impossible de lire cette demande : le PSBT est tronqué/, d.text);
  assert.doesNotMatch(d.text, ENGLISH);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  assert.deepEqual(await seen(page), [], 'UniSat saw nothing');
  await page.close();
});

test('the hover card and the popup name the list and the address kind in French', async () => {
  const page = await ext.context.newPage();
  await page.goto(pages.url('/plain.html'));
  await waitForHighlights(page, 1);
  const box = await page.locator('#bad-addr').boundingBox();
  await page.mouse.move(box.x + 5, box.y + box.height / 2, { steps: 3 });
  const [card] = await waitForOverlay(page, '.card');
  assert.match(card.text, /\(compte\)/, card.text);
  assert.match(card.text, /liste SDN de l’OFAC \(20 août 2026\)/, card.text);
  assert.doesNotMatch(card.text, ENGLISH);
  const popup = await openPopup(ext, pages.url('/plain.html'));
  assert.match(await popup.evaluate(() => chrome.i18n.getUILanguage()), /^fr/, 'is chromium-l10n installed?');
  assert.equal(await popup.textContent('#list-source'), 'liste SDN de l’OFAC');
  await popup.close();
  await page.close();
});
