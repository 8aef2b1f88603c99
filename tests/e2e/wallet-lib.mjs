// Helpers for the wallet e2e tests: a test dApp page with stand-in wallets
// (wallet-pages/fake-wallets.js), a dApp call started in the page and its outcome, and the
// wallet dialog read and clicked through the DevTools protocol (real, trusted input).
import assert from 'node:assert/strict';
import { waitFor, sleep, DIALOG_HOST } from './lib.mjs';

export async function openDapp(ext, srv, mode, path = '/dapp.html') {
  const page = await ext.context.newPage();
  page.errors = [];
  page.warnings = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => m.type() === 'warning' && page.warnings.push(m.text()));
  await page.goto(srv.url(`${path}${path.includes('?') ? '&' : '?'}mode=${mode}`));
  return page;
}

// Starts `expr` (a promise-valued expression in the page) and keeps its outcome in
// window.__r: {ok: value} or {err: {code, message}} / {err: {str}}.
export async function start(page, expr) {
  await page.evaluate(`window.__r = undefined; window.__t0 = performance.now(); Promise.resolve().then(() => ${expr}).then(
    (v) => (window.__r = { ok: v ?? null }),
    (e) => (window.__r = { err: e && typeof e === 'object' ? { code: e.code, message: e.message } : { str: String(e) } })); 0`);
}
export const outcome = (page, timeout = 5000) => waitFor(() => page.evaluate('window.__r'), { timeout, message: 'the dApp call to settle' });
export const seen = (page) => page.evaluate('window.__seen');

// The wallet dialog in our closed shadow root (or null): attributes, text, focused control,
// and the boxes of its controls.
export async function dialog(page) {
  const session = await page.context().newCDPSession(page);
  try {
    const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
    const hosts = [];
    (function walk(n) {
      if (n.localName === DIALOG_HOST) hosts.push(n);
      for (const c of [...(n.children || []), ...(n.shadowRoots || [])]) walk(c);
    })(root);
    for (const host of hosts) {
      const sr = (host.shadowRoots || [])[0];
      if (!sr) continue;
      const q = async (sel) => (await session.send('DOM.querySelector', { nodeId: sr.nodeId, selector: sel })).nodeId;
      const dlg = await q('[role=alertdialog]');
      if (!dlg) continue;
      const { attributes } = await session.send('DOM.getAttributes', { nodeId: dlg });
      const attrs = {};
      for (let i = 0; i < attributes.length; i += 2) attrs[attributes[i]] = attributes[i + 1];
      const box = async (sel) => {
        const id = await q(sel);
        if (!id) return null;
        const { model } = await session.send('DOM.getBoxModel', { nodeId: id });
        const b = model.border;
        return { x: (b[0] + b[2]) / 2, y: (b[1] + b[5]) / 2 };
      };
      const { object } = await session.send('DOM.resolveNode', { nodeId: sr.nodeId });
      const { result } = await session.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: `function () {
          const d = this.querySelector('[role=alertdialog]');
          const a = this.activeElement;
          const p = this.querySelector('button.proceed');
          const links = [...d.querySelectorAll('a')].map((x) => ({ text: x.textContent, href: x.href, target: x.target, rel: x.rel }));
          return { text: d.textContent, focused: a ? a.className : null, proceedDisabled: p.disabled, links };
        }`,
        returnByValue: true,
      });
      return {
        ...result.value,
        attrs,
        verdict: attrs['data-sightline-verdict'],
        address: attrs['data-sightline-address'],
        cancel: await box('button.cancel'),
        proceed: await box('button.proceed'),
      };
    }
    return null;
  } finally {
    await session.detach().catch(() => {});
  }
}
export const waitDialog = (page, timeout = 5000) => waitFor(() => dialog(page), { timeout, message: 'the wallet dialog' });
export const click = (page, pt) => page.mouse.click(pt.x, pt.y);
export async function noDialogFor(page, ms = 400) {
  await sleep(ms);
  assert.equal(await dialog(page), null, 'no dialog expected');
}


/**
 * "Proceed anyway…" on the open dialog, then the confirmation in Sightline's own window:
 * Proceed there is inert until "I understand" is ticked. Returns the window's text.
 */
export async function proceedAnyway(page) {
  const d = await waitDialog(page);
  const opened = page.context().waitForEvent('page', { predicate: (p) => p.url().includes('/confirm.html'), timeout: 5000 });
  await click(page, d.proceed);
  const w = await opened;
  await w.waitForFunction(() => document.getElementById('title').textContent !== '', null, { timeout: 5000 });
  assert.equal(await w.$eval('#proceed', (b) => b.disabled), true, 'Proceed waits for the tick');
  assert.equal(await w.evaluate(() => document.activeElement.id), 'cancel', 'focus starts on Cancel');
  const text = await w.evaluate(() => document.body.innerText);
  await w.check('#understand');
  await w.click('#proceed');
  return text;
}

/** "Proceed anyway…" on the dialog, then Cancel (or closing) in the confirmation window. */
export async function proceedThenCancelInWindow(page, how = 'cancel') {
  const d = await waitDialog(page);
  const opened = page.context().waitForEvent('page', { predicate: (p) => p.url().includes('/confirm.html'), timeout: 5000 });
  await click(page, d.proceed);
  const w = await opened;
  await w.waitForFunction(() => document.getElementById('title').textContent !== '', null, { timeout: 5000 });
  if (how === 'close') await w.close();
  else await w.click('#cancel');
}
