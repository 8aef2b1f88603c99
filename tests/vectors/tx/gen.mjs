// Generates the wallet-request vectors in this folder (node tests/vectors/tx/gen.mjs).
// EVM calldata is encoded by ethers (an encoder independent of ours); Solana messages and
// Tron protobuf are assembled byte by byte from their specs. Each vector:
//   {name, request, targets: [{address, role, amount?, action?}], notes?: [substr], error?: substr}
// `targets` must match in order; `action` is a substring of the action text.
import { Interface, MaxUint256, TypedDataEncoder, encodeBase58, sha256, getBytes, hexlify } from 'ethers';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

// Sanctioned addresses from the OFAC SDN data (see /work/shared/data/ofac), and clean ones.
export const BAD_EVM = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'; // LAZARUS GROUP
const bad = BAD_EVM.toLowerCase();
const CLEAN = '0x1111111111111111111111111111111111111111';
const CLEAN2 = '0x2222222222222222222222222222222222222222';
const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const TOKEN = '0x3333333333333333333333333333333333333333';
const NFT = '0x4444444444444444444444444444444444444444';
const PERMIT2 = '0x000000000022d473030f116ddee9f6b43ac78ba3';
const ROUTER = '0x68b3465833fb72a70ecdf485e0e4c7bd8665fc45';
const MULTICALL3 = '0xca11bde05977b3631167028862be2a173976ca11';
const USER = '0x5555555555555555555555555555555555555555';

const erc20 = new Interface([
  'function transfer(address,uint256)',
  'function transferFrom(address,address,uint256)',
  'function approve(address,uint256)',
  'function increaseAllowance(address,uint256)',
]);
const nft = new Interface([
  'function safeTransferFrom(address,address,uint256)',
  'function safeTransferFrom(address,address,uint256,bytes)',
  'function safeTransferFrom(address,address,uint256,uint256,bytes)',
  'function safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)',
  'function setApprovalForAll(address,bool)',
]);
const permit2 = new Interface([
  'function approve(address token, address spender, uint160 amount, uint48 expiration)',
  'function permit(address owner, ((address token, uint160 amount, uint48 expiration, uint48 nonce) details, address spender, uint256 sigDeadline) permitSingle, bytes signature)',
  'function permit(address owner, ((address token, uint160 amount, uint48 expiration, uint48 nonce)[] details, address spender, uint256 sigDeadline) permitBatch, bytes signature)',
  'function transferFrom(address from, address to, uint160 amount, address token)',
  'function permitTransferFrom(((address token, uint256 amount) permitted, uint256 nonce, uint256 deadline) permit, (address to, uint256 requestedAmount) transferDetails, address owner, bytes signature)',
]);
const multi = new Interface([
  'function multicall(bytes[])',
  'function multicall(uint256,bytes[])',
  'function aggregate3((address target, bool allowFailure, bytes callData)[])',
  'function aggregate((address target, bytes callData)[])',
]);
const sig = '0x' + '11'.repeat(65);
const MAX160 = (1n << 160n) - 1n;

const tx = (to, data, extra = {}) => ({
  family: 'evm', method: 'eth_sendTransaction',
  params: [{ from: USER, to, data, value: '0x0', ...extra }],
});
const T = (address, role, more = {}) => ({ address: address.toLowerCase(), role, ...more });

