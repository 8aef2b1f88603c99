// Generates bitcoin_psbt.json (node tests/vectors/tx/gen_psbt.mjs): PSBTs built by
// bitcoinjs-lib (an implementation independent of ours) paying P2PKH, P2SH, P2WPKH, P2WSH and
// P2TR outputs, in the request shapes UniSat (hex), sats-connect (base64) and Leather ({hex})
// send; a BIP-370 v2 PSBT and malformed ones assembled by hand (no library here writes v2).
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from '@bitcoinerlab/secp256k1';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { BAD_BTC } from './gen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const P2PKH = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';
const P2SH = '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy';
const P2WSH = 'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3';
const P2TR = 'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297';
const ZERO = new Uint8Array(32);
bitcoin.initEccLib(ecc); // taproot outputs

function psbtOf(outputs, extra = []) {
  const p = new bitcoin.Psbt();
  p.addInput({ hash: ZERO, index: 0, witnessUtxo: { script: bitcoin.address.toOutputScript('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'), value: 10_000_000n } });
  for (const [address, value] of outputs) p.addOutput({ address, value: BigInt(value) });
  for (const script of extra) p.addOutput({ script, value: 0n });
  return p;
}
const vectors = [];
const req = (method, params) => ({ family: 'bitcoin', method, params });

const all = psbtOf([[BAD_BTC, 150_000_000], [P2PKH, 1000], [P2SH, 2000], [P2WSH, 3000], [P2TR, 4000]], [bitcoin.payments.embed({ data: [new Uint8Array([1, 2, 3])] }).output]);
const targets = [
  { address: BAD_BTC, role: 'recipient', amount: '1.5', action: 'send 1.5 BTC to' },
  { address: P2PKH, role: 'recipient', amount: '0.00001' },
  { address: P2SH, role: 'recipient' },
  { address: P2WSH, role: 'recipient' },
  { address: P2TR, role: 'recipient', amount: '0.00004' },
];
vectors.push({ name: 'UniSat signPsbt (hex): every standard output, OP_RETURN noted', request: req('signPsbt', [all.toHex(), { autoFinalized: false }]), targets, notes: ['OP_RETURN'] });
vectors.push({ name: 'sats-connect signPsbt (base64)', request: req('signPsbt', { psbt: all.toBase64(), broadcast: false }), targets, notes: ['OP_RETURN'] });
vectors.push({ name: 'Leather signPsbt ({hex})', request: req('signPsbt', { hex: all.toHex() }), targets, notes: ['OP_RETURN'] });
vectors.push({ name: 'UniSat signPsbts: both PSBTs read', request: req('signPsbts', [[psbtOf([[P2PKH, 5]]).toHex(), psbtOf([[BAD_BTC, 7]]).toHex()], []]),
  targets: [{ address: P2PKH, role: 'recipient' }, { address: BAD_BTC, role: 'recipient', amount: '0.00000007' }] });
vectors.push({ name: 'UniSat pushPsbt', request: req('pushPsbt', [psbtOf([[BAD_BTC, 1]]).toHex()]), targets: [{ address: BAD_BTC, role: 'recipient' }] });

// BIP-370 v2, by hand: global version 2, input/output counts, tx version; one input map; one
// output map with PSBT_OUT_AMOUNT and PSBT_OUT_SCRIPT.
const compact = (n) => [n];
const kv = (key, value) => [...compact(key.length), ...key, ...compact(value.length), ...value];
const le = (n, bytes) => Array.from({ length: bytes }, (_, i) => Number((BigInt(n) >> BigInt(8 * i)) & 0xffn));
const script = [...bitcoin.address.toOutputScript(BAD_BTC)];
const v2 = [0x70, 0x73, 0x62, 0x74, 0xff,
  ...kv([0x02], le(2, 4)), ...kv([0x04], [1]), ...kv([0x05], [1]), ...kv([0xfb], le(2, 4)), 0x00,
  ...kv([0x0e], [...ZERO]), ...kv([0x0f], le(0, 4)), 0x00,
  ...kv([0x03], le(42_000, 8)), ...kv([0x04], script), 0x00];
const v2hex = Buffer.from(v2).toString('hex');
vectors.push({ name: 'BIP-370 PSBT v2', request: req('signPsbt', [v2hex]), targets: [{ address: BAD_BTC, role: 'recipient', amount: '0.00042' }] });

// Malformed and hostile.
const good = all.toHex();
for (const [name, p, error] of [
  ['truncated', good.slice(0, good.length - 40), 'truncated'],
  ['no magic', '00' + good.slice(2), 'no magic'],
  ['magic only', '70736274ff', 'truncated'],
  ['v2 without output count', Buffer.from(v2).toString('hex').replace('01050101', '0105'), 'PSBT'],
  ['huge output count', '70736274ff' + '0100' + '0e' + '01000000' + '00' + 'ffffffffffffffffff', 'PSBT'],
  ['not text', 'zz', 'neither hex nor base64'],
]) vectors.push({ name, request: req('signPsbt', [p]), error });
vectors.push({ name: 'no PSBT at all', request: req('signPsbt', [{}]), error: 'no PSBT' });

writeFileSync(join(here, 'bitcoin_psbt.json'), JSON.stringify(vectors, null, 1) + '\n');
console.log('bitcoin_psbt.json', vectors.length, 'vectors');
