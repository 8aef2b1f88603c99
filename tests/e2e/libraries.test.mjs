// The pre-sign check against requests built by the client libraries real dApps use (viem,
// ethers, mipd, @solana/web3.js, sats-connect), bundled by esbuild into the test pages
// (tests/e2e/libs-bundle.mjs). The wallet is a stand-in that records what reaches it
// (wallet-pages/fake-wallets.js). For each library: sanctioned -> our dialog before the wallet
// records anything; Cancel -> the library's own rejection; Proceed anyway -> the request
// reaches the wallet unchanged; clean -> no dialog, unchanged, latency printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchWithExtension, serve, ROOT, waitFor, SANCTIONED_EVM } from './lib.mjs';
import { openDapp, start, outcome, seen, dialog, waitDialog, click, noDialogFor, proceedAnyway } from './wallet-lib.mjs';
import { libRoutes } from './libs-bundle.mjs';
import { BAD_SOL, BAD_BTC, BAD_TRON } from '../vectors/tx/gen.mjs';

const PAGES = join(ROOT, 'tests', 'e2e', 'wallet-pages');
const BAD = SANCTIONED_EVM;
const CLEAN = '0x52908400098527886E0F7030069857D2E4169EE7';
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const USER = '0x5555555555555555555555555555555555555555';
const KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'; // a test key
const READS = new Set(['eth_chainId', 'eth_accounts', 'eth_requestAccounts', 'eth_estimateGas', 'eth_blockNumber', 'eth_gasPrice', 'net_version', 'getInfo']);
// What reached the wallet, without the read-only calls libraries make first.
const sends = async (page) => (await seen(page)).filter((s) => !READS.has(s.args[0] && typeof s.args[0] === 'object' ? s.args[0].method : s.args[0]));

let ext;
let srv;
before(async () => {
  ext = await launchWithExtension();
  srv = await serve(PAGES, { routes: await libRoutes(['evm', 'solana', 'bitcoin', 'tron']) });
});
after(async () => {
  await ext?.close();
  await srv?.close();
});

async function open(mode, libs) {
  const page = await openDapp(ext, srv, mode, `/lib.html?libs=${libs}`);
  await waitFor(() => page.evaluate('window.__libsReady === true'), { message: 'libraries loaded' });
  // viem wraps the wallet's refusal (TransactionExecutionError -> UserRejectedRequestError).
  await page.evaluate(`window.viemError = (e) => { const u = e.walk((x) => x instanceof window.__libs.viem.UserRejectedRequestError); throw u ? { code: u.code, message: u.name } : { code: e.code, message: e.name }; }`);
  return page;
}
const viemClient = `(() => { const { createWalletClient, custom, mainnet } = window.__libs.viem; return createWalletClient({ account: '${USER}', chain: mainnet, transport: custom(window.ethereum) }); })()`;
const table = [];
const row = (library, method, caught, unchanged, ms) => table.push({ library, method, caught, unchanged, ms });

test('viem walletClient: sendTransaction and writeContract (ERC-20) to Lazarus; Cancel is UserRejectedRequestError; Proceed delivers the same request', async () => {
  const page = await open('eth', 'evm');
  await page.evaluate(`window.client = ${viemClient}`);
  await start(page, `client.sendTransaction({ to: '${BAD}', value: window.__libs.viem.parseEther('1') }).catch(viemError)`);
  let d = await waitDialog(page);
  assert.match(d.text, /LAZARUS GROUP/);
  assert.match(d.text, /send 1 ETH to/);
  assert.deepEqual(await sends(page), [], 'the wallet saw nothing before the decision');
  await click(page, d.cancel);
  assert.deepEqual((await outcome(page)).err, { code: 4001, message: 'UserRejectedRequestError' });
  // writeContract: USDC transfer to Lazarus, proceeded: the wallet gets viem's calldata unchanged.
  await start(page, `client.writeContract({ address: '${USDC}', abi: window.__libs.viem.erc20Abi, functionName: 'transfer', args: ['${BAD}', 2500000n] })`);
  d = await waitDialog(page);
  assert.match(d.text, /send 2\.5 USDC to/);
  await proceedAnyway(page);
  assert.ok((await outcome(page)).ok);
  const s = await sends(page);
  assert.equal(s.length, 1);
  const want = await page.evaluate(`window.__libs.viem.encodeFunctionData({ abi: window.__libs.viem.erc20Abi, functionName: 'transfer', args: ['${BAD}', 2500000n] })`);
  assert.equal(s[0].args[0].method, 'eth_sendTransaction');
  assert.equal(s[0].args[0].params[0].data, want);
  assert.equal(s[0].args[0].params[0].to.toLowerCase(), USDC.toLowerCase());
  row('viem', 'eth_sendTransaction', true, true);
  await page.close();
});

