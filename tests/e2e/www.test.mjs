// The www site in real Chromium, on a feed published the way the daily workflow does it
// (scripts/publish-list.sh build, with the TEST key) and a site built by www/build.mjs with
// an engine that pins the test key:
//   bundle 1 (list of 2026-11-19) = the SDN_ADVANCED fixture + one extra address X (CSV);
//   bundle 2 (list of 2026-11-20) = the fixture alone, so X is delisted between them (a
//   delisted record in bundle 2's history).
//   Both are signed at 2026-11-20T12:00:00Z (SOURCE_DATE_EPOCH) and the pages run on a fixed
//   clock, so the list's age is known: 5 days (fresh) or 20 (stale).
// Checks: the checker finds every address in pasted text with its verdict, and reports a
// mistyped one (EIP-55, base58check, bech32 checksum) as a typo; every page shows the list's
// date and age, amber once it is more than STALE_AFTER_DAYS old; the list browser shows
// every entry, searches by address, name, program and chain, counts, the date, and the
// delisting, and offers the list as CSV and JSON that parse back to the bundle's counts and
// rows (formula injection neutralised); the gallery has captions and alt text; axe-core finds
// no serious or critical issue in light or dark; the pages work by keyboard; no page loads
// anything from another origin or breaks its CSP.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { getAddress } from 'ethers';
import { ROOT, CHROMIUM, serve, waitFor } from './lib.mjs';
import { OUT, TEST_KEY, TEST_PUB, cli, testPkg } from './feed-fixture.mjs';
import { STALE_AFTER_DAYS } from '../../extension/shared/facts.js';
import { csvField, parseField, toCsv, BOM, ENTRY_COLUMNS, DELISTED_COLUMNS, SEPARATOR } from '../../www/js/export.js';

const FIXTURE = join(ROOT, 'tests', 'vectors', 'ofac', 'sdn_advanced_fixture.xml');
const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
const TRON_XBT = 'TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq'; // filed under XBT by OFAC, kept as Tron
const X = getAddress('0x' + '8576acc5'.repeat(5)); // bundle 1 only
const CLEAR = '0x52908400098527886E0F7030069857D2E4169EE7';
// X's entity name starts with '=': a spreadsheet would run it as a formula.
const X_ENTITY = '=TEST DELISTED ENTITY';
const SIGNED_AT = Date.UTC(2026, 10, 20, 12); // both bundles' signed_at
const DAY = 86400000;
const FRESH = Date.UTC(2026, 10, 25, 12); // 5 days after the list's date
const STALE = Date.UTC(2026, 11, 10, 12); // 20 days after (19 after signing), before the expiry
/** The test lists' date as Chromium's en-US (or another English locale) writes it. */
const DATE = 'Nov 20, 2026|20 Nov 2026';
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** RFC 4180 reader, written here apart from the site's writer: records of fields. */
function parseCsv(text) {
  const records = [];
  let rec = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        assert.ok(q >= 0, 'unterminated quoted field');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') field += text[i++];
    }
    rec.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    assert.ok(i === text.length || text.startsWith('\r\n', i), `records end with CRLF (at ${i}: ${JSON.stringify(text.slice(i, i + 10))})`);
    records.push(rec);
    rec = [];
    i += 2;
    if (i >= text.length) return records;
  }
}

/** A downloaded CSV as objects keyed by its header, with csvField's neutralisation undone
 * (and the BOM it starts with, for Excel, stripped). */
function csvObjects(text, columns) {
  assert.ok(text.startsWith(BOM), 'the CSV starts with a UTF-8 byte order mark');
  const [header, ...rows] = parseCsv(text.slice(BOM.length));
  assert.deepEqual(header, columns);
  return rows.map((r) => {
    assert.equal(r.length, columns.length);
    return Object.fromEntries(columns.map((c, j) => [c, parseField(r[j])]));
  });
}