const evm = [
  { name: 'plain ETH send', request: { family: 'evm', method: 'eth_sendTransaction', params: [{ from: USER, to: BAD_EVM, value: '0x14d1120d7b160000' }] },
    targets: [T(bad, 'recipient', { amount: '1.5', action: 'send 1.5 ETH to' })] },
  { name: 'POL send on polygon', request: { family: 'evm', method: 'eth_sendTransaction', params: [{ to: CLEAN, value: '0xde0b6b3a7640000', chainId: '0x89' }] },
    targets: [T(CLEAN, 'recipient', { action: 'send 1 POL to' })] },
  { name: 'ERC-20 transfer USDC', request: tx(USDC, erc20.encodeFunctionData('transfer', [BAD_EVM, 12_500_000n])),
    targets: [T(USDC, 'contract'), T(bad, 'recipient', { amount: '12.5', action: 'send 12.5 USDC to' })] },
  { name: 'ERC-20 transfer unknown token', request: tx(TOKEN, erc20.encodeFunctionData('transfer', [CLEAN, 1000n])),
    targets: [T(TOKEN, 'contract'), T(CLEAN, 'recipient', { amount: '1000 (raw units)' })] },
  { name: 'ERC-20 approve unlimited USDC', request: tx(USDC, erc20.encodeFunctionData('approve', [BAD_EVM, MaxUint256])),
    targets: [T(USDC, 'contract'), T(bad, 'spender', { amount: 'unlimited', action: 'approve unlimited USDC spending by' })] },
  { name: 'ERC-20 approve zero is a revoke', request: tx(USDC, erc20.encodeFunctionData('approve', [BAD_EVM, 0n])),
    targets: [T(USDC, 'contract')], notes: ['removes the approval'] },
  { name: 'ERC-20 increaseAllowance', request: tx(TOKEN, erc20.encodeFunctionData('increaseAllowance', [BAD_EVM, 5n])),
    targets: [T(TOKEN, 'contract'), T(bad, 'spender', { amount: '5 (raw units)' })] },
  { name: 'ERC-20 transferFrom', request: tx(TOKEN, erc20.encodeFunctionData('transferFrom', [USER, BAD_EVM, 7n])),
    targets: [T(TOKEN, 'contract'), T(bad, 'recipient')] },
  { name: 'ERC-721 safeTransferFrom', request: tx(NFT, nft.encodeFunctionData('safeTransferFrom(address,address,uint256)', [USER, BAD_EVM, 42n])),
    targets: [T(NFT, 'contract'), T(bad, 'recipient', { action: 'transfer NFT #42' })] },
  { name: 'ERC-721 safeTransferFrom with data', request: tx(NFT, nft.encodeFunctionData('safeTransferFrom(address,address,uint256,bytes)', [USER, BAD_EVM, 42n, '0xdeadbeef'])),
    targets: [T(NFT, 'contract'), T(bad, 'recipient')] },
  { name: 'ERC-1155 safeTransferFrom', request: tx(NFT, nft.encodeFunctionData('safeTransferFrom(address,address,uint256,uint256,bytes)', [USER, BAD_EVM, 3n, 10n, '0x'])),
    targets: [T(NFT, 'contract'), T(bad, 'recipient', { amount: '10' })] },
  { name: 'ERC-1155 safeBatchTransferFrom', request: tx(NFT, nft.encodeFunctionData('safeBatchTransferFrom', [USER, BAD_EVM, [1n, 2n], [5n, 6n], '0x'])),
    targets: [T(NFT, 'contract'), T(bad, 'recipient')] },
  { name: 'setApprovalForAll operator', request: tx(NFT, nft.encodeFunctionData('setApprovalForAll', [BAD_EVM, true])),
    targets: [T(NFT, 'contract'), T(bad, 'operator')] },
  { name: 'setApprovalForAll false is a revoke', request: tx(NFT, nft.encodeFunctionData('setApprovalForAll', [BAD_EVM, false])),
    targets: [T(NFT, 'contract')], notes: ['removes operator'] },
  { name: 'Permit2 approve', request: tx(PERMIT2, permit2.encodeFunctionData('approve', [USDC, BAD_EVM, MAX160, 1900000000n])),
    targets: [T(PERMIT2, 'contract'), T(bad, 'spender', { amount: 'unlimited', action: 'USDC' })] },
  { name: 'Permit2 permit single', request: tx(PERMIT2, permit2.encodeFunctionData('permit(address,((address,uint160,uint48,uint48),address,uint256),bytes)', [USER, [[USDC, 1_000_000n, 1900000000n, 0n], BAD_EVM, 1900000000n], sig])),
    targets: [T(PERMIT2, 'contract'), T(bad, 'spender', { amount: '1' })] },
  { name: 'Permit2 permit batch', request: tx(PERMIT2, permit2.encodeFunctionData('permit(address,((address,uint160,uint48,uint48)[],address,uint256),bytes)', [USER, [[[USDC, 1n, 2n, 3n], [TOKEN, 4n, 5n, 6n]], BAD_EVM, 7n], sig])),
    targets: [T(PERMIT2, 'contract'), T(bad, 'spender', { action: 'USDC, token 0x3333' })] },
  { name: 'Permit2 transferFrom', request: tx(PERMIT2, permit2.encodeFunctionData('transferFrom', [USER, BAD_EVM, 9n, TOKEN])),
    targets: [T(PERMIT2, 'contract'), T(bad, 'recipient')] },
  { name: 'Permit2 permitTransferFrom', request: tx(PERMIT2, permit2.encodeFunctionData('permitTransferFrom', [[[USDC, 5_000_000n], 1n, 2n], [BAD_EVM, 5_000_000n], USER, sig])),
    targets: [T(PERMIT2, 'contract'), T(bad, 'recipient', { amount: '5' })] },
  { name: 'multicall(bytes[]) recurses on the same contract', request: tx(ROUTER, multi.encodeFunctionData('multicall(bytes[])', [[erc20.encodeFunctionData('transfer', [CLEAN, 1n]), erc20.encodeFunctionData('approve', [BAD_EVM, MaxUint256])]])),
    targets: [T(ROUTER, 'contract'), T(CLEAN, 'recipient'), T(bad, 'spender')] },
  { name: 'multicall(deadline, bytes[]) nested', request: tx(ROUTER, multi.encodeFunctionData('multicall(uint256,bytes[])', [1900000000n, [multi.encodeFunctionData('multicall(bytes[])', [[erc20.encodeFunctionData('transfer', [BAD_EVM, 1n])]])]])),
    targets: [T(ROUTER, 'contract'), T(bad, 'recipient')] },
  { name: 'Multicall3 aggregate3 targets', request: tx(MULTICALL3, multi.encodeFunctionData('aggregate3', [[[USDC, false, erc20.encodeFunctionData('transfer', [CLEAN, 1n])], [TOKEN, true, erc20.encodeFunctionData('approve', [BAD_EVM, 1n])]]])),
    targets: [T(MULTICALL3, 'contract'), T(USDC, 'contract'), T(CLEAN, 'recipient'), T(TOKEN, 'contract'), T(bad, 'spender')] },
  { name: 'Multicall3 aggregate', request: tx(MULTICALL3, multi.encodeFunctionData('aggregate', [[[BAD_EVM, '0x12345678']]])),
    targets: [T(MULTICALL3, 'contract'), T(bad, 'contract')], notes: ['0x12345678'] },
  { name: 'wallet_sendCalls with one bad call among clean ones', request: { family: 'evm', method: 'wallet_sendCalls', params: [{ version: '2.0.0', chainId: '0x1', from: USER, atomicRequired: true, calls: [
      { to: CLEAN, value: '0x1' },
      { to: USDC, data: erc20.encodeFunctionData('transfer', [BAD_EVM, 1_000_000n]) },
      { to: TOKEN, data: erc20.encodeFunctionData('approve', [CLEAN2, 10n]) },
    ] }] },
    targets: [T(CLEAN, 'recipient'), T(USDC, 'contract'), T(bad, 'recipient', { amount: '1' }), T(TOKEN, 'contract'), T(CLEAN2, 'spender')] },
  { name: 'EIP-7702 authorization', request: { family: 'evm', method: 'eth_sendTransaction', params: [{ from: USER, to: USER, value: '0x0', authorizationList: [{ address: BAD_EVM, chainId: '0x1', nonce: '0x0' }] }] },
    targets: [T(USER, 'recipient'), T(bad, 'operator')] },
  { name: 'contract deployment', request: { family: 'evm', method: 'eth_sendTransaction', params: [{ from: USER, data: '0x6080' }] },
    targets: [], notes: ['deploys a new contract'] },
  { name: 'personal_sign names nothing', request: { family: 'evm', method: 'personal_sign', params: ['0x68656c6c6f', USER] }, targets: [] },
  { name: 'truncated transfer is unreadable', request: tx(TOKEN, erc20.encodeFunctionData('transfer', [BAD_EVM, 1n]).slice(0, 60)),
    error: 'transfer' },
  { name: 'non-hex data is unreadable', request: tx(TOKEN, '0xnothex'), error: 'not hex' },
  { name: 'bad to is unreadable', request: tx('0x1234', '0x'), error: '`to`' },
  { name: 'multicall with an offset past the end', request: tx(ROUTER, '0xac9650d8' + 'ff'.padStart(64, '0')), error: 'multicall' },
];