test('viem: clean sends reach the wallet unchanged with no dialog; added latency measured', async () => {
  const page = await open('eth', 'evm');
  await page.evaluate(`window.client = ${viemClient}`);
  const ms = await page.evaluate(async (to) => {
    const out = [];
    for (let i = 0; i < 20; i++) {
      const n = window.__seen.length;
      const t0 = performance.now();
      await window.client.sendTransaction({ to, value: BigInt(i + 1) });
      const rec = window.__seen.slice(n).find((x) => x.args[0].method === 'eth_sendTransaction');
      out.push(rec.t - t0);
    }
    return out.sort((a, b) => a - b);
  }, CLEAN);
  const median = ms[ms.length >> 1];
  console.log(`# viem clean sendTransaction: dApp call -> wallet median ${median.toFixed(1)} ms (min ${ms[0].toFixed(1)}, max ${ms.at(-1).toFixed(1)}; includes viem's own eth_chainId)`);
  assert.ok(median < 50, `median ${median} ms`);
  const s = (await sends(page)).filter((x) => x.args[0].method === 'eth_sendTransaction');
  assert.equal(s.length, 20);
  assert.equal(s[4].args[0].params[0].value, '0x5');
  assert.equal(s[4].args[0].params[0].to.toLowerCase(), CLEAN.toLowerCase());
  assert.equal(await dialog(page), null);
  row('viem', 'eth_sendTransaction (clean)', null, true, median);
  await page.close();
});

test('viem wallet_sendTransaction fallback: after a wallet refuses eth_sendTransaction, the next send to Lazarus is still stopped', async () => {
  const page = await open('fallback', 'evm');
  await page.evaluate(`window.client = ${viemClient}`);
  await start(page, `client.sendTransaction({ to: '${CLEAN}', value: 1n })`);
  assert.ok((await outcome(page)).ok, 'viem retried with wallet_sendTransaction');
  assert.deepEqual((await sends(page)).map((s) => s.args[0].method), ['eth_sendTransaction', 'wallet_sendTransaction']);
  await start(page, `client.sendTransaction({ to: '${BAD}', value: 1n }).catch(viemError)`);
  const d = await waitDialog(page);
  assert.match(d.text, /LAZARUS GROUP/);
  await click(page, d.cancel);
  assert.deepEqual((await outcome(page)).err, { code: 4001, message: 'UserRejectedRequestError' });
  assert.equal((await sends(page)).length, 2, 'no wallet_sendTransaction to Lazarus reached the wallet');
  row('viem (fallback)', 'wallet_sendTransaction', true, true);
  await page.close();
});

