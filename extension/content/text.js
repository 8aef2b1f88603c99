// Page text -> what travels to the engine, and the engine's offsets -> back to DOM positions.
// Pure functions (unit-tested in tests/unit/content-text.test.mjs).
import { MIN_TOKEN, LOOK_BEHIND } from '../shared/facts.js';

const ZW = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;
const ZW_CHAR = /^[\u00AD\u200B-\u200D\u2060\uFEFF]$/;
// A run of MIN_TOKEN letters and digits: the least any address needs.
const CANDIDATE = new RegExp(`[0-9A-Za-z]{${MIN_TOKEN}}`);

/** An attribute value worth sending: long enough, not huge, holding a candidate run. */
export function isCandidateValue(v) {
  return v.length >= MIN_TOKEN && v.length <= 4096 && CANDIDATE.test(v);
}

/**
 * `raw` without its zero-width characters (soft hyphens, zero-width spaces and joiners,
 * word joiners, BOMs, which pages put inside long addresses to let them wrap), and the
 * map from each kept character to its index in `raw` (null when nothing was dropped).
 */
export function dropZeroWidth(raw) {
  if (!ZW.test(raw)) return { text: raw, map: null };
  const map = [];
  let text = '';
  for (let i = 0; i < raw.length; i++) {
    if (ZW_CHAR.test(raw[i])) continue;
    text += raw[i];
    map.push(i);
  }
  return { text, map };
}

function alnum(c) {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Only the runs that could be addresses travel to the background (extension messages
 * are serialised, so 10 MB of prose would cost more to send than to scan): each run of
 * MIN_TOKEN+ letters/digits with one character of context on each side (the scanner looks
 * at the neighbours: '+', '=' and, before a ':', LOOK_BEHIND characters for the
 * 'bitcoincash:' prefix), joined by spaces.
 * Returns {text, wins: [[sentStart, textStart, length]...] | null} or null.
 */
export function windows(text) {
  const spans = shortenedSpans(text);
  const n = text.length;
  // Skip scan (as src/scan.rs does): no address is shorter than MIN_TOKEN, so probe the
  // character MIN_TOKEN-1 ahead; a delimiter there rules out every run starting before it.
  // On prose this reads about one character in three; a regex reads them all.
  let i = 0;
  while (i + MIN_TOKEN <= n) {
    const p = i + MIN_TOKEN - 1;
    if (!alnum(text.charCodeAt(p))) {
      i = p + 1;
      continue;
    }
    let a = p;
    while (a > i && alnum(text.charCodeAt(a - 1))) a--;
    let b = p + 1;
    while (b < n && alnum(text.charCodeAt(b))) b++;
    i = b;
    if (b - a < MIN_TOKEN) continue;
    a = a === 0 ? 0 : text[a - 1] === ':' ? Math.max(0, a - LOOK_BEHIND) : a - 1;
    b = Math.min(n, b + 1);
    spans.push([a, b]);
  }
  if (!spans.length) return null;
  mergeSpans(spans);
  if (spans.length === 1 && spans[0][0] === 0 && spans[0][1] === n) return { text, wins: null };
  let out = '';
  const wins = [];
  for (const [a, b] of spans) {
    if (out) out += ' ';
    wins.push([out.length, a, b - a]);
    out += text.slice(a, b);
  }
  return { text: out, wins };
}

// Shortened addresses ("0x098B71...3E2f96", "TA3rH2…mZdFg") are runs too short for the
// skip scan: they travel when the text has an ellipsis and this shape (src/shortened.rs
// decides what they are).
const SHORTENED = /[0-9A-Za-z:]{5,36}(?:\u2026|\.{2,3})[0-9A-Za-z]{4,24}/g;

function shortenedSpans(text) {
  if (!text.includes('\u2026') && !text.includes('..')) return [];
  const out = [];
  for (const m of text.matchAll(SHORTENED)) out.push([Math.max(0, m.index - 1), Math.min(text.length, m.index + m[0].length + 1)]);
  return out;
}

/** Sorts spans and merges the ones that touch or overlap, in place. */
function mergeSpans(spans) {
  if (spans.length < 2) return;
  spans.sort((x, y) => x[0] - y[0]);
  let k = 0;
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] <= spans[k][1]) spans[k][1] = Math.max(spans[k][1], spans[i][1]);
    else spans[++k] = spans[i];
  }
  spans.length = k + 1;
}

/** Offset in the text we sent -> offset in the (cleaned) segment text; -1 in a joining space. */
export function sentToText(wins, i, isEnd) {
  if (!wins) return i;
  for (const [c, t0, len] of wins) {
    if (isEnd ? i > c && i <= c + len : i >= c && i < c + len) return t0 + (i - c);
  }
  return -1;
}

/** Offset in the cleaned text -> offset in the raw text (zero-width characters put back). */
export function rawIndex(map, i, isEnd) {
  if (!map) return i;
  if (isEnd) return i === 0 ? 0 : map[i - 1] + 1;
  return map[i];
}

/** Offset in the joined raw text -> [index of the text node, offset in it]. */
export function locate(starts, rawIdx, isEnd) {
  let k = starts.length - 1;
  while (k > 0 && (isEnd ? starts[k] >= rawIdx : starts[k] > rawIdx)) k--;
  return [k, rawIdx - starts[k]];
}