// EIP-712: EIP-2612 Permit, Permit2 PermitSingle (as a JSON string), Seaport order, EIP-712 Mail (v3).
const domain = { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: USDC };
const permitTypes = { Permit: [
  { name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' },
  { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }] };
const td = (types, primaryType, dom, message) => ({
  types: { EIP712Domain: TypedDataEncoder.getPayload(dom, types, message).types.EIP712Domain, ...types }, primaryType, domain: dom, message,
});
const permitMsg = { owner: USER, spender: BAD_EVM, value: MaxUint256.toString(), nonce: '0', deadline: '1900000000' };
// Check that ethers agrees the payload is well formed (throws otherwise).
TypedDataEncoder.hash(domain, permitTypes, permitMsg);
const p2domain = { name: 'Permit2', chainId: 1, verifyingContract: PERMIT2 };
const p2types = {
  PermitSingle: [{ name: 'details', type: 'PermitDetails' }, { name: 'spender', type: 'address' }, { name: 'sigDeadline', type: 'uint256' }],
  PermitDetails: [{ name: 'token', type: 'address' }, { name: 'amount', type: 'uint160' }, { name: 'expiration', type: 'uint48' }, { name: 'nonce', type: 'uint48' }],
};
const p2msg = { details: { token: USDC, amount: MAX160.toString(), expiration: '1900000000', nonce: '0' }, spender: BAD_EVM, sigDeadline: '1900000000' };
TypedDataEncoder.hash(p2domain, p2types, p2msg);
const seaDomain = { name: 'Seaport', version: '1.6', chainId: 1, verifyingContract: '0x0000000000000068f116a894984e2db1123eb395' };
const seaTypes = {
  OrderComponents: [
    { name: 'offerer', type: 'address' }, { name: 'zone', type: 'address' }, { name: 'offer', type: 'OfferItem[]' },
    { name: 'consideration', type: 'ConsiderationItem[]' }, { name: 'orderType', type: 'uint8' }, { name: 'startTime', type: 'uint256' },
    { name: 'endTime', type: 'uint256' }, { name: 'zoneHash', type: 'bytes32' }, { name: 'salt', type: 'uint256' },
    { name: 'conduitKey', type: 'bytes32' }, { name: 'counter', type: 'uint256' }],
  OfferItem: [{ name: 'itemType', type: 'uint8' }, { name: 'token', type: 'address' }, { name: 'identifierOrCriteria', type: 'uint256' }, { name: 'startAmount', type: 'uint256' }, { name: 'endAmount', type: 'uint256' }],
  ConsiderationItem: [{ name: 'itemType', type: 'uint8' }, { name: 'token', type: 'address' }, { name: 'identifierOrCriteria', type: 'uint256' }, { name: 'startAmount', type: 'uint256' }, { name: 'endAmount', type: 'uint256' }, { name: 'recipient', type: 'address' }],
};
const Z = '0x0000000000000000000000000000000000000000';
const seaMsg = {
  offerer: USER, zone: Z, offer: [{ itemType: '2', token: NFT, identifierOrCriteria: '1', startAmount: '1', endAmount: '1' }],
  consideration: [
    { itemType: '0', token: Z, identifierOrCriteria: '0', startAmount: '1', endAmount: '1', recipient: CLEAN },
    { itemType: '2', token: NFT, identifierOrCriteria: '1', startAmount: '1', endAmount: '1', recipient: BAD_EVM }],
  orderType: '0', startTime: '0', endTime: '1900000000', zoneHash: '0x' + '00'.repeat(32), salt: '1', conduitKey: '0x' + '00'.repeat(32), counter: '0',
};
TypedDataEncoder.hash(seaDomain, seaTypes, seaMsg);
const mailTypes = { Person: [{ name: 'name', type: 'string' }, { name: 'wallet', type: 'address' }], Mail: [{ name: 'from', type: 'Person' }, { name: 'to', type: 'Person' }, { name: 'contents', type: 'string' }] };
const mailDomain = { name: 'Ether Mail', version: '1', chainId: 1, verifyingContract: '0xcccccccccccccccccccccccccccccccccccccccc' };
const mailMsg = { from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' }, to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' }, contents: 'Hello, Bob!' };
// The EIP-712 spec's own example hash.
if (TypedDataEncoder.hash(mailDomain, mailTypes, mailMsg) !== '0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2') throw new Error('EIP-712 Mail vector');