test('viem local account: eth_sendRawTransaction (EIP-1559 and an EIP-7702 delegation) is decoded and stopped', async () => {
  const page = await open('eth', 'evm');
  await page.evaluate(`(() => {
    const { createWalletClient, custom, mainnet, privateKeyToAccount } = window.__libs.viem;
    window.account = privateKeyToAccount('${KEY}');
    window.client = createWalletClient({ chain: mainnet, transport: custom(window.ethereum) });
  })()`);
  const fees = `chainId: 1, nonce: 1, gas: 60000n, maxFeePerGas: 2n * 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n`;
  await start(page, `account.signTransaction({ type: 'eip1559', to: '${BAD}', value: 10n ** 17n, ${fees} }).then((tx) => client.sendRawTransaction({ serializedTransaction: tx })).catch(viemError)`);
  let d = await waitDialog(page);
  assert.match(d.text, /send 0\.1 ETH to/);
  assert.match(d.text, /LAZARUS GROUP/);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  await start(page, `account.signAuthorization({ contractAddress: '${BAD}', chainId: 1, nonce: 2 }).then((a) => account.signTransaction({ type: 'eip7702', to: '${CLEAN}', authorizationList: [a], ${fees} })).then((tx) => client.sendRawTransaction({ serializedTransaction: tx })).catch(viemError)`);
  d = await waitDialog(page);
  assert.match(d.text, /EIP-7702 delegation/);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  assert.deepEqual(await sends(page), []);
  // A clean signed transaction goes through as signed.
  await start(page, `account.signTransaction({ type: 'eip1559', to: '${CLEAN}', value: 1n, ${fees} }).then((tx) => (window.__raw = tx, client.sendRawTransaction({ serializedTransaction: tx })))`);
  assert.ok((await outcome(page)).ok);
  const s = await sends(page);
  assert.deepEqual(s[0].args[0], { method: 'eth_sendRawTransaction', params: [await page.evaluate('window.__raw')] });
  row('viem (local account)', 'eth_sendRawTransaction', true, true);
  await page.close();
});

test('viem over EIP-6963 (mipd store): writeContract approve to Lazarus is stopped', async () => {
  const page = await open('eip6963', 'evm');
  await start(page, `(async () => {
    const store = window.__libs.mipd.createStore();
    await new Promise((r) => setTimeout(r, 50));
    const { provider } = store.getProviders()[0];
    const { createWalletClient, custom, mainnet, erc20Abi } = window.__libs.viem;
    const c = createWalletClient({ account: '${USER}', chain: mainnet, transport: custom(provider) });
    return c.writeContract({ address: '${USDC}', abi: erc20Abi, functionName: 'approve', args: ['${BAD}', 2n ** 256n - 1n] });
  })().catch(viemError)`);
  const d = await waitDialog(page);
  assert.match(d.text, /approve unlimited USDC spending by/);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  assert.deepEqual(await sends(page), []);
  row('viem + mipd (EIP-6963)', 'eth_sendTransaction', true, null);
  await page.close();
});

test('ethers v6 BrowserProvider + Contract: transfer to Lazarus is stopped; Cancel is ACTION_REJECTED', async () => {
  const page = await open('eth', 'evm');
  await start(page, `(async () => {
    const { BrowserProvider, Contract } = window.__libs.ethers;
    const signer = await new BrowserProvider(window.ethereum).getSigner();
    const usdc = new Contract('${USDC}', ['function transfer(address to, uint256 amount) returns (bool)'], signer);
    try { return await usdc.transfer('${BAD}', 1000000n); } catch (e) { throw { code: e.code, message: e.shortMessage }; }
  })()`);
  const d = await waitDialog(page);
  assert.match(d.text, /send 1 USDC to/);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 'ACTION_REJECTED');
  assert.deepEqual(await sends(page), []);
  // A clean transfer: ethers' own request reaches the wallet unchanged.
  await start(page, `(async () => {
    const { BrowserProvider, Contract } = window.__libs.ethers;
    const signer = await new BrowserProvider(window.ethereum).getSigner();
    const usdc = new Contract('${USDC}', ['function transfer(address to, uint256 amount) returns (bool)'], signer);
    const tx = await usdc.transfer.populateTransaction('${CLEAN}', 5n);
    window.__want = tx.data;
    return signer.sendUncheckedTransaction(tx);
  })()`);
  assert.ok((await outcome(page)).ok);
  const s = await sends(page);
  assert.equal(s.length, 1);
  assert.equal(s[0].args[0].params[0].data, await page.evaluate('window.__want'));
  row('ethers v6', 'eth_sendTransaction', true, true);
  await page.close();
});

