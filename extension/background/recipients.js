// Look-alike recipients (address poisoning): attackers send dust from a vanity address whose
// first and last characters match one the victim uses, hoping it gets copied from history.
// When a wallet request sends to, or a send field holds, an address the user has not sent to
// through this browser but which shares its first 4 and last 4 characters (after the chain's
// prefix) with one they have, Sightline says "looks like <known> but is a different address".
//
// Past recipients stay in chrome.storage.local only (never synced, never sent anywhere),
// capped at MAX_KNOWN, newest kept; Options turns the check off (settings.lookalikes) and
// clears the history. Only addresses that were in a request Sightline checked in the last
// minute can be recorded, so a page cannot plant an address in the history by naming it.
const KEY = 'recipients';
const MAX_KNOWN = 500;
const RECENT_MS = 60_000;
// Longest first: the part after these is what a poisoner's vanity address imitates.
const PREFIXES = ['bitcoincash:', 'ltc1q', 'ltc1p', 'bc1q', 'bc1p', 'bnb1', '0x', 't1', 'T', 'r', '1', '3', 'L', 'M', 'D', 'X'];
// Recipients and spenders: where value goes (the contract a request calls is not one).
const ROLES = new Set(['recipient', 'spender', 'operator', 'counterparty']);

let cache = null; // Promise<string[]> (lowercase addresses, newest last)
const recent = new Map(); // lowercase address -> when a checked request named it

const addressesIn = (v) => (Array.isArray(v) ? v.filter((a) => typeof a === 'string') : []);
const load = () => (cache ??= chrome.storage.local.get(KEY).then((r) => addressesIn(r[KEY])));
// A change (ours after a send, or the options page's clear) carries the new value: taking it
// keeps wallet checks off storage. Dropping the cache instead made the next check read
// storage.local, and under a flood of tab reports that read waited its turn behind them
// (slowest answer 149-683 ms in about one flood run in three, against 18-37 ms without it).
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes[KEY]) cache = Promise.resolve(addressesIn(changes[KEY].newValue));
});

/** The 4 + 4 characters a look-alike copies, or null for an address too short to tell. */
function ends(address) {
  const a = address.toLowerCase();
  const p = PREFIXES.find((x) => a.startsWith(x.toLowerCase())) || '';
  const body = a.slice(p.length);
  return body.length >= 12 ? `${p}|${body.slice(0, 4)}|${body.slice(-4)}` : null;
}

/** The known recipient `address` imitates, or null (also when it is itself known). */
export async function lookalikeOf(address) {
  const known = await load();
  const a = address.toLowerCase();
  if (known.includes(a)) return null;
  const e = ends(a);
  return (e && known.find((k) => k !== a && ends(k) === e)) || null;
}

/** The report's recipient-like targets that imitate a known recipient: [{address, like}]. */
export async function lookalikes(report) {
  const out = [];
  const now = Date.now();
  for (const x of report.targets || []) {
    if (!x || typeof x.address !== 'string') continue;
    const addr = (x.verdict && x.verdict.canonical) || x.address;
    if (!ROLES.has(x.role)) continue;
    recent.set(addr.toLowerCase(), now);
    const like = await lookalikeOf(addr);
    if (like) out.push({ address: (x.verdict && x.verdict.display) || addr, like });
  }
  for (const [a, at] of recent) if (now - at > RECENT_MS) recent.delete(a);
  return out;
}

/** Records addresses the user sent to (only ones a checked request named in the last minute). */
export async function remember(addresses) {
  const now = Date.now();
  const fresh = addresses.map((a) => String(a).toLowerCase()).filter((a) => now - (recent.get(a) ?? -Infinity) <= RECENT_MS);
  if (!fresh.length) return 0;
  const known = (await load()).filter((k) => !fresh.includes(k));
  const next = [...known, ...fresh].slice(-MAX_KNOWN);
  cache = Promise.resolve(next);
  await chrome.storage.local.set({ [KEY]: next });
  return fresh.length;
}

export async function count() {
  return (await load()).length;
}

export async function clear() {
  cache = Promise.resolve([]);
  await chrome.storage.local.remove(KEY);
}