function publish(feed, inputs, work, sourceDate) {
  const args = [join(ROOT, 'scripts', 'publish-list.sh'), 'build', '--feed', feed, '--key', TEST_KEY, '--pubkey', TEST_PUB,
    '--message', join(work, 'message.txt'), '--source-date', sourceDate];
  for (const i of inputs) args.push('--from', i);
  const env = { ...process.env, SIGHTLINE_BIN: cli(), SOURCE_DATE_EPOCH: String(SIGNED_AT / 1000) };
  return execFileSync('bash', args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

test('www downloads: CSV fields are RFC 4180 and formula-safe, and read back exactly', () => {
  const hostile = ['=1+2', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', "'=1", "'", 'a,b', 'say "hi"', 'two\r\nlines', 'plain', '', 'é ü 名'];
  for (const v of hostile) {
    const f = csvField(v);
    assert.match(f, /^"[\s\S]*"$/, 'always quoted');
    const [[back]] = parseCsv(`${f}\r\n`);
    assert.ok(!/^[=+\-@\t\r]/.test(back), `${JSON.stringify(v)} is written as text (${JSON.stringify(back)})`);
    assert.equal(parseField(back), v, 'and reads back as it was');
  }
  assert.equal(csvField(null), '""');
  assert.equal(csvField(['DPRK3', 'CYBER2']), `"DPRK3${SEPARATOR}CYBER2"`);
  const rows = hostile.map((v) => Object.fromEntries(ENTRY_COLUMNS.map((c) => [c, v])));
  assert.deepEqual(csvObjects(toCsv(ENTRY_COLUMNS, rows), ENTRY_COLUMNS), rows);
});

test('www site: checker and list browser on a published test feed', { timeout: 300000 }, async (t) => {
  const work = join(OUT, 'www-work');
  const feed = join(work, 'feed');
  const site = join(OUT, 'www');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const extra = join(work, 'extra.csv');
  writeFileSync(extra, `${X},${X_ENTITY},TESTPROG\n`);
  assert.match(publish(feed, [FIXTURE, extra], work, '2026-11-19'), /changed=true/);
  assert.match(publish(feed, [FIXTURE], work, '2026-11-20'), /changed=true/);
  const message = readFileSync(join(work, 'message.txt'), 'utf8');
  assert.match(message, new RegExp(X.toLowerCase()), 'the commit message carries the diff');
  execFileSync('node', [join(ROOT, 'www', 'build.mjs'), '--out', site, '--pkg', testPkg(), '--feed', feed], { cwd: ROOT, stdio: 'inherit' });

  const srv = await serve(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  t.after(async () => {
    await browser.close();
    await srv.close();
  });

  /** A page of the site on a fixed clock (`now`, default FRESH), light or dark. */
  async function open(path, { now = FRESH, colorScheme = 'light' } = {}) {
    const page = await browser.newPage({ colorScheme });
    await page.clock.setFixedTime(now);
    const problems = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(srv.origin) && !r.url().startsWith('data:')) problems.push(`request to ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(srv.url(path));
    return { page, problems };
  }

  await t.test('checker: every address in pasted text, with its verdict', async () => {
    const { page, problems } = await open('/checker.html');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    assert.match(await page.locator('#list-info').textContent(), /12 listings \(bundle #2, signature verified\)/);
    await page.fill('#input', `Send to ${LAZARUS} or ${CLEAR}.\nTron: ${TRON_XBT}; old one ${X}; again ${LAZARUS.toLowerCase()}`);
    await page.click('#check');
    await waitFor(async () => (await page.locator('#results tbody tr').count()) === 4, { message: 'four result rows' });
    const rows = await page.$$eval('#results tbody tr', (trs) => trs.map((tr) => ({
      address: tr.dataset.address, verdict: tr.dataset.verdict, text: tr.textContent,
    })));
    const by = Object.fromEntries(rows.map((r) => [r.address.toLowerCase(), r]));
    assert.equal(by[LAZARUS.toLowerCase()].verdict, 'sanctioned');
    assert.match(by[LAZARUS.toLowerCase()].text, /LAZARUS GROUP.*27307/s);
    assert.match(by[LAZARUS.toLowerCase()].text, /DPRK3/);
    assert.equal(by[TRON_XBT.toLowerCase()].verdict, 'sanctioned');
    assert.equal(by[CLEAR.toLowerCase()].verdict, 'clear');
    assert.match(by[CLEAR.toLowerCase()].text, new RegExp(`Not on the OFAC SDN list \\(list of (${DATE})\\)`));
    assert.ok(rows.some((r) => r.text.includes(LAZARUS)), 'EVM addresses shown EIP-55 checksummed');
    assert.equal(by[X.toLowerCase()].verdict, 'clear', 'delisted in bundle 2');
    assert.match(by[X.toLowerCase()].text, new RegExp(`Formerly listed for ${X_ENTITY}, on the list until (Nov 19, 2026|19 Nov 2026), removed in the list of (${DATE})\\.`));
    assert.match(await page.locator('#status').textContent(), /4 addresses found, 2 sanctioned/);
    // Not an address: the reason, by the engine's code, in the extension's words.
    await page.fill('#input', 'hello');
    await page.click('#check');
    await waitFor(async () => (await page.locator('#status').getAttribute('data-error-code')) === 'unknown-format', { message: 'unknown format' });
    assert.equal(await page.locator('#status').textContent(), 'Not an address: not a recognised address format');
    assert.equal(await page.locator('#results').isVisible(), false);
    // Hostile text stays text.
    await page.fill('#input', `<img src=x onerror="document.body.dataset.pwned=1"> ${LAZARUS}`);
    await page.click('#check');
    await waitFor(async () => (await page.locator('#results tbody tr').count()) === 1, { message: 'one row' });
    assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('list browser: a broken escape in the link (#%) is searched as text, no error', async () => {
    const { page, problems } = await open('/list.html#%');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    assert.equal(await page.inputValue('#q'), '%');
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('list browser: entries, search, counts, date and delistings', async () => {
    const { page, problems } = await open('/list.html');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    const total = await page.locator('#entries tbody tr').count();
    assert.equal(total, 12, 'the fixture has 12 entries (11 addresses)');
    assert.match(await page.locator('#summary').textContent(), new RegExp(`OFAC SDN list of (${DATE}): 11 addresses in 12 listings`));
    const rowCount = () => page.locator('#entries tbody tr').count();
    // By name (case-insensitive), by address, by program, by chain.
    await page.fill('#q', 'lazarus');
    await waitFor(async () => (await rowCount()) === 2, { message: 'two LAZARUS GROUP entries' });
    await page.fill('#q', LAZARUS.slice(0, 12).toLowerCase());
    await waitFor(async () => (await rowCount()) === 1, { message: 'one by address prefix' });
    await page.fill('#q', 'ILLICIT-DRUGS');
    await waitFor(async () => (await rowCount()) === 2, { message: 'two by program' });
    await page.fill('#q', '');
    await page.selectOption('#chain', 'tron');
    await waitFor(async () => (await rowCount()) === 2, { message: 'two Tron entries' });
    await page.selectOption('#chain', '');
    await page.selectOption('#program', 'DPRK3');
    await waitFor(async () => (await rowCount()) === 4, { message: 'four DPRK3 entries' });
    await page.selectOption('#program', '');
    await waitFor(async () => (await rowCount()) === total, { message: 'all rows again' });
    assert.match(await page.locator('#chain-counts').textContent(), /Tron: 2/);
    assert.match(await page.locator('#program-counts').textContent(), /DPRK3: 4/);
    // The delisting between bundle 1 and 2.
    await page.waitForSelector('body[data-changes="true"]', { timeout: 20000 });
    const changes = await page.locator('#changes').textContent();
    assert.match(changes, /Bundle #1 .* → #2/);
    assert.match(changes, /Delisted \(removed\): 1/);
    assert.ok(changes.toLowerCase().includes(X.toLowerCase()), changes);
    assert.ok(changes.includes(X_ENTITY), changes);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('landing page: list line, install links, nothing external', async () => {
    const { page, problems } = await open('/');
    await waitFor(async () => /Current list: 12 listings, bundle #2/.test(await page.locator('#list-line').textContent()), { message: 'list line' });
    const links = await page.$$eval('a[href^="download/"]', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links.sort(), ['download/sightline-chrome.zip', 'download/sightline-firefox.zip']);
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert.match(csp, /default-src 'none'/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('every page: the list in force, its date and age; amber once it is old', async () => {
    const pages = [['/', null], ['/checker.html', 'body[data-ready="true"]'], ['/list.html', 'body[data-ready="true"]']];
    for (const [path, ready] of pages) {
      for (const [now, days, stale] of [[FRESH, 5, false], [STALE, 20, true]]) {
        const { page, problems } = await open(path, { now });
        if (ready) await page.waitForSelector(ready, { timeout: 20000 });
        const age = page.locator('#list-age');
        await age.waitFor({ state: 'visible', timeout: 20000 });
        const text = await age.textContent();
        assert.match(text, new RegExp(`^OFAC SDN list of (${DATE}), ${days} days old\\.`), `${path}: ${text}`);
        assert.equal(await age.getAttribute('data-stale'), String(stale), `${path} at +${days} days`);
        assert.equal(await age.getAttribute('data-days'), String(days));
        const cls = await age.getAttribute('class');
        if (stale) {
          assert.match(cls, /\bnotice\b/, 'amber');
          assert.ok(text.includes(`more than ${STALE_AFTER_DAYS} days`), text);
          // Amber: the warning colours, not the page's.
          const bg = await age.evaluate((e) => getComputedStyle(e).backgroundColor);
          assert.equal(bg, 'rgb(255, 244, 214)', 'the amber background (--warn-bg)');
        } else {
          assert.doesNotMatch(cls, /\bnotice\b/);
          assert.ok(!text.includes('more than'), text);
        }
        // Every page has the signed dates: the checker and the list page from the verified
        // bundle, the landing page from the manifest's copy of them.
        assert.match(text, new RegExp(`Signed (${DATE}), valid until`), `${path}: ${text}`);
        if (path === '/checker.html') {
          // A clear verdict carries the age once the list is old, as the extension's card does.
          await page.fill('#input', CLEAR);
          await page.click('#check');
          await waitFor(async () => (await page.locator('#results tbody tr').count()) === 1, { message: 'one row' });
          const verdict = await page.locator('#results tbody tr td').nth(3).textContent();
          if (stale) assert.match(verdict, new RegExp(`^Not on the OFAC SDN list of (${DATE}), but this list is 20 days old: check for updates$`));
          else assert.match(verdict, new RegExp(`^Not on the OFAC SDN list \\(list of (${DATE})\\)$`));
        }
        assert.deepEqual(problems, []);
        await page.close();
      }
    }
    // Past the signed expiry (30 days after signing): said so, the landing page too.
    for (const [path, ready] of pages) {
      const { page } = await open(path, { now: SIGNED_AT + 31 * DAY });
      if (ready) await page.waitForSelector(ready, { timeout: 20000 });
      await page.locator('#list-age').waitFor({ state: 'visible', timeout: 20000 });
      assert.match(await page.locator('#list-age').textContent(), /This list expired on/, path);
      assert.equal(await page.locator('#list-age').getAttribute('data-stale'), 'true');
      await page.close();
    }
    // A manifest written before it copied the signed dates: the landing page ages the list
    // by its date alone, as it did.
    const latest = join(site, 'feed', 'latest.json');
    const manifest = readFileSync(latest, 'utf8');
    const { signed_at: signed, expires_at: expires, ...older } = JSON.parse(manifest);
    assert.ok(signed && expires, 'the published manifest copies the signed dates');
    writeFileSync(latest, JSON.stringify(older));
    try {
      const { page, problems } = await open('/', { now: SIGNED_AT + 31 * DAY });
      const age = page.locator('#list-age');
      await age.waitFor({ state: 'visible', timeout: 20000 });
      const text = await age.textContent();
      assert.match(text, new RegExp(`^OFAC SDN list of (${DATE}), 31 days old\\.`), text);
      assert.doesNotMatch(text, /Signed|expired/);
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      writeFileSync(latest, manifest);
    }
  });

  await t.test('checker: a mistyped address is reported as a checksum typo, as the popup does', async () => {
    const { page, problems } = await open('/checker.html');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    const typos = [
      [LAZARUS.slice(0, -1) + '7', 'eip55', 'This looks like an EVM address but its mixed-case (EIP-55) checksum fails: a typo?'],
      ['0x098b716B8Aaf21512996dC57EB0615e2383E2f96', 'eip55', 'This looks like an EVM address but its mixed-case (EIP-55) checksum fails: a typo?'],
      [TRON_XBT.slice(0, -1) + 'r', 'checksum', 'This looks like an address but its checksum fails: a typo?'],
      ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'checksum', 'This looks like an address but its checksum fails: a typo?'],
    ];
    for (const [typo, code, said] of typos) {
      await page.fill('#input', typo);
      await page.click('#check');
      await waitFor(async () => (await page.locator('#status').getAttribute('data-error-code')) === code, { message: `${typo}: ${code}` });
      const status = page.locator('#status');
      assert.equal(await status.textContent(), said, typo);
      assert.doesNotMatch(await status.textContent(), /not an address/i);
      assert.match(await status.getAttribute('class'), /\bnotice\b/);
      assert.equal(await page.locator('#results').isVisible(), false);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('list browser: CSV and JSON downloads parse back and match the bundle', async () => {
    const show = JSON.parse(execFileSync(cli(), ['list', 'show', '--json', '--pubkey', TEST_PUB, join(feed, 'bundles', '2.bundle')]).toString());
    const { entry_count: entries, delisted_count: delistedCount, source_date: sourceDate } = show.header;
    assert.equal(entries, 12);
    assert.equal(delistedCount, 1, 'X, delisted between bundle 1 and 2, is in bundle 2\'s history');
    const { page, problems } = await open('/list.html');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    await page.locator('#downloads').waitFor({ state: 'visible' });
    async function download(id) {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
      const bytes = readFileSync(await d.path());
      return { name: d.suggestedFilename(), bytes, text: bytes.toString('utf8') };
    }
    const csv = await download('#dl-csv');
    assert.equal(csv.name, `sightline-ofac-sdn-${sourceDate}-bundle-2.csv`);
    assert.deepEqual([...csv.bytes.subarray(0, 4)], [0xef, 0xbb, 0xbf, 0x61], 'UTF-8 BOM, then "address"');
    const rows = csvObjects(csv.text, ENTRY_COLUMNS);
    assert.equal(rows.length, entries, 'one CSV row per listing');
    const json = await download('#dl-json');
    assert.equal(json.name, `sightline-ofac-sdn-${sourceDate}-bundle-2.json`);
    const doc = JSON.parse(json.text);
    assert.equal(doc.entries.length, entries);
    assert.equal(doc.entry_count, entries);
    assert.equal(doc.delisted.length, delistedCount);
    assert.equal(doc.sequence, 2);
    assert.equal(doc.source_date, sourceDate);
    // The two files say the same thing, row for row.
    const flat = (v) => (v == null ? '' : Array.isArray(v) ? v.join(SEPARATOR) : String(v));
    doc.entries.forEach((e, i) => {
      for (const c of ENTRY_COLUMNS) {
        const want = c === 'source' ? doc.source : c === 'source_date' ? doc.source_date : flat(e[c]);
        assert.equal(rows[i][c], want, `row ${i} ${c}`);
      }
    });
    const lazarus = rows.filter((r) => r.address === LAZARUS);
    assert.equal(lazarus.length, 1, 'the EVM address as people write it (EIP-55)');
    assert.equal(lazarus[0].entity, 'LAZARUS GROUP');
    assert.equal(lazarus[0].sdn_uid, '27307');
    assert.match(lazarus[0].programs, /DPRK3/);
    assert.equal(lazarus[0].listed_under, 'ETH');
    assert.equal(lazarus[0].chains, 'evm');
    assert.equal(lazarus[0].source, 'OFAC SDN list');
    assert.equal(lazarus[0].source_date, sourceDate);
    assert.ok(rows.some((r) => r.address === TRON_XBT && r.chains === 'tron' && r.listed_under === 'XBT'));
    assert.ok(!rows.some((r) => r.address.toLowerCase() === X.toLowerCase()), 'X is not listed now');
    // Every listed address of the bundle, once per listing (the CLI's count of distinct ones).
    assert.equal(new Set(rows.map((r) => r.address)).size, show.addresses);
    // Delisted: their own file, and the JSON's `delisted`.
    assert.equal(await page.locator('#dl-delisted').isVisible(), true);
    const del = await download('#dl-delisted');
    assert.equal(del.name, `sightline-ofac-sdn-${sourceDate}-bundle-2-delisted.csv`);
    const gone = csvObjects(del.text, DELISTED_COLUMNS);
    assert.equal(gone.length, delistedCount);
    assert.equal(gone[0].address, X);
    assert.equal(gone[0].entity, X_ENTITY, 'read back exactly');
    assert.equal(doc.delisted[0].entity, X_ENTITY);
    assert.equal(gone[0].programs, 'TESTPROG');
    assert.equal(gone[0].listed_until, '2026-11-19');
    assert.equal(gone[0].removed, '2026-11-20');
    // ...and written so that a spreadsheet takes it as text, not as a formula.
    assert.ok(del.text.includes(`"'${X_ENTITY}"`), 'the entity name that starts with = gets an apostrophe');
    for (const line of [...csv.text.slice(BOM.length).split('\r\n'), ...del.text.slice(BOM.length).split('\r\n')]) {
      for (const f of parseCsv(`${line}\r\n`)[0]) assert.ok(!/^[=+\-@\t\r]/.test(f), `a field a spreadsheet would run: ${f}`);
    }
    assert.match(await page.locator('#dl-note').textContent(), /12 listings, 1 delisted record;/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('landing page: the screenshot gallery has captions and alt text', async () => {
    const { page, problems } = await open('/');
    const files = readdirSync(join(ROOT, 'docs', 'screenshots')).filter((f) => /\.(png|jpe?g|webp)$/i.test(f));
    const described = JSON.parse(readFileSync(join(ROOT, 'www', 'screenshots.json'), 'utf8'));
    const figs = await page.$$eval('.shots figure', (fs) => fs.map((f) => ({
      src: f.querySelector('img')?.getAttribute('src'),
      alt: f.querySelector('img')?.getAttribute('alt'),
      caption: f.querySelector('figcaption')?.textContent,
    })));
    assert.equal(figs.length, files.length, 'one figure per screenshot');
    for (const f of files) {
      const fig = figs.find((g) => g.src === `screenshots/${encodeURIComponent(f)}`);
      assert.ok(fig, `${f} is in the gallery`);
      assert.ok(described[f]?.alt && described[f]?.caption, `${f} is described in www/screenshots.json`);
      assert.equal(fig.alt, described[f].alt);
      assert.equal(fig.caption, described[f].caption);
      assert.ok(fig.alt.length >= 40, `${f}: the alt text describes the image (${fig.alt})`);
      assert.notEqual(fig.alt.toLowerCase(), f.replace(/\.\w+$/, '').replace(/[-_]/g, ' '), `${f}: more than its file name`);
    }
    assert.equal(new Set(figs.map((f) => f.alt)).size, figs.length, 'no two screenshots share an alt text');
    // Loaded, not broken.
    await page.evaluate(() => Promise.all([...document.querySelectorAll('.shots img')].map((i) => { i.loading = 'eager'; return i.decode(); })));
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('axe-core: no serious or critical issue on any page, light and dark', async () => {
    const report = [];
    for (const colorScheme of ['light', 'dark']) {
      for (const [path, prepare] of [
        ['/', async () => {}],
        ['/checker.html', async (page) => {
          await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
          await page.fill('#input', `${LAZARUS} ${CLEAR}`);
          await page.click('#check');
          await page.waitForSelector('#results tbody tr');
        }],
        ['/checker.html', async (page) => {
          await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
          await page.fill('#input', LAZARUS.slice(0, -1) + '7');
          await page.click('#check');
          await page.waitForSelector('#status[data-error-code]');
        }],
        ['/list.html', async (page) => page.waitForSelector('body[data-changes="true"]', { timeout: 20000 })],
      ]) {
        // Stale, so that the amber line and verdicts are checked too.
        const { page } = await open(path, { now: STALE, colorScheme });
        await prepare(page);
        await page.evaluate(AXE);
        const r = await page.evaluate(async () => {
          const out = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], resultTypes: ['violations'] });
          return out.violations.map((v) => ({ id: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
        });
        report.push(`${colorScheme} ${path}: ${r.length ? r.map((v) => `${v.id}(${v.impact})`).join(' ') : 'clean'}`);
        const bad = r.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(bad, [], `${colorScheme} ${path}: ${JSON.stringify(bad)}`);
        await page.close();
      }
    }
    console.log(`axe (www):\n  ${report.join('\n  ')}`);
  });

  await t.test('keyboard: check an address and download the list without a mouse', async () => {
    const { page, problems } = await open('/checker.html');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    await page.locator('#input').focus();
    await page.keyboard.type(LAZARUS);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'check');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await page.locator('#results tbody tr.sanctioned').count()) === 1, { message: 'checked by keyboard' });
    // Focus is visible on the button.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'a visible focus ring');
    await page.close();

    const list = await open('/list.html');
    await list.page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await list.page.keyboard.press('Tab');
      reached = await list.page.evaluate(() => document.activeElement?.id === 'dl-csv');
    }
    assert.ok(reached, 'Tab reaches the CSV download');
    const [d] = await Promise.all([list.page.waitForEvent('download'), list.page.keyboard.press('Enter')]);
    assert.match(d.suggestedFilename(), /\.csv$/);
    assert.deepEqual([...problems, ...list.problems], []);
    await list.page.close();
  });
});
