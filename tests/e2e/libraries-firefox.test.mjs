// Firefox ESR: the EVM and Solana library cases of libraries.test.mjs, over plain WebDriver.
// viem (json-rpc account and local account / eth_sendRawTransaction) and @solana/web3.js
// build the requests; a sanctioned one is held by our dialog (its closed root is not
// reachable over WebDriver: the call stays pending and the wallet sees nothing) and a real
// Escape key press gives the library's own rejection; a clean one reaches the wallet unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, ROOT, DIST_FIREFOX, sleep, waitFor as waitUntil, SANCTIONED_EVM, DIALOG_HOST } from './lib.mjs';
import { startFirefox } from './firefox-lib.mjs';
import { libRoutes } from './libs-bundle.mjs';
import { BAD_SOL } from '../vectors/tx/gen.mjs';

const CLEAN = '0x52908400098527886e0f7030069857d2e4169ee7';
const USER = '0x5555555555555555555555555555555555555555';
const KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'; // a test key

let ff;
let srv;
before(async () => {
  ff = await startFirefox({ extensionDir: DIST_FIREFOX });
  srv = await serve(join(ROOT, 'tests', 'e2e', 'wallet-pages'), { routes: await libRoutes(['evm', 'solana']) });
});
after(async () => {
  await ff?.close();
  await srv?.close();
});

const exec = (script, args) => ff.exec(script, args);
const waitFor = (fn, timeout = 15000, message = 'the page state') => waitUntil(fn, { timeout, message });
// Starts a promise-valued expression; its outcome lands in window.__r.
const start = (expr) => exec(`window.__r = undefined; Promise.resolve().then(() => ${expr}).then(
  (v) => (window.__r = { ok: v ?? null }), (e) => (window.__r = { err: { code: e && e.code, message: e && e.message } })); return 0;`);
const escape = () => ff.wd('POST', '/actions', { actions: [{ type: 'key', id: 'kbd', actions: [{ type: 'keyDown', value: '\uE00C' }, { type: 'keyUp', value: '\uE00C' }] }] });
const sends = () => exec(`return window.__seen.filter((s) => !['eth_chainId', 'eth_accounts', 'eth_requestAccounts'].includes(s.args[0] && s.args[0].method)).length`);

async function open(libs, mode) {
  await ff.wd('POST', '/url', { url: srv.url(`/lib.html?libs=${libs}&mode=${mode}`) });
  await waitFor(() => exec('return window.__libsReady === true'), 20000, 'libraries loaded');
  await exec(`window.viemError = (e) => { const u = e.walk && e.walk((x) => x instanceof window.__libs.viem.UserRejectedRequestError); throw u ? { code: u.code, message: u.name } : e; }; return 0;`);
}

// The sanctioned request is held (pending, the wallet sees nothing, our dialog host is in the
// page), then Escape: the library's rejection.
async function heldThenEscaped(before) {
  await waitFor(() => exec(`return document.querySelectorAll('${DIALOG_HOST}').length === 1`), 10000, 'our dialog');
  await sleep(400);
  assert.equal(await exec('return window.__r === undefined'), true, 'the call waits for the user');
  assert.equal(await sends(), before, 'the wallet saw nothing');
  await escape();
  return waitFor(() => exec('return window.__r'), 5000, 'the rejection');
}

test('Firefox ESR: viem sendTransaction and sendRawTransaction (local account) to Lazarus are held; Escape is UserRejectedRequestError; clean passes', async () => {
  await open('evm', 'eth');
  await exec(`const { createWalletClient, custom, mainnet, privateKeyToAccount } = window.__libs.viem;
    window.client = createWalletClient({ account: '${USER}', chain: mainnet, transport: custom(window.ethereum) });
    window.local = privateKeyToAccount('${KEY}');
    window.rawClient = createWalletClient({ chain: mainnet, transport: custom(window.ethereum) }); return 0;`);
  await start(`client.sendTransaction({ to: '${CLEAN}', value: 1n })`);
  assert.deepEqual(await waitFor(() => exec('return window.__r'), 15000, 'clean send'), { ok: '0xresult:eth_sendTransaction' });
  assert.equal(await exec(`return window.__seen.find((s) => s.args[0].method === 'eth_sendTransaction').args[0].params[0].to.toLowerCase()`), CLEAN);
  const base = await sends();
  await start(`client.sendTransaction({ to: '${SANCTIONED_EVM}', value: 1n }).catch(viemError)`);
  assert.deepEqual((await heldThenEscaped(base)).err, { code: 4001, message: 'UserRejectedRequestError' });
  await start(`local.signTransaction({ type: 'eip1559', chainId: 1, nonce: 1, gas: 21000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, to: '${SANCTIONED_EVM}', value: 10n ** 17n })
    .then((tx) => rawClient.sendRawTransaction({ serializedTransaction: tx })).catch(viemError)`);
  assert.deepEqual((await heldThenEscaped(base)).err, { code: 4001, message: 'UserRejectedRequestError' });
});

test('Firefox ESR: an @solana/web3.js Transaction to a listed owner is held; Escape is 4001; the dApp object is untouched', async () => {
  await open('solana', 'solana');
  await start(`(() => {
    const { Transaction, SystemProgram, PublicKey } = window.__libs.web3;
    const from = new PublicKey(new Uint8Array(32).fill(1));
    const tx = new Transaction({ feePayer: from, recentBlockhash: new PublicKey(new Uint8Array(32).fill(9)).toBase58() });
    tx.add(SystemProgram.transfer({ fromPubkey: from, toPubkey: new PublicKey('${BAD_SOL}'), lamports: 5000 }));
    window.__sentTx = tx;
    return window.solana.signTransaction(tx);
  })()`);
  const r = await heldThenEscaped(0);
  assert.equal(r.err.code, 4001);
  assert.equal(await exec('return window.__sentTx.signatures.length'), 0, 'reading it filled in no signatures');
});
