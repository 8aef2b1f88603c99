// The benchmark corpus: English-like prose with real addresses (OFAC list, inputs.json)
// and decoys (tests/vectors/decoys: tx hashes, CIDs, UUIDs, base64, near misses...) mixed
// in, deterministic for a given seed. Used by run.mjs and vs_ripgrep.sh.
//
//   node benches/peers/corpus.mjs --mb 64 --out /tmp/corpus.txt
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const { ethers } = createRequire(import.meta.url)('ethers');

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');

const WORDS = (`the of and to in is you that it he was for on are as with his they at be this have
from or one had by word but not what all were we when your can said there use an each which she do
how their if will up other about out many then them these so some her would make like him into time
has look two more write go see number no way could people my than first water been call who oil its
now find long down day did get come made may part transaction wallet address sent received block
confirmed fee network exchange balance token contract swap bridge 2024 12:30 USD 0.05 1,000 -- (see)
"quoted" e.g. https://example.com/page?id=42 user@example.com`).split(/\s+/);

// Valid addresses that are not on the list (most addresses a scanner meets): generated
// with real checksums (base58check: double SHA-256; EVM: EIP-55 via ethers; bech32 v0).
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function b58(bytes) {
  let n = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  let s = '';
  while (n > 0n) {
    s = B58[Number(n % 58n)] + s;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    s = '1' + s;
  }
  return s;
}
function b58check(version, payload) {
  const data = Buffer.concat([Buffer.from(version), Buffer.from(payload)]);
  const sum = createHash('sha256').update(createHash('sha256').update(data).digest()).digest();
  return b58(Buffer.concat([data, sum.subarray(0, 4)]));
}
const BECH = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
function polymod(values) {
  const G = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= G[i];
  }
  return chk >>> 0;
}
function segwitV0(hrp, program) {
  const data = [0];
  let acc = 0;
  let bits = 0;
  for (const b of program) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((acc >>> bits) & 31);
    }
  }
  if (bits) data.push((acc << (5 - bits)) & 31);
  const hrpx = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31));
  const mod = polymod([...hrpx, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const sum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return hrp + '1' + [...data, ...sum].map((d) => BECH[d]).join('');
}
export function unlistedAddresses(count, seed = 99) {
  const next = rng(seed);
  const bytes = (n) => Array.from({ length: n }, () => next() & 0xff);
  const out = [];
  for (let i = 0; i < count; i++) {
    switch (i % 6) {
      case 0: out.push(b58check([0x00], bytes(20))); break; // BTC P2PKH
      case 1: out.push(b58check([0x05], bytes(20))); break; // P2SH
      case 2: out.push(segwitV0('bc', bytes(20))); break; // P2WPKH
      case 3: out.push(b58check([0x41], bytes(20))); break; // Tron
      case 4: out.push(ethers.getAddress('0x' + Buffer.from(bytes(20)).toString('hex'))); break; // EIP-55
      default: out.push('0x' + Buffer.from(bytes(20)).toString('hex')); // lower-case EVM
    }
  }
  return out;
}

function rng(seed) {
  let x = BigInt(seed) | 1n;
  return () => {
    x ^= (x << 13n) & 0xffffffffffffffffn;
    x ^= x >> 7n;
    x ^= (x << 17n) & 0xffffffffffffffffn;
    return Number(x & 0xffffffffn);
  };
}

export function loadInputs() {
  return JSON.parse(fs.readFileSync(path.join(HERE, 'inputs.json'), 'utf8'));
}

export function decoyFiles() {
  const dir = path.join(ROOT, 'tests', 'vectors', 'decoys');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

let unlistedCache = null;
function cachedUnlisted() {
  unlistedCache ??= unlistedAddresses(6000);
  return unlistedCache;
}

/**
 * About `bytes` of text; per token: `addrRate` an address (`listedShare` of them on the OFAC
 * list, the rest valid but unlisted), `decoyRate` a decoy, else a word.
 * Returns { text, addresses } (addresses: how many were placed).
 */
export function makeCorpus(bytes, { seed = 42, addrRate = 0.01, decoyRate = 0.01, listedShare = 0.1 } = {}) {
  const next = rng(seed);
  const listed = loadInputs().valid.map((v) => v.address);
  const unlisted = cachedUnlisted();
  const pick = () => (next() / 2 ** 32 < listedShare ? listed[next() % listed.length] : unlisted[next() % unlisted.length]);
  const decoys = decoyFiles().flatMap((f) => f.text.split(/\s+/)).filter((w) => w.length > 20);
  const parts = [];
  let len = 0;
  let placed = 0;
  while (len < bytes) {
    const r = next() / 2 ** 32;
    let w;
    if (r < addrRate) {
      w = pick();
      placed++;
    } else if (r < addrRate + decoyRate) {
      w = decoys[next() % decoys.length];
    } else {
      w = WORDS[next() % WORDS.length];
    }
    const sep = next() % 17 === 0 ? '\n' : ' ';
    parts.push(w, sep);
    len += w.length + 1;
  }
  return { text: parts.join(''), addresses: placed };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (k, d) => {
    const i = process.argv.indexOf(k);
    return i > 0 ? process.argv[i + 1] : d;
  };
  const mb = Number(arg('--mb', '64'));
  const out = arg('--out', '/tmp/sightline-corpus.txt');
  const fd = fs.openSync(out, 'w');
  // Write in 4 MB pieces with different seeds so memory stays small.
  let total = 0;
  let placed = 0;
  for (let i = 0; total < mb * 1048576; i++) {
    const { text, addresses } = makeCorpus(Math.min(4 * 1048576, mb * 1048576 - total), { seed: 1000 + i });
    fs.writeSync(fd, text);
    total += Buffer.byteLength(text);
    placed += addresses;
  }
  fs.closeSync(fd);
  console.log(`${out}: ${total} bytes, ${placed} addresses placed`);
}
