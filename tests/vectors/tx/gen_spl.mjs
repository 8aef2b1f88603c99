// Generates solana_spl.json (node tests/vectors/tx/gen_spl.mjs) with @solana/spl-token and
// @solana/web3.js 1.x, the libraries dApps use:
//   ata:      {owner, mint, program, ata} from getAssociatedTokenAddressSync (Token and
//             Token-2022), for the Rust derivation to match;
//   requests: SPL transfers built by createTransferInstruction / createTransferCheckedInstruction
//             to listed and clean owners' ATAs, with the owner the check must resolve (or null).
import { PublicKey, Transaction, VersionedTransaction, TransactionMessage } from '@solana/web3.js';
import { getAssociatedTokenAddressSync, createTransferInstruction, createTransferCheckedInstruction, TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID } from '@solana/spl-token';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { BAD_SOL } from './gen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const USDC = new PublicKey('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v');
const USDT = new PublicKey('Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB');
const PYUSD = new PublicKey('2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo');
const OTHER_MINT = new PublicKey(new Uint8Array(32).fill(77));
const USER = new PublicKey(new Uint8Array(32).fill(1));
const CLEAN = new PublicKey(new Uint8Array(32).fill(2));
const BAD = new PublicKey(BAD_SOL);
const blockhash = new PublicKey(new Uint8Array(32).fill(9)).toBase58();

const ata = [];
for (const owner of [BAD, CLEAN, USER]) {
  for (const [mint, program] of [[USDC, TOKEN_PROGRAM_ID], [USDT, TOKEN_PROGRAM_ID], [PYUSD, TOKEN_2022_PROGRAM_ID], [OTHER_MINT, TOKEN_PROGRAM_ID], [OTHER_MINT, TOKEN_2022_PROGRAM_ID]]) {
    ata.push({ owner: owner.toBase58(), mint: mint.toBase58(), program: program.toBase58(), ata: getAssociatedTokenAddressSync(mint, owner, true, program).toBase58() });
  }
}

const b64 = (u) => Buffer.from(u).toString('base64');
const legacy = (ix) => {
  const tx = new Transaction({ feePayer: USER, recentBlockhash: blockhash }).add(ix);
  return b64(tx.serialize({ requireAllSignatures: false, verifySignatures: false }));
};
const v0 = (ix) => b64(new VersionedTransaction(new TransactionMessage({ payerKey: USER, recentBlockhash: blockhash, instructions: [ix] }).compileToV0Message()).serialize());
const src = (mint, program) => getAssociatedTokenAddressSync(mint, USER, false, program);
const dst = (owner, mint, program) => getAssociatedTokenAddressSync(mint, owner, true, program);
const req = (b) => ({ family: 'solana', method: 'signTransaction', params: [b] });

const requests = [
  { name: 'USDC Transfer (no mint) to a listed owner\'s ATA', request: req(legacy(createTransferInstruction(src(USDC, TOKEN_PROGRAM_ID), dst(BAD, USDC, TOKEN_PROGRAM_ID), USER, 12_500_000n))),
    owner: BAD_SOL, token: 'USDC' },
  { name: 'USDT TransferChecked to a listed owner\'s ATA (v0)', request: req(v0(createTransferCheckedInstruction(src(USDT, TOKEN_PROGRAM_ID), USDT, dst(BAD, USDT, TOKEN_PROGRAM_ID), USER, 5_000_000n, 6))),
    owner: BAD_SOL, token: 'USDT', amount: '5' },
  { name: 'PYUSD TransferChecked (Token-2022) to a listed owner\'s ATA', request: req(legacy(createTransferCheckedInstruction(src(PYUSD, TOKEN_2022_PROGRAM_ID), PYUSD, dst(BAD, PYUSD, TOKEN_2022_PROGRAM_ID), USER, 1_000_000n, 6, [], TOKEN_2022_PROGRAM_ID))),
    owner: BAD_SOL, token: 'PYUSD' },
  { name: 'an unknown mint, TransferChecked: derived on the fly', request: req(legacy(createTransferCheckedInstruction(src(OTHER_MINT, TOKEN_PROGRAM_ID), OTHER_MINT, dst(BAD, OTHER_MINT, TOKEN_PROGRAM_ID), USER, 7n, 0))),
    owner: BAD_SOL, token: 'tokens' },
  { name: 'USDC Transfer to a clean owner\'s ATA', request: req(legacy(createTransferInstruction(src(USDC, TOKEN_PROGRAM_ID), dst(CLEAN, USDC, TOKEN_PROGRAM_ID), USER, 1n))), owner: null },
  { name: 'an unknown mint, plain Transfer to a listed owner\'s ATA: cannot be resolved offline', request: req(legacy(createTransferInstruction(src(OTHER_MINT, TOKEN_PROGRAM_ID), dst(BAD, OTHER_MINT, TOKEN_PROGRAM_ID), USER, 1n))), owner: null },
];

writeFileSync(join(here, 'solana_spl.json'), JSON.stringify({ ata, requests }, null, 1) + '\n');
console.log('solana_spl.json', ata.length, 'ATA derivations,', requests.length, 'requests');