test('@solana/web3.js: a legacy Transaction to a listed owner is stopped, and the wallet gets the dApp\'s own object untouched (no signatures filled in)', async () => {
  const page = await open('solana', 'solana');
  const build = (to, lamports) => `(() => {
    const { Transaction, SystemProgram, PublicKey } = window.__libs.web3;
    const from = new PublicKey(new Uint8Array(32).fill(1));
    const tx = new Transaction({ feePayer: from, recentBlockhash: new PublicKey(new Uint8Array(32).fill(9)).toBase58() });
    tx.add(SystemProgram.transfer({ fromPubkey: from, toPubkey: new PublicKey('${to}'), lamports: ${lamports} }));
    window.__sentTx = tx;
    window.__before = JSON.stringify(tx.toJSON());
    return tx;
  })()`;
  await start(page, `window.solana.signTransaction(${build(BAD_SOL, 1_500_000_000)})`);
  let d = await waitDialog(page);
  assert.match(d.text, /send 1\.5 SOL to/);
  assert.match(d.text, /SOKOLOVSKI/);
  assert.equal(await page.evaluate('window.__sentTx.signatures.length'), 0, 'reading it did not fill in signatures');
  await proceedAnyway(page);
  assert.ok((await outcome(page)).ok);
  assert.deepEqual(await page.evaluate('window.__solReceived'), [{ signatures: 0, original: true }]);
  assert.equal(await page.evaluate('JSON.stringify(window.__sentTx.toJSON()) === window.__before'), true);
  // VersionedTransaction (v0), Cancel -> 4001.
  await start(page, `(() => {
    const { TransactionMessage, VersionedTransaction, SystemProgram, PublicKey } = window.__libs.web3;
    const from = new PublicKey(new Uint8Array(32).fill(1));
    const msg = new TransactionMessage({ payerKey: from, recentBlockhash: new PublicKey(new Uint8Array(32).fill(9)).toBase58(),
      instructions: [SystemProgram.transfer({ fromPubkey: from, toPubkey: new PublicKey('${BAD_SOL}'), lamports: 5000 })] }).compileToV0Message();
    return window.phantom.solana.signAndSendTransaction(new VersionedTransaction(msg));
  })()`);
  d = await waitDialog(page);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  assert.equal((await seen(page)).length, 1);
  row('@solana/web3.js', 'signTransaction / signAndSendTransaction', true, true);
  await page.close();
});

test('@solana/spl-token: USDC to the associated token account of a listed owner is stopped, naming the owner', async () => {
  const page = await open('solana', 'solana');
  await start(page, `(() => {
    const { Transaction, PublicKey } = window.__libs.web3;
    const { getAssociatedTokenAddressSync, createTransferInstruction, createTransferCheckedInstruction } = window.__libs.spl;
    const usdc = new PublicKey('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v');
    const from = new PublicKey(new Uint8Array(32).fill(1));
    const src = getAssociatedTokenAddressSync(usdc, from);
    const dst = getAssociatedTokenAddressSync(usdc, new PublicKey('${BAD_SOL}'), true);
    const tx = new Transaction({ feePayer: from, recentBlockhash: new PublicKey(new Uint8Array(32).fill(9)).toBase58() });
    tx.add(window.__checked ? createTransferCheckedInstruction(src, usdc, dst, from, 25000000n, 6) : createTransferInstruction(src, dst, from, 25000000n));
    return window.solana.signTransaction(tx);
  })()`);
  let d = await waitDialog(page);
  assert.equal(d.address, BAD_SOL);
  assert.match(d.text, /SOKOLOVSKI/);
  assert.match(d.text, /USDC to the token account/);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).err.code, 4001);
  assert.deepEqual(await seen(page), []);
  row('@solana/spl-token', 'signTransaction (USDC to an ATA)', true, null);
  await page.close();
});