evm.push(
  { name: 'EIP-2612 Permit typed data (object, v4)', request: { family: 'evm', method: 'eth_signTypedData_v4', params: [USER, td(permitTypes, 'Permit', domain, permitMsg)] },
    targets: [T(USDC, 'contract'), T(USER, 'mentioned'), T(bad, 'spender', { amount: 'unlimited', action: 'EIP-2612' })] },
  { name: 'Permit2 PermitSingle typed data (JSON string, v4)', request: { family: 'evm', method: 'eth_signTypedData_v4', params: [USER, JSON.stringify(td(p2types, 'PermitSingle', p2domain, p2msg))] },
    targets: [T(PERMIT2, 'contract'), T(USDC, 'mentioned'), T(bad, 'spender', { amount: 'unlimited', action: 'Permit2' })] },
  { name: 'Seaport order typed data', request: { family: 'evm', method: 'eth_signTypedData_v4', params: [USER, td(seaTypes, 'OrderComponents', seaDomain, seaMsg)] },
    targets: [T(seaDomain.verifyingContract, 'contract'), T(USER, 'counterparty'), T(Z, 'counterparty'), T(NFT, 'mentioned'), T(Z, 'mentioned'), T(CLEAN, 'recipient'), T(bad, 'recipient')] },
  { name: 'EIP-712 spec Mail example (v3)', request: { family: 'evm', method: 'eth_signTypedData_v3', params: ['0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826', JSON.stringify(td(mailTypes, 'Mail', mailDomain, mailMsg))] },
    targets: [T(mailDomain.verifyingContract, 'contract'), T('0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826', 'mentioned'), T('0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'mentioned')] },
  { name: 'legacy eth_signTypedData v1', request: { family: 'evm', method: 'eth_signTypedData', params: [[{ type: 'string', name: 'note', value: 'hi' }, { type: 'address', name: 'recipient', value: BAD_EVM }], USER] },
    targets: [T(bad, 'recipient')] },
  { name: 'typed data with a non-address in an address field', request: { family: 'evm', method: 'eth_signTypedData_v4', params: [USER, { ...td(permitTypes, 'Permit', domain, permitMsg), message: { ...permitMsg, spender: 'me' } }] },
    error: 'address' },
);

// ---- Solana: legacy and v0, transactions and bare messages, base58 and base64.
const b58 = (bytes) => encodeBase58(bytes);
const fromB58 = (s) => { const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'; let n = 0n; for (const c of s) n = n * 58n + BigInt(alphabet.indexOf(c)); const out = []; while (n > 0n) { out.unshift(Number(n & 255n)); n >>= 8n; } for (const c of s) { if (c === '1') out.unshift(0); else break; } return Uint8Array.from(out); };
export const BAD_SOL = '42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi'; // Rolan SOKOLOVSKI
const SOL_USER = b58(new Uint8Array(32).fill(1));
const SOL_CLEAN = b58(new Uint8Array(32).fill(2));
const MINT = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
const SYSTEM = '11111111111111111111111111111111';
const TOKENP = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
const ATAP = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL';
const compact = (n) => { const o = []; for (;;) { let b = n & 0x7f; n >>= 7; if (n) b |= 0x80; o.push(b); if (!n) return o; } };
const u32le = (v) => [v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255];
const u64le = (v) => { v = BigInt(v); const o = []; for (let i = 0; i < 8; i++) { o.push(Number(v & 255n)); v >>= 8n; } return o; };
function solMessage({ v0 = false, keys, ixs, lookups = [] }) {
  const m = [];
  if (v0) m.push(0x80);
  m.push(1, 0, ixs.length ? 1 : 0);
  m.push(...compact(keys.length));
  for (const k of keys) m.push(...fromB58(k));
  m.push(...new Array(32).fill(7));
  m.push(...compact(ixs.length));
  for (const [p, accs, data] of ixs) { m.push(p, ...compact(accs.length), ...accs, ...compact(data.length), ...data); }
  if (v0) { m.push(...compact(lookups.length)); for (const [w, ro] of lookups) { m.push(...new Array(32).fill(9), ...compact(w), ...Array.from({ length: w }, (_, i) => i), ...compact(ro), ...Array.from({ length: ro }, (_, i) => i)); } }
  return Uint8Array.from(m);
}
const solTx = (msg) => Uint8Array.from([...compact(1), ...new Array(64).fill(0), ...msg]);
const b64 = (u8) => Buffer.from(u8).toString('base64');
const sysTransfer = (lamports) => [...u32le(2), ...u64le(lamports)];
const transferMsg = (to, lamports, v0 = false) => solMessage({ v0, keys: [SOL_USER, to, SYSTEM], ixs: [[2, [0, 1], sysTransfer(lamports)]] });
export const SOL_TX_BAD = b58(solTx(transferMsg(BAD_SOL, 1_500_000_000)));
export const SOL_TX_CLEAN = b58(solTx(transferMsg(SOL_CLEAN, 1_000_000)));
// Bare messages (base64), for fake wallets handed transaction objects in e2e tests.
export const SOL_MSG_BAD = b64(transferMsg(BAD_SOL, 1_500_000_000));
export const SOL_MSG_CLEAN = b64(transferMsg(SOL_CLEAN, 1_000_000, true));
const solana = [
  { name: 'System transfer, legacy transaction, base58', request: { family: 'solana', method: 'signTransaction', params: [SOL_TX_BAD] },
    targets: [{ address: BAD_SOL, role: 'recipient', amount: '1.5', action: 'send 1.5 SOL to' }] },
  { name: 'System transfer, v0 message, base64', request: { family: 'solana', method: 'signAndSendTransaction', params: [{ transaction: b64(transferMsg(BAD_SOL, 1, true)) }] },
    targets: [{ address: BAD_SOL, role: 'recipient', amount: '0.000000001' }] },
  { name: 'signAllTransactions reads every transaction', request: { family: 'solana', method: 'signAllTransactions', params: [[SOL_TX_CLEAN, b64(solTx(transferMsg(BAD_SOL, 5)))]] },
    targets: [{ address: SOL_CLEAN, role: 'recipient' }, { address: BAD_SOL, role: 'recipient' }] },
  { name: 'SPL transferChecked to a token account created for its owner in the same transaction', request: { family: 'solana', method: 'signTransaction', params: [b64(solTx(solMessage({ keys: [SOL_USER, b58(new Uint8Array(32).fill(3)), b58(new Uint8Array(32).fill(4)), BAD_SOL, MINT, SYSTEM, TOKENP, ATAP], ixs: [
      [7, [0, 2, 3, 4, 5, 6], [1]],
      [6, [1, 4, 2, 0], [12, ...u64le(2_500_000), 6]],
    ] })))] },
    targets: [{ address: BAD_SOL, role: 'recipient', action: 'create a token account' }, { address: b58(new Uint8Array(32).fill(4)), role: 'recipient', amount: '2.5' }],
  },
  { name: 'SPL transfer (3) to a token account', request: { family: 'solana', method: 'signTransaction', params: [{ transaction: b58(solTx(solMessage({ keys: [SOL_USER, b58(new Uint8Array(32).fill(3)), BAD_SOL, TOKENP], ixs: [[3, [1, 2, 0], [3, ...u64le(99)]]] }))) }] },
    targets: [{ address: BAD_SOL, role: 'recipient', amount: '99 (raw units)' }] },
  { name: 'SPL approve names a delegate', request: { family: 'solana', method: 'signTransaction', params: [b58(solTx(solMessage({ keys: [SOL_USER, b58(new Uint8Array(32).fill(3)), BAD_SOL, TOKENP], ixs: [[3, [1, 2, 0], [4, ...u64le(1)]]] })))] },
    targets: [{ address: BAD_SOL, role: 'spender' }] },
  { name: 'destination in an address lookup table', request: { family: 'solana', method: 'signTransaction', params: [b64(solTx(solMessage({ v0: true, keys: [SOL_USER, SYSTEM], ixs: [[1, [0, 2], sysTransfer(1)]], lookups: [[1, 0]] })))] },
    targets: [], notes: ['lookup table'] },
  { name: 'garbage transaction is unreadable', request: { family: 'solana', method: 'signTransaction', params: ['3xyz'] }, error: 'Solana' },
  { name: 'truncated transfer data is unreadable', request: { family: 'solana', method: 'signTransaction', params: [b58(solTx(solMessage({ keys: [SOL_USER, BAD_SOL, SYSTEM], ixs: [[2, [0, 1], u32le(2)]] })))] }, error: 'truncated' },
];

// ---- Tron: JSON raw_data (hex and base58 addresses), raw_data_hex protobuf, TRC-20.
export const BAD_TRON = 'TA3rH2A7iHnm6pKH8gr9cK1EZnShnmZdFg'; // ISIL KHORASAN
const USDT_TRON = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const TRON_USER = 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8';
const tronHex = (t) => { const b = fromB58(t); return hexlify(b.slice(0, 21)).slice(2); };
{
  // Sanity: checksums of the base58 forms we use.
  for (const t of [BAD_TRON, USDT_TRON, TRON_USER]) {
    const b = fromB58(t); const h = getBytes(sha256(sha256(b.slice(0, 21))));
    if (hexlify(h.slice(0, 4)) !== hexlify(b.slice(21))) throw new Error('tron checksum ' + t);
  }
}
const varint = (v) => { v = BigInt(v); const o = []; for (;;) { const b = Number(v & 0x7fn); v >>= 7n; if (v === 0n) { o.push(b); return o; } o.push(b | 0x80); } };
const pbBytes = (n, bytes) => [...varint((n << 3) | 2), ...varint(bytes.length), ...bytes];
const pbVarint = (n, v) => [...varint(n << 3), ...varint(v)];
function tronRaw(kind, typeUrl, valueFields) {
  const any = [...pbBytes(1, [...Buffer.from(typeUrl)]), ...pbBytes(2, valueFields)];
  const contract = [...pbVarint(1, kind), ...pbBytes(2, any)];
  return Buffer.from([...pbBytes(1, [0xab, 0xcd]), ...pbBytes(4, [1, 2, 3, 4, 5, 6, 7, 8]), ...pbVarint(8, 1900000000000), ...pbBytes(11, contract), ...pbVarint(14, 1800000000000)]).toString('hex');
}
const hexBytes = (h) => [...Buffer.from(h, 'hex')];
const trc20 = (to, amount) => erc20.encodeFunctionData('transfer', ['0x' + tronHex(to).slice(2), amount]).slice(2);
const tronTransferJson = (to, amount, visible) => ({
  visible, txID: '00'.repeat(32),
  raw_data: { contract: [{ type: 'TransferContract', parameter: { type_url: 'type.googleapis.com/protocol.TransferContract', value: { owner_address: visible ? TRON_USER : tronHex(TRON_USER), to_address: visible ? to : tronHex(to), amount } } }], ref_block_bytes: 'abcd', expiration: 1900000000000, timestamp: 1800000000000 },
});
export const TRON_TX_BAD = { ...tronTransferJson(BAD_TRON, 2_000_000, false), raw_data_hex: tronRaw(1, 'type.googleapis.com/protocol.TransferContract', [...pbBytes(1, hexBytes(tronHex(TRON_USER))), ...pbBytes(2, hexBytes(tronHex(BAD_TRON))), ...pbVarint(3, 2_000_000)]) };
const tron = [
  { name: 'TransferContract JSON, hex addresses', request: { family: 'tron', method: 'sign', params: [tronTransferJson(BAD_TRON, 1_500_000, false)] },
    targets: [{ address: BAD_TRON, role: 'recipient', amount: '1.5', action: 'send 1.5 TRX to' }] },
  { name: 'TransferContract JSON, base58 addresses (visible)', request: { family: 'tron', method: 'sign', params: [tronTransferJson(BAD_TRON, 1, true)] },
    targets: [{ address: BAD_TRON, role: 'recipient', amount: '0.000001' }] },
  { name: 'raw_data_hex wins over JSON that disagrees', request: { family: 'tron', method: 'sign', params: [{ ...tronTransferJson(TRON_USER, 2_000_000, false), raw_data_hex: TRON_TX_BAD.raw_data_hex }] },
    targets: [{ address: BAD_TRON, role: 'recipient', amount: '2' }] },
  { name: 'TRC-20 USDT transfer (TriggerSmartContract, raw_data_hex)', request: { family: 'tron', method: 'sign', params: [{ visible: false, txID: '00'.repeat(32), raw_data: {}, raw_data_hex: tronRaw(31, 'type.googleapis.com/protocol.TriggerSmartContract', [...pbBytes(1, hexBytes(tronHex(TRON_USER))), ...pbBytes(2, hexBytes(tronHex(USDT_TRON))), ...pbBytes(4, hexBytes(trc20(BAD_TRON, 25_000_000n)))]) }] },
    targets: [{ address: USDT_TRON, role: 'contract' }, { address: BAD_TRON, role: 'recipient', amount: '25', action: 'send 25 USDT to' }] },
  { name: 'TRC-20 transfer (TriggerSmartContract JSON)', request: { family: 'tron', method: 'sign', params: [{ raw_data: { contract: [{ type: 'TriggerSmartContract', parameter: { value: { owner_address: tronHex(TRON_USER), contract_address: tronHex(USDT_TRON), data: trc20(BAD_TRON, 1_000_000n) } } }] } }] },
    targets: [{ address: USDT_TRON, role: 'contract' }, { address: BAD_TRON, role: 'recipient', amount: '1' }] },
  { name: 'trx.sendTransaction(to, amount)', request: { family: 'tron', method: 'sendTransaction', params: [BAD_TRON, 3_000_000] },
    targets: [{ address: BAD_TRON, role: 'recipient', amount: '3' }] },
  { name: 'other contract types are noted', request: { family: 'tron', method: 'sign', params: [{ raw_data: { contract: [{ type: 'FreezeBalanceV2Contract', parameter: { value: { owner_address: tronHex(TRON_USER) } } }] } }] },
    targets: [], notes: ['FreezeBalanceV2Contract'] },
  { name: 'bad checksum recipient is unreadable', request: { family: 'tron', method: 'sendTransaction', params: [BAD_TRON.slice(0, -1) + 'h', 1] }, error: 'Tron address' },
  { name: 'raw_data_hex that is not protobuf', request: { family: 'tron', method: 'sign', params: [{ raw_data_hex: '5affffffff0f' }] }, error: 'raw_data_hex' },
];

// ---- Bitcoin.
export const BAD_BTC = 'bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw'; // Yunhe WANG
const bitcoin = [
  { name: 'unisat sendBitcoin', request: { family: 'bitcoin', method: 'sendBitcoin', params: [BAD_BTC, 150000000, { feeRate: 5 }] },
    targets: [{ address: BAD_BTC, role: 'recipient', amount: '1.5', action: 'send 1.5 BTC to' }] },
  { name: 'sats-connect sendTransfer recipients', request: { family: 'bitcoin', method: 'sendTransfer', params: { recipients: [{ address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', amount: 1000 }, { address: BAD_BTC, amount: 2000 }] } },
    targets: [{ address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', role: 'recipient' }, { address: BAD_BTC, role: 'recipient', amount: '0.00002' }] },
  { name: 'Leather older single-recipient form', request: { family: 'bitcoin', method: 'sendTransfer', params: [{ address: BAD_BTC, amount: '1000' }] },
    targets: [{ address: BAD_BTC, role: 'recipient', amount: '0.00001' }] },
  { name: 'signPsbt of a PSBT cut after its magic bytes', request: { family: 'bitcoin', method: 'signPsbt', params: ['70736274ff'] }, error: 'truncated' },
  { name: 'sendBitcoin without recipient', request: { family: 'bitcoin', method: 'sendBitcoin', params: [] }, error: 'recipient' },
];

const files = { 'evm.json': evm, 'solana.json': solana, 'tron.json': tron, 'bitcoin.json': bitcoin };
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [f, v] of Object.entries(files)) {
    writeFileSync(join(here, f), JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? x.toString() : x), 1) + '\n');
    console.log(f, v.length, 'vectors');
  }
}
