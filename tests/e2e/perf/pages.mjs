// The benchmark's pages, with DISTINCT addresses (what an explorer, a transfer table or a
// compliance export looks like): a seeded mix of chains as real pages show them, 1% of them
// sanctioned (real listed addresses from lists/source, each shown once), built with the
// libraries wallets use (ethers' EIP-55, bech32, bs58) so every one is valid.
//   article   a small article (~12 KB of text, 3 addresses)
//   explorer  a 1 MB block-explorer table: truncated links ("0x098B…2f96") that carry the
//             full address in href and title, as Etherscan/Tronscan/mempool.space show them
//   big       10 MB of prose paragraphs with 10,000 distinct addresses
//   spa       a single-page app adding 20,000 rows in 100 tasks, one distinct address each
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import { bech32 } from 'bech32';
import bs58 from 'bs58';
import { ROOT, SANCTIONED_EVM, CLEAR_EVM } from '../lib.mjs';

function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}
const bytes = (r, n) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
const sha256 = (b) => createHash('sha256').update(b).digest();
const b58check = (payload) => bs58.encode(Buffer.concat([payload, sha256(sha256(payload)).subarray(0, 4)]));
const hex = (b) => Buffer.from(b).toString('hex');

/** One random valid address of a chain mix like explorers' (EVM-heavy, then Tron, Bitcoin). */
function randomAddress(r) {
  const k = r();
  if (k < 0.55) return getAddress('0x' + hex(bytes(r, 20))); // EVM, EIP-55
  if (k < 0.62) return '0x' + hex(bytes(r, 20)); // EVM, lowercase (many explorers)
  if (k < 0.77) return b58check(Buffer.concat([Buffer.from([0x41]), bytes(r, 20)])); // Tron T...
  if (k < 0.87) return bech32.encode('bc', [0, ...bech32.toWords(bytes(r, 20))]); // bc1q
  if (k < 0.95) return b58check(Buffer.concat([Buffer.from([0x00]), bytes(r, 20)])); // 1...
  return b58check(Buffer.concat([Buffer.from([0x05]), bytes(r, 20)])); // 3...
}

/** The listed addresses (official spelling) of the chains the mix uses. */
function listed() {
  const src = JSON.parse(readFileSync(join(ROOT, 'lists', 'source', 'ofac_digital_currency_addresses.json'), 'utf8'));
  return src.addresses.map((a) => a.address).filter((a) => a && /^(0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}|bc1q[02-9ac-hj-np-z]{38}|[13][1-9A-HJ-NP-Za-km-z]{25,34})$/.test(a));
}

/** `n` distinct addresses, one in a hundred sanctioned; {list, sanctioned}. */
export function addresses(n, seed) {
  const r = rng(seed);
  const bad = listed();
  const out = [];
  let sanctioned = 0;
  for (let i = 0; i < n; i++) {
    if (i % 100 === 37 && sanctioned < bad.length) out.push(bad[sanctioned++]);
    else out.push(randomAddress(r));
  }
  return { list: out, sanctioned };
}

const WORDS = 'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were their one all we can her has there been if more when will would who so no'.split(' ');
export function prose(n, seed) {
  let s = '';
  let x = seed;
  while (s.length < n) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += WORDS[x % WORDS.length] + ' ';
  }
  return s;
}

const head = (title) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>`;
const short = (a) => `${a.slice(0, a.startsWith('0x') ? 6 : 5)}…${a.slice(-4)}`;

export function articlePage() {
  const paras = [];
  for (let i = 0; i < 12; i++) paras.push(`<p>${prose(1000, i)}</p>`);
  paras[3] = `<p>${prose(400, 99)} Donations went to ${SANCTIONED_EVM} last week. ${prose(400, 98)}</p>`;
  paras[7] = `<p>${prose(400, 97)} Pay ${CLEAR_EVM} or bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq. ${prose(400, 96)}</p>`;
  return { html: `${head('Article')}<article><h1>Article</h1>${paras.join('\n')}</article></body></html>`, expect: 3, sanctioned: 1 };
}

/** A token-transfer table: hash, block, age, from, to, amount; ~1 MB of text and markup. */
export function explorerPage() {
  const { list, sanctioned } = addresses(4000, 11);
  const r = rng(5);
  const rows = [];
  for (let i = 0; i < 2000; i++) {
    const [from, to] = [list[2 * i], list[2 * i + 1]];
    const cell = (a) => `<td><a href="/address/${a}" title="${a}" data-address="${a}">${short(a)}</a></td>`;
    rows.push(`<tr><td><a href="/tx/0x${hex(bytes(r, 32))}">0x${hex(bytes(r, 8))}…</a></td><td>${21000000 + i}</td><td>${(i % 59) + 1} mins ago</td>${cell(from)}<td>OUT</td>${cell(to)}<td>${(r() * 10000).toFixed(2)} USDT</td></tr>`);
  }
  const html = `${head('Token transfers')}<h1>Token transfers (ERC-20)</h1><table><thead><tr><th>Txn hash</th><th>Block</th><th>Age</th><th>From</th><th></th><th>To</th><th>Amount</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></body></html>`;
  return { html, expect: list.length, sanctioned };
}

export function bigPage() {
  const { list, sanctioned } = addresses(10000, 7);
  const filler = prose(960, 7);
  const parts = [head('Big')];
  for (let i = 0; i < list.length; i++) parts.push(`<p>${i}: ${filler.slice(0, 480)} ${list[i]} ${filler.slice(480)}</p>`);
  parts.push('</body></html>');
  return { html: parts.join('\n'), expect: list.length, sanctioned };
}

export function spaPage() {
  const { list, sanctioned } = addresses(20000, 3);
  const html = `${head('SPA')}
<h1>Live transfers</h1><table><tbody id="rows"></tbody></table>
<script>
  // 100 tasks x 200 rows = 20,000 <tr> (plus their cells and text): the page measures its own
  // time inside each task and the wall time until the last task ran.
  const ADDR = ${JSON.stringify(list)};
  const tb = document.getElementById('rows');
  let chunk = 0, own = 0;
  const t0 = performance.now();
  function add() {
    const s = performance.now();
    for (let i = 0; i < 200; i++) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      const n = chunk * 200 + i;
      td.textContent = 'transfer ' + n + ' to ' + ADDR[n];
      tr.appendChild(td);
      tb.appendChild(tr);
    }
    own += performance.now() - s;
    if (++chunk < 100) setTimeout(add, 0);
    else window.__spa = { own, wall: performance.now() - t0, rows: tb.rows.length };
  }
  setTimeout(add, 50);
</script></body></html>`;
  return { html, expect: list.length, sanctioned, spa: true };
}
