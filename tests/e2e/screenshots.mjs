// Takes the README screenshots into docs/screenshots/ (real Chromium, the built extension).
//   node tests/e2e/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Interface, MaxUint256 } from 'ethers';
import {
  ROOT, launchWithExtension, serve, FIXTURES, waitForHighlights, waitForOverlay, overlayElements, openPopup, sleep,
  SANCTIONED_EVM,
} from './lib.mjs';

const out = join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

function around(box, pad, page) {
  const vp = page.viewportSize();
  const x = Math.max(0, box.x - pad);
  const y = Math.max(0, box.y - pad);
  return { x, y, width: Math.min(vp.width - x, box.width + 2 * pad), height: Math.min(vp.height - y, box.height + 2 * pad) };
}

function union(...boxes) {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const r = Math.max(...boxes.map((b) => b.x + b.width));
  const b = Math.max(...boxes.map((q) => q.y + q.height));
  return { x, y, width: r - x, height: b - y };
}

/** Clicks with `click()`, then shoots Sightline's confirmation window that opens, once filled. */
async function shootConfirm(ext, scheme, click, height, file) {
  const opened = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('/confirm.html') });
  await click();
  const win = await opened;
  if (scheme === 'dark') await win.emulateMedia({ colorScheme: 'dark' });
  await win.setViewportSize({ width: 520, height });
  await win.waitForFunction(() => document.getElementById('title').textContent !== '');
  await sleep(200);
  await win.screenshot({ path: join(out, file) });
  return win;
}

async function shoot(scheme) {
  const ext = await launchWithExtension(undefined, { colorScheme: scheme, viewport: { width: 1100, height: 700 } });
  const srv = await serve(FIXTURES);
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
  const sfx = scheme === 'dark' ? '-dark' : '';
  try {
    const page = await ext.context.newPage();
    if (scheme === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(srv.url('/plain.html'));
    if (scheme === 'dark') await page.addStyleTag({ content: 'body{background:#1b1b1d;color:#ddd}' });
    const [hl] = await waitForHighlights(page, 1);
    const para = await page.locator('#bad').boundingBox();
    await page.screenshot({ path: join(out, `highlight${sfx}.png`), clip: around(union(para, hl.box), 16, page) });

    const bad = await page.locator('#bad-addr').boundingBox();
    await page.mouse.move(bad.x + 40, bad.y + bad.height / 2, { steps: 3 });
    const [card] = await waitForOverlay(page, '.card');
    await sleep(100);
    await page.screenshot({ path: join(out, `card-sanctioned${sfx}.png`), clip: around(union(bad, card.box), 16, page) });

    // "I know this one" on that card: confirmed in Sightline's own window.
    const [knownBtn] = await overlayElements(page, '.card button');
    const ask = await shootConfirm(ext, scheme, async () => {
      await page.mouse.move(knownBtn.box.x + 5, knownBtn.box.y + 5, { steps: 3 });
      await page.mouse.click(knownBtn.box.x + 5, knownBtn.box.y + 5);
    }, 480, `dismiss-confirm${sfx}.png`);
    await ask.click('#cancel');

    await page.bringToFront();
    await page.mouse.move(5, 650);
    await sleep(400);
    const good = await page.locator('#good-addr').boundingBox();
    await page.mouse.move(good.x + 40, good.y + good.height / 2, { steps: 3 });
    const cards = await waitForOverlay(page, '.card[data-sightline-verdict="clear"]');
    await sleep(100);
    await page.screenshot({ path: join(out, `card-clear${sfx}.png`), clip: around(union(good, cards[0].box), 16, page) });

    const send = await ext.context.newPage();
    if (scheme === 'dark') await send.emulateMedia({ colorScheme: 'dark' });
    await send.goto(srv.url('/send.html'));
    await send.evaluate((t) => navigator.clipboard.writeText(t), SANCTIONED_EVM);
    await send.click('#to');
    await send.keyboard.press('Control+V');
    await waitForOverlay(send, '.banner');
    await waitForOverlay(send, '.field');
    await sleep(150);
    await send.screenshot({ path: join(out, `paste-warning${sfx}.png`) });

    // The wallet guard: a dApp asks the (fake) wallet to approve unlimited USDC spending by
    // a sanctioned address; our dialog holds the request.
    const wallets = await serve(join(ROOT, 'tests', 'e2e', 'wallet-pages'));
    try {
      const dapp = await ext.context.newPage();
      if (scheme === 'dark') await dapp.emulateMedia({ colorScheme: 'dark' });
      await dapp.goto(wallets.url('/dapp.html?mode=eth'));
      const data = new Interface(['function approve(address,uint256)']).encodeFunctionData('approve', [SANCTIONED_EVM, MaxUint256]);
      const req = { method: 'eth_sendTransaction', params: [{ from: '0x52908400098527886e0f7030069857d2e4169ee7', to: '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', data, value: '0x0' }] };
      await dapp.evaluate((r) => { window.ethereum.request(r).catch(() => {}); }, req);
      await dapp.waitForFunction(() => document.querySelector('x-dialog-host'));
      await sleep(300);
      await dapp.screenshot({ path: join(out, `wallet-dialog${sfx}.png`) });
      // "Proceed anyway…" opens the confirmation in Sightline's own window.
      const { proceed } = await (await import('./wallet-lib.mjs')).dialog(dapp);
      const win = await shootConfirm(ext, scheme, () => dapp.mouse.click(proceed.x, proceed.y), 600, `wallet-confirm${sfx}.png`);
      await dapp.screenshot({ path: join(out, `wallet-dialog-waiting${sfx}.png`) });
      await win.close();
    } finally {
      await wallets.close();
    }

    const popup = await openPopup(ext, page.url());
    await popup.setViewportSize({ width: 380, height: 640 });
    await popup.fill('#check-input', SANCTIONED_EVM);
    await popup.click('#check-button');
    await popup.waitForSelector('#check-results li');
    const h = await popup.evaluate(() => document.body.scrollHeight);
    await popup.setViewportSize({ width: 380, height: Math.min(h, 900) });
    await popup.evaluate(() => window.scrollTo(0, 0));
    await popup.screenshot({ path: join(out, `popup${sfx}.png`), fullPage: true });
    const found = await overlayElements(page, '.hl');
    console.log(`${scheme}: ${found.length} highlight(s); screenshots in docs/screenshots/`);
  } finally {
    await srv.close();
    await ext.close();
  }
}

if (!process.argv.includes('--dark-only')) await shoot('light');
await shoot('dark');
