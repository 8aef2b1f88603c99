// The benchmark corpus: English-like prose with real addresses (OFAC list, inputs.json)
// and decoys (tests/vectors/decoys: tx hashes, CIDs, UUIDs, base64, near misses...) mixed
// in, deterministic for a given seed. Used by run.mjs and vs_ripgrep.sh.
//
//   node benches/peers/corpus.mjs --mb 64 --out /tmp/corpus.txt
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');

const WORDS = (`the of and to in is you that it he was for on are as with his they at be this have
from or one had by word but not what all were we when your can said there use an each which she do
how their if will up other about out many then them these so some her would make like him into time
has look two more write go see number no way could people my than first water been call who oil its
now find long down day did get come made may part transaction wallet address sent received block
confirmed fee network exchange balance token contract swap bridge 2024 12:30 USD 0.05 1,000 -- (see)
"quoted" e.g. https://example.com/page?id=42 user@example.com`).split(/\s+/);

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

/**
 * About `bytes` of text; per token: `addrRate` an address, `decoyRate` a decoy, else a word.
 * Returns { text, addresses } (addresses: how many were placed).
 */
export function makeCorpus(bytes, { seed = 42, addrRate = 0.01, decoyRate = 0.01 } = {}) {
  const next = rng(seed);
  const addrs = loadInputs().valid.map((v) => v.address);
  const decoys = decoyFiles().flatMap((f) => f.text.split(/\s+/)).filter((w) => w.length > 20);
  const parts = [];
  let len = 0;
  let placed = 0;
  while (len < bytes) {
    const r = next() / 2 ** 32;
    let w;
    if (r < addrRate) {
      w = addrs[next() % addrs.length];
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
