// The content script's pure text functions (extension/content/text.js): what is sent to
// the engine, and how its offsets map back to the DOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropZeroWidth, isCandidateValue, locate, rawIndex, sentToText, windows } from '../../extension/content/text.js';
import { MIN_TOKEN, LOOK_BEHIND } from '../../extension/shared/facts.js';

const EVM = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
const BTC = 'bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6';

test('prose with no run of MIN_TOKEN letters and digits sends nothing', () => {
  assert.equal(windows('The quick brown fox jumps over the lazy dog. '.repeat(50)), null);
  assert.equal(windows('x'.repeat(MIN_TOKEN - 1)), null);
  assert.notEqual(windows('x'.repeat(MIN_TOKEN)), null);
});

test('a text that is one address is sent whole, without windows', () => {
  assert.deepEqual(windows(EVM), { text: EVM, wins: null });
});

test('only the candidate runs travel, each with one character of context, joined by spaces', () => {
  const text = `Send to ${EVM}, or to ${BTC}.`;
  const w = windows(text);
  assert.equal(w.text, ` ${EVM},  ${BTC}.`); // "," after the first, " " before the second
  // Every address maps back to where it is in the text.
  for (const a of [EVM, BTC]) {
    const sent = w.text.indexOf(a);
    const start = sentToText(w.wins, sent, false);
    const end = sentToText(w.wins, sent + a.length, true);
    assert.equal(text.slice(start, end), a);
  }
  // The joining spaces map nowhere.
  assert.equal(sentToText(w.wins, w.wins[1][0] - 1, false), -1);
});

test("a run after ':' carries LOOK_BEHIND characters for the 'bitcoincash:' prefix", () => {
  const cash = 'qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a';
  const w = windows(`pay bitcoincash:${cash} now`);
  assert.equal(LOOK_BEHIND, 'bitcoincash:'.length + 1);
  assert.ok(w.text.startsWith(' bitcoincash:'), w.text);
  assert.ok(w.text.includes(cash));
});

test('overlapping context windows merge into one', () => {
  const w = windows(`${EVM} ${EVM}`);
  assert.deepEqual(w, { text: `${EVM} ${EVM}`, wins: null });
});

test('zero-width characters are dropped, and offsets map back around them', () => {
  const raw = `0x098B716B\u200b8Aaf21512996dC57\u00adEB0615e2383E2f96`;
  const { text, map } = dropZeroWidth(raw);
  assert.equal(text, EVM);
  assert.equal(raw.slice(rawIndex(map, 0, false), rawIndex(map, text.length, true)).replace(/[\u200b\u00ad]/g, ''), EVM);
  assert.equal(rawIndex(map, 10, false), 11); // the character after the ZWSP
  assert.deepEqual(dropZeroWidth('plain'), { text: 'plain', map: null });
});

test('locate: an offset in joined text nodes -> the node and the offset in it', () => {
  const starts = [0, 10, 25];
  assert.deepEqual(locate(starts, 0, false), [0, 0]);
  assert.deepEqual(locate(starts, 10, false), [1, 0]);
  assert.deepEqual(locate(starts, 10, true), [0, 10]); // an end at a boundary stays in the first node
  assert.deepEqual(locate(starts, 30, true), [2, 5]);
});

test('attribute values: long enough, not huge, with a candidate run', () => {
  assert.equal(isCandidateValue(`https://etherscan.io/address/${EVM}`), true);
  assert.equal(isCandidateValue('short'), false);
  assert.equal(isCandidateValue('a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p'), false);
  assert.equal(isCandidateValue(EVM.repeat(200)), false);
});
