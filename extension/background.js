// Sightline background: one message router over the engine, the wallet checks and the feed.
//
// Messages are one discriminated union on `msg.type`; every handler gets (msg, sender) and
// returns a plain object (or a promise of one). Shapes are checked and sizes capped here,
// because content scripts relay text from arbitrary pages.
import { getEngine, engineStatus, replaceBundle, reloadUserLists, resetToPackaged, userListStatus } from './background/engine.js';
import * as wallet from './background/wallet.js';
import * as feed from './background/feed.js';
import * as confirm from './background/confirm.js';
import { STALE_DAYS } from './i18n.js';

// Caps for one 'scan' message: the content script batches below them.
const MAX_TEXTS = 2000;
const MAX_TOTAL_CHARS = 4 * 1024 * 1024;
const MAX_CHECK_CHARS = 100_000;

export const DEFAULT_SETTINGS = Object.freeze({
  // null = every chain the engine knows.
  chains: null,
  // Origins where the user paused Sightline.
  pausedOrigins: [],
});

let settingsCache = null;
// When this worker instance started (a restarted worker has a new one; tests use it).
const startedAt = Date.now() + Math.random();

// Settings live in storage.local: paused sites are browsing history, and storage.sync would
// hand them to the browser vendor's sync servers. Settings an older version kept in sync are
// moved once.
async function getSettings() {
  if (settingsCache) return settingsCache;
  let { settings } = await chrome.storage.local.get('settings');
  if (settings === undefined && chrome.storage.sync) {
    const old = (await chrome.storage.sync.get('settings').catch(() => ({}))).settings;
    if (old && typeof old === 'object') {
      settings = old;
      await chrome.storage.local.set({ settings });
      await chrome.storage.sync.remove('settings').catch(() => {});
    }
  }
  settingsCache = { ...DEFAULT_SETTINGS, ...(settings && typeof settings === 'object' ? settings : {}) };
  return settingsCache;
}

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings) settingsCache = null;
});

function watched(hit, chains) {
  if (!chains) return true;
  return hit.chains.some((c) => chains.includes(c));
}

function isStringArray(v, max) {
  return Array.isArray(v) && v.length <= max && v.every((t) => typeof t === 'string');
}

// Page scans wait their turn; wallet checks never do. Scans run in slices of about 8 ms with
// a macrotask between them, so a wallet check (or a popup) that arrives while a page floods
// the worker is answered after at most one slice, not after the whole flood. Tabs take turns
// (round robin), so one tab's flood does not starve another tab's page either.
const SCAN_SLICE_MS = 8;
const scanQueues = new Map(); // tab id (or -1) -> [{run, resolve, reject}]
let draining = false;
function queueScan(sender, run) {
  const tab = sender && sender.tab && typeof sender.tab.id === 'number' ? sender.tab.id : -1;
  return new Promise((resolve, reject) => {
    if (!scanQueues.has(tab)) scanQueues.set(tab, []);
    scanQueues.get(tab).push({ run, resolve, reject });
    if (!draining) {
      draining = true;
      setTimeout(drainScans, 0);
    }
  });
}
function drainScans() {
  const t0 = performance.now();
  while (scanQueues.size && performance.now() - t0 < SCAN_SLICE_MS) {
    for (const [tab, q] of scanQueues) {
      const job = q.shift();
      if (!q.length) scanQueues.delete(tab);
      try {
        job.resolve(job.run());
      } catch (e) {
        job.reject(e);
      }
      if (performance.now() - t0 >= SCAN_SLICE_MS) break;
    }
  }
  if (scanQueues.size) setTimeout(drainScans, 0);
  else draining = false;
}