test('sats-connect request(sendTransfer): Cancel answers {status: "error", code -32000} as Xverse does; the wallet sees nothing', async () => {
  const page = await open('xverse', 'bitcoin');
  await start(page, `window.__libs.satsConnect.request('sendTransfer', { recipients: [{ address: '${BAD_BTC}', amount: 150000000 }] })`);
  const d = await waitDialog(page);
  assert.match(d.text, /send 1\.5 BTC to/);
  await click(page, d.cancel);
  const r = await outcome(page);
  assert.equal(r.ok.status, 'error');
  assert.equal(r.ok.error.code, -32000);
  assert.deepEqual((await sends(page)), []);
  // Clean: the same library call reaches the wallet and succeeds.
  await start(page, `window.__libs.satsConnect.request('sendTransfer', { recipients: [{ address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', amount: 1000 }] })`);
  assert.equal((await outcome(page)).ok.status, 'success');
  await noDialogFor(page, 100);
  row('sats-connect', 'sendTransfer', true, true);
  await page.close();
});

test('bitcoinjs-lib PSBTs: sats-connect signPsbt (base64) and UniSat signPsbt (hex) paying a listed address are stopped', async () => {
  const page = await open('xverse', 'bitcoin');
  const psbt = (to, sats) => `(() => { const { Psbt, address } = window.__libs.bitcoin;
    const p = new Psbt();
    p.addInput({ hash: new Uint8Array(32), index: 0, witnessUtxo: { script: address.toOutputScript('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'), value: 10000000n } });
    p.addOutput({ address: '${to}', value: ${sats}n });
    return p; })()`;
  await start(page, `window.__libs.satsConnect.request('signPsbt', { psbt: ${psbt(BAD_BTC, 250000)}.toBase64(), broadcast: true })`);
  let d = await waitDialog(page);
  assert.match(d.text, /send 0\.0025 BTC to/);
  assert.equal(d.address, BAD_BTC);
  await click(page, d.cancel);
  assert.equal((await outcome(page)).ok.status, 'error');
  assert.deepEqual(await sends(page), []);
  await page.close();
  const p2 = await open('bitcoin', 'bitcoin');
  await start(p2, `window.unisat.signPsbt(${psbt(BAD_BTC, 1000)}.toHex(), { autoFinalized: false })`);
  d = await waitDialog(p2);
  await click(p2, d.cancel);
  assert.equal((await outcome(p2)).err.code, 4001);
  // A clean PSBT reaches the wallet as the dApp wrote it.
  await start(p2, `(window.__hex = ${psbt('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 1000)}.toHex(), window.unisat.signPsbt(window.__hex, { autoFinalized: false }))`);
  assert.ok((await outcome(p2)).ok);
  const s = (await seen(p2)).filter((x) => x.method === 'signPsbt');
  assert.equal(s.length, 1);
  assert.equal(s[0].args[0], await p2.evaluate('window.__hex'));
  row('bitcoinjs-lib + sats-connect / UniSat', 'signPsbt', true, true);
  await p2.close();
});

test('TronWeb 6: a TRX send and a TRC-20 USDT transfer built offline and signed through TronLink are stopped with TronLink\'s refusal', async () => {
  const page = await open('tron', 'tron');
  await waitFor(() => page.evaluate('!!(window.tronWeb && window.tronWeb.trx)'), { message: 'TronLink' });
  await page.click('#go'); // a user gesture: the wrapper re-scans for late wallets
  const build = (contract) => `(async () => {
    const tw = new window.__libs.TronWeb({ fullHost: 'http://127.0.0.1:9' });
    const from = 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8';
    const blockHeader = { ref_block_bytes: 'a1b2', ref_block_hash: '0123456789abcdef', expiration: Date.now() + 60000, timestamp: Date.now() };
    const tx = ${contract}
      ? (await tw.transactionBuilder.triggerSmartContract('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'transfer(address,uint256)', { feeLimit: 100000000, txLocal: true, blockHeader },
          [{ type: 'address', value: '${BAD_TRON}' }, { type: 'uint256', value: 25000000 }], from)).transaction
      : await tw.transactionBuilder.sendTrx('${BAD_TRON}', 3000000, from, { blockHeader });
    window.__tx = tx;
    return window.tronWeb.trx.sign(tx);
  })()`;
  await start(page, build(false));
  let d = await waitDialog(page);
  assert.match(d.text, /send 3 TRX to/);
  assert.match(d.text, /ISIL KHORASAN/);
  await click(page, d.cancel);
  assert.deepEqual((await outcome(page)).err, { str: 'Confirmation declined by user' });
  await start(page, build(true));
  d = await waitDialog(page);
  assert.match(d.text, /send 25 USDT to/);
  await click(page, d.cancel);
  assert.deepEqual((await outcome(page)).err, { str: 'Confirmation declined by user' });
  assert.deepEqual(await seen(page), []);
  row('TronWeb 6 + TronLink', 'trx.sign (TRX, TRC-20)', true, null);
  await page.close();
});

