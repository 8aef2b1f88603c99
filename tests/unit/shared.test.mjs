// extension/shared/: the generated facts, the list age and the cached i18n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAINS, CHAIN_NAME, chainName, ofacEntryUrl, STALE_AFTER_DAYS } from '../../extension/shared/facts.js';
import { ageDays, ageWarnings, listAge, validityText } from '../../extension/shared/list-age.js';

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
  // A date up to a day ahead (clocks, time zones) is today; further ahead it counts as that
  // far off, never as 0 days old.
  assert.equal(ageDays('2026-12-02', now), 0);
  assert.equal(ageDays('2027-01-01', now), 31);
  const a = listAge('2026-08-20', now);
  assert.deepEqual(a, { days: 103, shown: '20 Aug 2026', stale: true, future: false, expired: false, expires: '' });
  const d = new Date(now - STALE_AFTER_DAYS * 86400000).toISOString().slice(0, 10);
  assert.equal(listAge(d, now).stale, false);
});

test('list age: a bundle dated 9999-12-31 is flagged, not silently fresh', () => {
  const now = Date.UTC(2026, 11, 1);
  for (const info of ['9999-12-31', { sourceDate: '9999-12-31', signedAt: null, expiresAt: null },
    { sourceDate: '2026-11-30', signedAt: '9999-12-31T00:00:00Z', expiresAt: '9999-12-31T23:59:59Z' }]) {
    const a = listAge(info, now);
    assert.equal(a.future, true, JSON.stringify(info));
    assert.equal(a.stale, true, JSON.stringify(info));
    assert.ok(a.days > STALE_AFTER_DAYS, JSON.stringify(info));
  }
  assert.ok(ageDays('9999-12-31', now) > STALE_AFTER_DAYS);
  const t = (k, subs) => `${k}(${(subs || []).join(',')})`;
  assert.deepEqual(ageWarnings(listAge('9999-12-31', now), t), ['listFuture(31 Dec 9999)']);
});

test('list age: by the later of the source date and signedAt; expired past expiresAt whatever the dates', () => {
  const now = Date.UTC(2026, 11, 1, 12);
  // OFAC's list of Aug 20, still current when signed yesterday: not stale.
  const fresh = listAge({ sourceDate: '2026-08-20', signedAt: '2026-11-30T06:00:00Z', expiresAt: '2026-12-30T06:00:00Z' }, now);
  assert.deepEqual(fresh, { days: 1, shown: '20 Aug 2026', stale: false, future: false, expired: false, expires: '30 Dec 2026' });
  // A feed frozen on a bundle signed 40 days ago: stale and expired, however new its list date.
  const frozen = { sourceDate: '2026-10-22', signedAt: '2026-10-22T06:00:00Z', expiresAt: '2026-11-21T06:00:00Z' };
  const a = listAge(frozen, now);
  assert.equal(a.expired, true);
  assert.equal(a.stale, true);
  assert.equal(a.days, 40);
  const t = (k, subs) => `${k}(${(subs || []).join(',')})`;
  assert.deepEqual(ageWarnings(a, t), ['listExpired(21 Nov 2026)', 'popupStale(40)']);
  // Expired, not old: the expiry alone warns.
  const b = listAge({ ...frozen, signedAt: '2026-11-25T00:00:00Z', expiresAt: '2026-11-30T00:00:00Z' }, now);
  assert.deepEqual(ageWarnings(b, t), ['listExpired(30 Nov 2026)']);
  // A version 1 bundle (no signedAt/expiresAt): aged by its date alone, as before.
  assert.deepEqual(listAge({ sourceDate: '2026-11-20', signedAt: null, expiresAt: null }, now).days, 11);
  assert.equal(validityText({ sourceDate: '2026-11-20' }, t), '');
  assert.equal(validityText(frozen, t), 'listValidity(22 Oct 2026,21 Nov 2026)');
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
