// Generates evm_raw.json (node tests/vectors/tx/gen_raw.mjs): signed transactions as
// eth_sendRawTransaction carries them, serialised and signed by viem (legacy, EIP-2930,
// EIP-1559, EIP-4844, EIP-7702) and by ethers (legacy with and without EIP-155, 1559), so the
// RLP reader is tested against two independent encoders. Same vector shape as gen.mjs.
import { serializeTransaction, encodeFunctionData, erc20Abi, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { Wallet, Transaction } from 'ethers';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { BAD_EVM } from './gen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bad = BAD_EVM.toLowerCase();
const CLEAN = '0x1111111111111111111111111111111111111111';
const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'; // a test key
const account = privateKeyToAccount(KEY);
const wallet = new Wallet(KEY);
const raw = (r) => ({ family: 'evm', method: 'eth_sendRawTransaction', params: [r] });
const fees = { maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, gas: 90_000n, nonce: 7 };
const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BAD_EVM, 2_500_000n] });

const vectors = [];
const add = (name, r, targets, extra = {}) => vectors.push({ name, request: raw(r), targets, ...extra });

add('viem legacy EIP-155 ETH send', await account.signTransaction({ type: 'legacy', chainId: 1, to: BAD_EVM, value: parseEther('1.5'), gasPrice: 20_000_000_000n, gas: 21_000n, nonce: 1 }),
  [{ address: bad, role: 'recipient', amount: '1.5', action: 'send 1.5 ETH to' }]);
add('viem EIP-2930 on polygon', await account.signTransaction({ type: 'eip2930', chainId: 137, to: BAD_EVM, value: parseEther('2'), gasPrice: 1n, gas: 21_000n, nonce: 0, accessList: [{ address: CLEAN, storageKeys: [] }] }),
  [{ address: bad, role: 'recipient', action: 'send 2 POL to' }]);
add('viem EIP-1559 USDC transfer', await account.signTransaction({ type: 'eip1559', chainId: 1, to: USDC, data: transfer, ...fees }),
  [{ address: USDC, role: 'contract' }, { address: bad, role: 'recipient', amount: '2.5', action: 'send 2.5 USDC to' }]);
add('viem EIP-1559 clean send', await account.signTransaction({ type: 'eip1559', chainId: 1, to: CLEAN, value: 1n, ...fees }),
  [{ address: CLEAN, role: 'recipient' }]);
add('viem EIP-7702 delegation to a listed address', await account.signTransaction({ type: 'eip7702', chainId: 1, to: CLEAN, ...fees,
  authorizationList: [await account.signAuthorization({ contractAddress: BAD_EVM, chainId: 1, nonce: 8 })] }),
  [{ address: CLEAN, role: 'recipient' }, { address: bad, role: 'operator', action: 'EIP-7702 delegation' }]);
add('viem EIP-4844 (no sidecar)', serializeTransaction({ type: 'eip4844', chainId: 1, to: BAD_EVM, value: 0n, ...fees, maxFeePerBlobGas: 1n,
  blobVersionedHashes: ['0x01' + '11'.repeat(31)] }, { r: '0x' + '22'.repeat(32), s: '0x' + '33'.repeat(32), yParity: 1 }),
  [{ address: bad, role: 'recipient' }]);
add('viem contract deployment (no recipient)', await account.signTransaction({ type: 'eip1559', chainId: 1, data: '0x6080', ...fees }), [], { notes: ['deploys a new contract'] });
add('ethers legacy pre-EIP-155', (await wallet.signTransaction(Transaction.from({ type: 0, to: BAD_EVM, value: 5n * 10n ** 17n, gasPrice: 1n, gasLimit: 21000n, nonce: 3 }))),
  [{ address: bad, role: 'recipient', amount: '0.5', action: 'send 0.5 ETH to' }]);
add('ethers EIP-1559 on BSC', await wallet.signTransaction({ type: 2, chainId: 56, to: BAD_EVM, value: 10n ** 18n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, gasLimit: 21000n, nonce: 0 }),
  [{ address: bad, role: 'recipient', action: 'send 1 BNB to' }]);
add('eth_sendRawTransactionSync (EIP-7966) reads the same', await account.signTransaction({ type: 'eip1559', chainId: 1, to: BAD_EVM, value: 1n, ...fees }),
  [{ address: bad, role: 'recipient' }]);
vectors.at(-1).request.method = 'eth_sendRawTransactionSync';

// Hostile and malformed input (no library produces these).
const good = vectors[2].request.params[0];
for (const [name, r, error] of [
  ['truncated', good.slice(0, -10), 'input too short'],
  ['trailing bytes', good + '00', 'bytes after'],
  ['unknown envelope type', '0x7e' + good.slice(4), 'unknown transaction type'],
  ['not hex', '0xzz', 'not hex'],
  ['empty', '0x', 'empty'],
  ['recipient of 19 bytes', '0x02' + 'dc' + '01' + '80' + '80' + '80' + '80' + '93' + '11'.repeat(19) + '80' + '80' + 'c0', 'recipient'],
  ['non-canonical length', '0xf8' + '05' + '8080808080', 'RLP'],
]) vectors.push({ name, request: raw(r), error });

writeFileSync(join(here, 'evm_raw.json'), JSON.stringify(vectors, null, 1) + '\n');
console.log('evm_raw.json', vectors.length, 'vectors');