const core = {
  async scan(msg, sender) {
    if (!isStringArray(msg.texts, MAX_TEXTS)) return { error: 'bad scan request' };
    let total = 0;
    for (const t of msg.texts) total += t.length;
    if (total > MAX_TOTAL_CHARS) return { error: 'scan request too large' };
    const [engine, settings] = await Promise.all([getEngine(), getSettings()]);
    return queueScan(sender, () => {
      const t0 = performance.now();
      const raw = engine.scanMany(msg.texts);
      const results = settings.chains ? raw.map((hits) => hits.filter((h) => watched(h, settings.chains))) : raw;
      return { results, ms: performance.now() - t0, sequence: engine.sequence };
    });
  },

  async check(msg) {
    if (typeof msg.address !== 'string' || msg.address.length > MAX_CHECK_CHARS) return { error: 'bad check request' };
    const engine = await getEngine();
    return { result: engine.check(msg.address) };
  },

  // The popup's "check any text" box: every address in the text, or why the text is not one.
  async checkText(msg) {
    if (typeof msg.text !== 'string' || msg.text.length > MAX_CHECK_CHARS) return { error: 'bad check request' };
    const engine = await getEngine();
    const hits = engine.scan(msg.text);
    const single = hits.length === 0 ? engine.check(msg.text) : null;
    return { hits, single };
  },

  async info() {
    const engine = await getEngine();
    const status = await engineStatus();
    const { lastFeedCheck } = await chrome.storage.local.get('lastFeedCheck');
    return { info: engine.info(), origin: status.origin, loadError: status.error, lastFeedCheck: lastFeedCheck ?? null, startedAt, staleAfterDays: STALE_DAYS };
  },

  async settings(msg) {
    if (msg.set !== undefined) {
      const s = msg.set;
      if (!s || typeof s !== 'object') return { error: 'bad settings' };
      const next = { ...(await getSettings()) };
      if ('chains' in s) {
        if (s.chains !== null && !isStringArray(s.chains, 64)) return { error: 'bad chains' };
        next.chains = s.chains;
      }
      if ('pausedOrigins' in s) {
        if (!isStringArray(s.pausedOrigins, 10_000)) return { error: 'bad pausedOrigins' };
        next.pausedOrigins = s.pausedOrigins;
      }
      await chrome.storage.local.set({ settings: next });
      settingsCache = next;
    }
    return { settings: await getSettings() };
  },

  async userListsChanged() {
    return { reports: await reloadUserLists() };
  },

  async userListStatus() {
    await getEngine();
    return { reports: userListStatus() };
  },

  // Each frame's findings (content scripts report them), for the popup's page summary.
  // At most MAX_FRAMES_PER_TAB frames of a tab are tracked (200 addresses each, as sent);
  // further frames are counted, not kept, so an iframe bomb cannot fill storage.session.
  async frameReport(msg, sender) {
    const tabId = sender && sender.tab && sender.tab.id;
    const frameId = sender && typeof sender.frameId === 'number' ? sender.frameId : null;
    if (typeof tabId !== 'number' || frameId == null) return { error: 'not from a tab' };
    if (!Array.isArray(msg.addresses) || msg.addresses.length > 200) return { error: 'bad report' };
    const st = await tabState(tabId);
    if (msg.reset && frameId === 0) {
      for (const id of st.frames.keys()) st.removed.add(id);
      st.frames.clear();
      st.cut.clear();
    }
    const clean = [];
    for (const a of msg.addresses) {
      if (!a || typeof a.address !== 'string' || a.address.length > 200) continue;
      clean.push({
        address: a.address,
        chains: Array.isArray(a.chains) ? a.chains.filter((c) => typeof c === 'string').slice(0, 4) : [],
        sanctioned: a.sanctioned === true,
        name: typeof a.name === 'string' ? a.name.slice(0, 300) : null,
        dismissed: a.dismissed === true,
      });
    }
    if (!clean.length) {
      if (st.frames.delete(frameId)) st.removed.add(frameId);
    } else if (st.frames.has(frameId) || st.frames.size < MAX_FRAMES_PER_TAB) {
      st.frames.set(frameId, clean);
      st.dirty.add(frameId);
      st.removed.delete(frameId);
    } else {
      st.cut.add(frameId);
    }
    scheduleSave(tabId, st);
    return { ok: true };
  },

  // Every address found in a tab's frames (deduplicated), sanctioned first.
  async tabSummary(msg) {
    if (typeof msg.tabId !== 'number') return { error: 'bad tabId' };
    const st = await tabState(msg.tabId);
    const byAddr = new Map();
    for (const list of st.frames.values()) for (const a of list) if (!byAddr.has(a.address)) byAddr.set(a.address, a);
    const addresses = [...byAddr.values()].sort((a, b) => Number(b.sanctioned) - Number(a.sanctioned));
    return { count: addresses.length, sanctioned: addresses.filter((a) => a.sanctioned).length, frames: st.frames.size, framesCut: st.cut.size, addresses };
  },

  // Test and recovery hook: forget a refreshed bundle.
  async resetBundle() {
    await resetToPackaged();
    return { ok: true };
  },
};

// Per-tab frame reports live in memory and in chrome.storage.session (cleared when the
// browser closes; survives the worker's eviction): one key per frame (`frame:<tab>:<frame>`)
// and an index per tab (`frames:<tab>`), written in batches at most twice a second, so a
// report costs one frame's bytes, not the whole tab's. Memory only where storage.session
// is missing.
const MAX_FRAMES_PER_TAB = 32;
const SAVE_DELAY_MS = 500;
const tabStates = new Map(); // tabId -> Promise<{frames, cut, dirty, removed, timer}>
const session = chrome.storage.session || null;
const frameKey = (tabId, frameId) => `frame:${tabId}:${frameId}`;

