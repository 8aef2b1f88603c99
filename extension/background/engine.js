// Engine lifecycle in the background (Chrome service worker, Firefox event page).
//
// The worker can be evicted at any time, so nothing lives only in memory: the current
// bundle is in IndexedDB (bytes-store.js, key 'bundle'; written by replaceBundle), the
// packaged one ships in lists/ofac-sdn.bundle. getEngine() rebuilds from whichever is
// current on first use after a (re)start; a verified rebuild takes milliseconds.
//
// Storage keys used here (chrome.storage.local):
//   bundle          where versions before 0.1.1 kept the refreshed bundle (base64): moved
//                   to IndexedDB on the next start
//   bundleSequence  the refreshed bundle's sequence number
//   listSequence    bumped on every swap; content scripts and popups rescan on change
//   userLists       where earlier builds kept the user's own lists: moved to IndexedDB
//                   (bytes-store.js getUserLists; the options page writes them there) on
//                   the next read
import init, { Engine, bundleAfter } from '../pkg/sightline.js';
import { deleteBytes, getBytes, getUserLists, getValue, putUserLists, putValue, userListsId } from './bytes-store.js';

let wasmReady = null;
let current = null; // { engine, origin: 'stored'|'packaged'|'empty', error }
let loading = null;

function ensureWasm() {
  if (!wasmReady) {
    wasmReady = init({ module_or_path: chrome.runtime.getURL('pkg/sightline_bg.wasm') }).catch((e) => {
      wasmReady = null;
      throw e;
    });
  }
  return wasmReady;
}

