// The 'scan' message on the wire (background.js -> engine.scanPacked). Extension messages
// are converted value by value, so the page pays per string and per property it sends or
// receives: texts go out as ONE string (joined by U+0000), results come back as one string
// of base-36 numbers (text, start, end, address: four per hit) and one table with each
// distinct address once, as JSON text (JSON.parse here is the isolated world's own).

/** The texts as one string; a page's own U+0000 becomes a space (a delimiter either way). */
export function joinTexts(texts) {
  return texts.map((t) => (t.includes('\0') ? t.replaceAll('\0', ' ') : t)).join('\0');
}

/**
 * The answer for `n` texts -> per text an array of {start, end, hit} (undefined for a text
 * without hits: most have none), `hit` shared by every occurrence of the same address.
 * Null when the answer is not one.
 */
export function unpack(res, n) {
  if (!res || typeof res.hits !== 'string' || typeof res.addrs !== 'string') return null;
  let addrs;
  try {
    addrs = JSON.parse(res.addrs);
  } catch {
    return null;
  }
  if (!Array.isArray(addrs)) return null;
  const out = new Array(n);
  const at = (i) => (i >= 0 && i < n ? (out[i] ??= []) : null);
  // Possible hits (shortened addresses whose ends match listed ones) as hits of their own.
  for (const p of Array.isArray(res.possible) ? res.possible : []) {
    const list = Number.isInteger(p.text) ? at(p.text) : null;
    if (!list || !Array.isArray(p.candidates) || !p.candidates.length) continue;
    const hit = { possible: true, address: p.shown, display: p.shown, candidates: p.candidates, sanctioned: false, matches: [], chains: [], kind: null };
    list.push({ start: p.start, end: p.end, hit });
  }
  if (!res.hits) return out;
  const f = res.hits.split(',');
  for (let i = 0; i + 3 < f.length; i += 4) {
    const hit = addrs[parseInt(f[i + 3], 36)];
    const list = hit ? at(parseInt(f[i], 36)) : null;
    if (list) list.push({ start: parseInt(f[i + 1], 36), end: parseInt(f[i + 2], 36), hit });
  }
  return out;
}
