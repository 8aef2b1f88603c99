// The JS peer scanner: one combined RegExp with the same shapes Sightline's scanner
// looks for, written the way a careful developer would (one alternation, anchored to
// word boundaries like our token rule so a 40-hex run inside a 64-hex hash does not match).
const B58 = '[1-9A-HJ-NP-Za-km-z]';
const BECH = '[02-9ac-hj-np-zAC-HJ-NP-Z]';
export const SHAPES =
  '(?<![0-9A-Za-z])(?:' +
  [
    '0[xX][0-9a-fA-F]{40}', // EVM
    '41[0-9a-fA-F]{40}', // Tron hex
    `(?:[bB][cC]|[lL][tT][cC]|[bB][nN][bB])1${BECH}{38,87}`, // bech32: bc1, ltc1, bnb1
    `(?:[bB][iI][tT][cC][oO][iI][nN][cC][aA][sS][hH]:)?[qpQP]${BECH}{41}`, // cashaddr
    `[48]${B58}{94}(?:${B58}{11})?`, // Monero standard / integrated
    `${B58}{25,44}`, // base58check (BTC, LTC, DOGE, DASH, ZEC, Tron, XRP...) and Solana
  ].join('|') +
  ')(?![0-9A-Za-z])';

/** The currency to tell the validator for a match, from its shape (what a dev would do). */
export function guessCurrency(m) {
  const l = m.toLowerCase();
  if (l.startsWith('0x')) return 'ethers';
  if (m.length === 42 && l.startsWith('41')) return 'trx';
  if (l.startsWith('bc1')) return 'btc';
  if (l.startsWith('ltc1')) return 'ltc';
  if (l.startsWith('bnb1')) return 'Binance';
  if (l.startsWith('bitcoincash:') || ((l[0] === 'q' || l[0] === 'p') && m.length === 42)) return 'bch';
  if (m.length >= 95) return 'xmr';
  switch (m[0]) {
    case 'T': return 'trx';
    case 'r': return 'xrp';
    case 'L': case 'M': return 'ltc';
    case 'D': return 'doge';
    case 'X': return 'dash';
    case 't': return 'zec';
    case 'G': return 'btg';
    case '1': case '3': return m.length <= 35 ? 'btc' : 'sol';
    default: return m.length >= 32 ? 'sol' : null;
  }
}

/** The same shapes for ripgrep (Rust regex: no look-around, so `\b` word boundaries). */
export const SHAPES_RG = SHAPES.replace('(?<![0-9A-Za-z])', '\\b').replace('(?![0-9A-Za-z])', '\\b');

if (process.argv[1] && process.argv[1].endsWith('regex.mjs') && process.argv[2] === '--rg') {
  console.log(SHAPES_RG);
}