function tabState(tabId) {
  if (!tabStates.has(tabId)) tabStates.set(tabId, loadTabState(tabId));
  return tabStates.get(tabId);
}

async function loadTabState(tabId) {
  const st = { frames: new Map(), cut: new Set(), dirty: new Set(), removed: new Set(), timer: 0 };
  if (!session) return st;
  try {
    const index = (await session.get(`frames:${tabId}`))[`frames:${tabId}`];
    const ids = index && Array.isArray(index.ids) ? index.ids.filter(Number.isInteger).slice(0, MAX_FRAMES_PER_TAB) : [];
    const got = ids.length ? await session.get(ids.map((id) => frameKey(tabId, id))) : {};
    for (const id of ids) if (Array.isArray(got[frameKey(tabId, id)])) st.frames.set(id, got[frameKey(tabId, id)]);
    if (index && Array.isArray(index.cut)) for (const id of index.cut.slice(0, 10000)) st.cut.add(id);
  } catch {}
  return st;
}

function scheduleSave(tabId, st) {
  if (!session || st.timer) return;
  st.timer = setTimeout(() => {
    st.timer = 0;
    const write = { [`frames:${tabId}`]: { ids: [...st.frames.keys()], cut: [...st.cut].slice(0, 10000) } };
    for (const id of st.dirty) if (st.frames.has(id)) write[frameKey(tabId, id)] = st.frames.get(id);
    const gone = [...st.removed].map((id) => frameKey(tabId, id));
    st.dirty.clear();
    st.removed.clear();
    session.set(write).catch((e) => console.warn('Sightline: could not save frame reports', e));
    if (gone.length) session.remove(gone).catch(() => {});
  }, SAVE_DELAY_MS);
}

chrome.tabs.onRemoved.addListener((tabId) => {
  const p = tabStates.get(tabId);
  tabStates.delete(tabId);
  if (!session) return;
  Promise.resolve(p)
    .then((st) => {
      if (st && st.timer) clearTimeout(st.timer);
      const keys = [`frames:${tabId}`, ...(st ? [...st.frames.keys(), ...st.removed] : []).map((id) => frameKey(tabId, id))];
      return session.remove(keys);
    })
    .catch(() => {});
});

function merge(...tables) {
  const out = Object.create(null);
  for (const t of tables) {
    if (!t) continue;
    for (const [k, v] of Object.entries(t)) {
      if (typeof v !== 'function') continue;
      if (k in out) console.warn(`Sightline: message type '${k}' handled twice; keeping the first`);
      else out[k] = v;
    }
  }
  return out;
}

const handlers = merge(core, wallet.handlers, feed.handlers, confirm.handlers);

// What only the extension's own pages (popup, options, the confirm window) may ask: content
// scripts relay pages, and a page must not change settings, roll the list back, edit the
// user's lists, read another tab's findings or answer a confirmation.
const EXTENSION_PAGES_ONLY = new Set(['resetBundle', 'userListsChanged', 'tabSummary', 'feed-set-url', 'feed-refresh', ...confirm.EXTENSION_PAGES_ONLY]);
const EXTENSION_ORIGIN = chrome.runtime.getURL('');
const fromExtensionPage = (sender) => !!sender && sender.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(EXTENSION_ORIGIN);
const allowed = (msg, sender) => fromExtensionPage(sender) || !(EXTENSION_PAGES_ONLY.has(msg.type) || (msg.type === 'settings' && msg.set !== undefined));

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return false;
  const handler = handlers[msg.type];
  if (!handler) return false;
  if (!allowed(msg, sender)) {
    sendResponse({ error: 'not allowed from a web page' });
    return false;
  }
  Promise.resolve()
    .then(() => handler(msg, sender))
    .then(
      (res) => sendResponse(res ?? {}),
      (e) => sendResponse({ error: String((e && e.message) || e) }),
    );
  return true;
});

chrome.runtime.onInstalled.addListener(() => {
  // Warm the engine so the first page after install or update answers at once.
  getEngine().catch((e) => console.error('Sightline: engine failed to start', e));
});

// Start loading now: a restarted worker gets its first message within milliseconds.
getEngine().catch((e) => console.error('Sightline: engine failed to start', e));

try {
  if (typeof feed.start === 'function') {
    feed.start({ getEngine, replaceBundle, engineStatus, getSettings });
  }
} catch (e) {
  console.error('Sightline: feed did not start', e);
}
