// extension/shared/: the generated facts, the list age and the cached i18n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAINS, CHAIN_NAME, chainName, ofacEntryUrl, STALE_AFTER_DAYS } from '../../extension/shared/facts.js';
import { ageDays, listAge } from '../../extension/shared/list-age.js';

const messages = { wallet_intro: '$1 is asking your wallet to:', two: '$2 then $1' };
let calls = 0;
let alive = true;
globalThis.chrome = {
  i18n: {
    getUILanguage: () => 'en-GB',
    getMessage(key, subs) {
      calls++;
      if (!alive) throw new Error('Extension context invalidated.');
      const m = messages[key];
      return m ? m.replace(/\$(\d)/g, (_, i) => subs?.[i - 1] ?? '') : '';
    },
  },
};
const { t, preload } = await import('../../extension/shared/t.js');

test('facts: every chain has a display name; unknown ids fall back to themselves', () => {
  assert.equal(CHAINS.length, 15);
  assert.equal(chainName('evm'), 'Ethereum / EVM');
  assert.equal(chainName('nope'), 'nope');
  assert.equal(Object.keys(CHAIN_NAME).length, CHAINS.length);
  assert.equal(ofacEntryUrl(31322), 'https://sanctionssearch.ofac.treas.gov/Details.aspx?id=31322');
});

test('list age: days since the date, stale after STALE_AFTER_DAYS, the date as the UI writes it', () => {
  const now = Date.UTC(2026, 11, 1);
  assert.equal(ageDays('2026-08-20', now), 103);
  assert.equal(ageDays('not a date', now), null);
  assert.equal(ageDays('2027-01-01', now), 0); // a future date is not negative
  const a = listAge('2026-08-20', now);
  assert.deepEqual(a, { days: 103, shown: '20 Aug 2026', stale: true });
  const d = new Date(now - STALE_AFTER_DAYS * 86400000).toISOString().slice(0, 10);
  assert.equal(listAge(d, now).stale, false);
});

test('t: substitutions filled, one read per message, still speaks once the context is gone', () => {
  preload(['wallet_intro']);
  const before = calls;
  assert.equal(t('wallet_intro', ['https://app.example']), 'https://app.example is asking your wallet to:');
  assert.equal(t('two', ['a', 'b']), 'b then a');
  alive = false;
  assert.equal(t('wallet_intro', 'x'), 'x is asking your wallet to:');
  assert.equal(t('two', ['c', 'd']), 'd then c');
  assert.equal(calls - before, 1); // only 'two' was read, once
  assert.equal(t('unknown_key'), 'unknown_key');
});