/** Decodes what storage holds: base64 string, array of bytes, or a serialised Uint8Array. */
export function decodeStoredBytes(v) {
  if (v == null) return null;
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (typeof v === 'string') {
    const bin = atob(v);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  if (Array.isArray(v)) return Uint8Array.from(v);
  if (typeof v === 'object') {
    // chrome.storage serialises a Uint8Array as {0: b0, 1: b1, ...}.
    const n = Object.keys(v).length;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = v[i] | 0;
    return out;
  }
  return null;
}

/** The refreshed bundle's bytes, or null; one kept in storage.local by an older version is
 * moved to IndexedDB first. */
async function storedBundle() {
  const { bundle: legacy } = await chrome.storage.local.get('bundle');
  if (legacy != null) {
    const bytes = decodeStoredBytes(legacy);
    if (bytes) await putValue('bundle', bytes);
    await chrome.storage.local.remove('bundle');
    return bytes;
  }
  return getBytes('bundle');
}

async function packagedBytes() {
  const res = await fetch(chrome.runtime.getURL('lists/ofac-sdn.bundle'));
  if (!res.ok) throw new Error(`packaged bundle missing (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

let userListReport = [];

// The user's lists, parsed, are cached in IndexedDB ('userListCache': {key, bytes, report})
// under the stored lists' version id (bytes-store.js: a new one with every write) and the
// extension's version (an update may parse differently): a large CSV is read and validated
// once, not after every worker restart (150,000 rows: the first wallet check waited
// 0.5-1.1 s of parsing in wasm, 2.8 s on a loaded machine). A restarted worker reads only
// the id and the cache, not the CSV (150,000 rows, 8 M characters, fresh workers: reading
// it took 109-268 ms from storage.local and 21-104 ms from IndexedDB, and the hash over it
// that keyed the cache before 259-468 ms; the first check now waits 181-265 ms, most of it
// restoring the parsed lists).
const CACHE = 'userListCache';

/** Moves lists an earlier build kept in storage.local to IndexedDB (once: the key is
 * removed; kept there when IndexedDB refuses them). */
async function moveLegacyUserLists() {
  const { userLists: legacy } = await chrome.storage.local.get('userLists');
  if (legacy === undefined) return;
  await putUserLists(Array.isArray(legacy) ? legacy : []);
  await chrome.storage.local.remove('userLists');
}

/** Loads the user's lists into `engine`, from the cache when it holds these lists. With
 * `awaitCache`, resolves only once a fresh parse is cached (the options page's path). */
async function applyUserLists(engine, awaitCache = false) {
  let key = '';
  let lists;
  try {
    await moveLegacyUserLists();
    const id = await userListsId();
    key = id && `${chrome.runtime.getManifest().version}|${id}`;
    if (key) {
      try {
        const c = await getValue(CACHE);
        if (c && c.key === key && c.bytes instanceof Uint8Array && Array.isArray(c.report)) {
          engine.restoreUserLists(c.bytes);
          userListReport = c.report;
          return;
        }
      } catch {} // unreadable or refused: parse the CSV again
    }
    lists = (await getUserLists())
      .filter((l) => l && typeof l.label === 'string' && typeof l.csv === 'string')
      .map((l) => ({ label: l.label, csv: l.csv }));
  } catch (e) {
    userListReport = [{ label: '', entries: 0, rejected: 0, rows: [], error: `your lists cannot be read (${e.message || e})` }];
    return;
  }
  try {
    userListReport = engine.setUserLists(lists);
  } catch (e) {
    userListReport = [{ label: '', entries: 0, rejected: 0, rows: [], error: String(e.message || e) }];
    return;
  }
  if (!key || !lists.length) return;
  const saved = putValue(CACHE, { key, bytes: engine.userListsBytes(), report: userListReport }).catch(() => {});
  if (awaitCache) await saved;
}

/** What loading the user's lists kept and refused (for the options page). */
export function userListStatus() {
  return userListReport;
}

async function load() {
  await ensureWasm();
  const errors = [];
  let bundle = null;
  try {
    bundle = await storedBundle();
  } catch (e) {
    errors.push(`stored: cannot be read (${e.message || e})`);
  }
  let packaged = null;
  try {
    packaged = Engine.fromPackagedBundle(await packagedBytes());
  } catch (e) {
    errors.push(`packaged: ${e.message || e}`);
  }
  if (bundle != null) {
    try {
      // A stored bundle older than the packaged one (after an extension update) loses.
      const min = packaged ? packaged.sequence : 0;
      const stored = Engine.fromBundle(bundle, min);
      if (packaged) packaged.free();
      const c = { engine: stored, origin: 'stored', error: null };
      await applyUserLists(c.engine);
      return c;
    } catch (e) {
      errors.push(`stored: ${e.message || e}`);
    }
  }
  if (packaged) {
    await applyUserLists(packaged);
    return { engine: packaged, origin: 'packaged', error: errors.length ? errors.join('; ') : null };
  }
  const empty = Engine.empty();
  await applyUserLists(empty);
  return { engine: empty, origin: 'empty', error: errors.join('; ') };
}

// Wallet requests a dApp sends most (an ETH send, an ERC-20 transfer), checked once after a
// start so that the user's first check does not pay for compiling the code it runs: the
// browser compiles wasm functions on their first call, and the first check of a worker took
// 14-64 ms against 0.3 ms after (222 ms on a loaded 2-core machine: flood e2e).
const WARM_UP = [
  '{"family":"evm","method":"eth_sendTransaction","params":[{"from":"0x5555555555555555555555555555555555555555","to":"0x5555555555555555555555555555555555555556","value":"0x1"}]}',
  '{"family":"evm","method":"eth_sendTransaction","params":[{"from":"0x5555555555555555555555555555555555555555","to":"0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48","data":"0xa9059cbb0000000000000000000000005555555555555555555555555555555555555556000000000000000000000000000000000000000000000000000000000000000a","value":"0x0"}]}',
];
function warmUp(engine) {
  try {
    for (const r of WARM_UP) engine.checkRequest(r);
    listDates(engine);
  } catch {} // a warm-up only: the real check reports its own errors
}

/** The engine, built on first use after a (re)start. */
export async function getEngine() {
  if (current) return current.engine;
  if (!loading) {
    loading = load()
      .then((c) => {
        current = c;
        // After the message that woke the worker, not before it.
        setTimeout(() => current === c && warmUp(c.engine), 0);
        return c;
      })
      .finally(() => {
        loading = null;
      });
  }
  return (await loading).engine;
}

// The list's dates ({sourceDate, signedAt, expiresAt}) for clear verdicts, read once per
// engine: info() also counts the distinct addresses, and every frame and wallet check asks.
const dates = new WeakMap();
export function listDates(engine) {
  let v = dates.get(engine);
  if (!v) {
    const i = engine.info();
    v = { sourceDate: i.sourceDate, signedAt: i.signedAt ?? null, expiresAt: i.expiresAt ?? null };
    dates.set(engine, v);
  }
  return v;
}

/** Where the current set came from, and why a better one could not be used. */
export async function engineStatus() {
  await getEngine();
  return { origin: current.origin, error: current.error };
}

/**
 * Verifies `bytes` (a higher sequence than the current set's, dated no earlier: Rust's
 * bundleAfter, the refresh's own check), swaps it in atomically, persists it and bumps
 * 'listSequence'. Throws (keeping the current set) on any failure. Returns the new set's
 * info().
 */
export async function replaceBundle(bytes) {
  const engine = await getEngine();
  const u8 = bytes instanceof Uint8Array ? bytes : decodeStoredBytes(bytes);
  if (!u8) throw new Error('no bundle bytes');
  const next = bundleAfter(u8, engine);
  let info;
  try {
    info = next.info();
    await applyUserLists(next);
    await putValue('bundle', u8);
    await chrome.storage.local.set({ bundleSequence: info.sequence });
  } catch (e) {
    next.free(); // the current set stays; the new engine's memory goes back
    throw e;
  }
  const old = current;
  current = { engine: next, origin: 'stored', error: null };
  if (old && old.engine !== next) old.engine.free();
  await bumpListSequence(info.sequence);
  return info;
}

async function bumpListSequence(seq) {
  const { listSequence } = await chrome.storage.local.get('listSequence');
  const n = typeof listSequence === 'number' ? listSequence : 0;
  // Strictly increasing so storage.onChanged fires even when a set is re-applied.
  await chrome.storage.local.set({ listSequence: Math.max(n + 1, seq || 0) });
}

/** Re-applies the user's lists (after the options page changes them). */
export async function reloadUserLists() {
  const engine = await getEngine();
  await applyUserLists(engine, true);
  await bumpListSequence(0);
  return userListReport;
}

/** For tests and the options page: drop the stored bundle and use the packaged one. */
export async function resetToPackaged() {
  await deleteBytes('bundle');
  await chrome.storage.local.remove(['bundle', 'bundleSequence']);
  const old = current;
  current = null;
  await getEngine();
  if (old) old.engine.free();
  await bumpListSequence(0);
}