test('TronWeb 6 as TronLink injects it: trx.sendTransaction (built through the node, signed by TronLink) to a listed address is stopped before the wallet signs; a clean one is signed and broadcast unchanged', async () => {
  const page = await open('tronweb', 'tron');
  const broadcasts = [];
  // The Tron node TronWeb talks to (a stand-in, like the wallet): a block for the reference
  // fields, and the broadcast it records.
  await page.route('**/tron-node/**', async (route) => {
    const url = route.request().url();
    if (url.endsWith('/wallet/getblock')) {
      return route.fulfill({ json: { blockID: '00000000043f5e2d' + 'ab'.repeat(24), block_header: { raw_data: { number: 71261741, timestamp: Date.now() } } } });
    }
    if (url.endsWith('/wallet/broadcasttransaction')) {
      broadcasts.push(route.request().postDataJSON());
      return route.fulfill({ json: { result: true, txid: broadcasts.at(-1).txID } });
    }
    return route.fulfill({ status: 404, json: {} });
  });
  await waitFor(() => page.evaluate('!!(window.tronWeb && window.tronWeb.trx && window.tronWeb.fullNode)'), { message: 'TronLink' });
  await page.click('#go'); // a user gesture: the wrapper re-scans for late wallets
  await start(page, `window.tronWeb.trx.sendTransaction('${BAD_TRON}', 4000000)`);
  const d = await waitDialog(page);
  assert.match(d.text, /send 4 TRX to/);
  assert.match(d.text, /ISIL KHORASAN/);
  await click(page, d.cancel);
  assert.deepEqual((await outcome(page)).err, { str: 'Confirmation declined by user' });
  assert.deepEqual(await seen(page), [], 'TronLink was never asked to sign');
  assert.equal(broadcasts.length, 0);
  // Clean: one signature request (TronWeb's inner this.sign, not asked twice), the
  // transaction TronWeb built, broadcast.
  const CLEAN_TRON = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'; // any unlisted account but the sender
  const t0 = await page.evaluate('performance.now()');
  await start(page, `window.tronWeb.trx.sendTransaction('${CLEAN_TRON}', 1000000)`);
  const out = await outcome(page);
  assert.equal(out.ok && out.ok.result, true, JSON.stringify(out));
  assert.equal(await dialog(page), null);
  const s = await seen(page);
  assert.equal(s.length, 1);
  assert.equal(s[0].method, 'sign');
  assert.equal(s[0].thisOk, true);
  const v = s[0].args[0].raw_data.contract[0].parameter.value;
  assert.equal(v.amount, 1000000);
  assert.equal(v.to_address, await page.evaluate(`window.tronWeb.address.toHex('${CLEAN_TRON}')`));
  assert.equal(broadcasts.length, 1);
  assert.equal(broadcasts[0].txID, s[0].args[0].txID, 'what was signed is what TronWeb built and broadcast');
  console.log(`# TronWeb trx.sendTransaction clean: dApp call -> signed and broadcast in ${(s[0].t - t0).toFixed(1)} ms (includes the node round trip)`);
  row('TronWeb 6 + TronLink', 'trx.sendTransaction (through the node)', true, true, s[0].t - t0);
  await page.close();
});

test('summary', () => {
  console.log('# library | method | sanctioned caught | clean unchanged | added latency');
  for (const r of table) console.log(`# ${r.library} | ${r.method} | ${r.caught ?? '-'} | ${r.unchanged ?? '-'} | ${r.ms != null ? r.ms.toFixed(1) + ' ms' : '-'}`);
});
