// The www site in real Chromium, on a feed published the way the daily workflow does it
// (scripts/publish-list.sh build, with the TEST key) and a site built by www/build.mjs with
// an engine that pins the test key:
//   bundle 1 = the SDN_ADVANCED fixture + one extra address X (CSV); bundle 2 = the fixture
//   alone, so X is delisted between them.
// Checks: the checker finds every address in pasted text with its verdict; the list browser
// shows every entry, searches by address, name, program and chain, counts, the date, and
// the delisting; no page loads anything from another origin or breaks its CSP.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { getAddress } from 'ethers';
import { ROOT, CHROMIUM, serve, waitFor } from './lib.mjs';
import { OUT, TEST_KEY, TEST_PUB, cli, testPkg } from './feed-fixture.mjs';

const FIXTURE = join(ROOT, 'tests', 'vectors', 'ofac', 'sdn_advanced_fixture.xml');
const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
const TRON_XBT = 'TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq'; // filed under XBT by OFAC, kept as Tron
const X = getAddress('0x' + '8576acc5'.repeat(5)); // bundle 1 only
const CLEAR = '0x52908400098527886E0F7030069857D2E4169EE7';

function publish(feed, inputs, work) {
  const args = [join(ROOT, 'scripts', 'publish-list.sh'), 'build', '--feed', feed, '--key', TEST_KEY, '--pubkey', TEST_PUB,
    '--message', join(work, 'message.txt'), '--source-date', '2026-11-20'];
  for (const i of inputs) args.push('--from', i);
  return execFileSync('bash', args, { cwd: ROOT, env: { ...process.env, SIGHTLINE_BIN: cli() }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

test('www site: checker and list browser on a published test feed', { timeout: 300000 }, async (t) => {
  const work = join(OUT, 'www-work');
  const feed = join(work, 'feed');
  const site = join(OUT, 'www');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const extra = join(work, 'extra.csv');
  writeFileSync(extra, `${X},TEST DELISTED ENTITY,TESTPROG\n`);
  assert.match(publish(feed, [FIXTURE, extra], work), /changed=true/);
  assert.match(publish(feed, [FIXTURE], work), /changed=true/);
  const message = readFileSync(join(work, 'message.txt'), 'utf8');
  assert.match(message, new RegExp(X.toLowerCase()), 'the commit message carries the diff');
  execFileSync('node', [join(ROOT, 'www', 'build.mjs'), '--out', site, '--pkg', testPkg(), '--feed', feed], { cwd: ROOT, stdio: 'inherit' });

  const srv = await serve(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  t.after(async () => {
    await browser.close();
    await srv.close();
  });

  async function open(path) {
    const page = await browser.newPage();
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
    assert.match(await page.locator('#list-info').textContent(), /2026-11-20.*#2/);
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
    assert.match(by[CLEAR.toLowerCase()].text, /Not on the .* \(list of 2026-11-20\)/);
    assert.equal(by[X.toLowerCase()].verdict, 'clear', 'delisted in bundle 2');
    assert.match(await page.locator('#status').textContent(), /4 addresses found, 2 sanctioned/);
    // One malformed address: the reason is given.
    await page.fill('#input', LAZARUS.slice(0, -1) + '7');
    await page.click('#check');
    await waitFor(async () => /Not a valid address: /.test(await page.locator('#status').textContent()), { message: 'the reason' });
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
    assert.match(await page.locator('#summary').textContent(), /OFAC SDN list of 2026-11-20/);
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
    assert.match(changes, /TEST DELISTED ENTITY/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('landing page: list line, install links, nothing external', async () => {
    const { page, problems } = await open('/');
    await waitFor(async () => /Current list: .*2026-11-20/.test(await page.locator('#list-line').textContent()), { message: 'list line' });
    const links = await page.$$eval('a[href^="download/"]', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links.sort(), ['download/sightline-chrome.zip', 'download/sightline-firefox.zip']);
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert.match(csp, /default-src 'none'/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
