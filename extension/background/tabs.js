// The service worker's per-tab work: page scans queued fairly between tabs, and each
// frame's findings for the popup's page summary (background.js routes the messages).
// Page scans wait their turn; wallet checks never do. Scans run in slices of about 8 ms with
// a macrotask between them, so a wallet check (or a popup) that arrives while a page floods
// the worker is answered after at most one slice, not after the whole flood. Tabs take turns
// (round robin), so one tab's flood does not starve another tab's page either.
const SCAN_SLICE_MS = 8;
const scanQueues = new Map(); // tab id (or -1) -> [{run, resolve, reject}]
let draining = false;
export function queueScan(sender, run) {
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

export const handlers = {
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
        display: typeof a.display === 'string' && a.display.toLowerCase() === a.address.toLowerCase() ? a.display : a.address,
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
    showCount(tabId, st);
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

};

// Per-tab frame reports live in memory and in chrome.storage.session (cleared when the
// browser closes; survives the worker's eviction): one key per frame (`frame:<tab>:<frame>`)
// and an index per tab (`frames:<tab>`), written in batches at most twice a second, so a
// report costs one frame's bytes, not the whole tab's. Memory only where storage.session
// is missing. A frame's records are stored as one JSON string of rows, not as objects: the
// extension bindings convert an object argument field by field on the worker's thread
// (32 frames x 200 records in one write: 118 ms in one task in a trace of the flood test);
// a string crosses as one copy, and rows without field names take a fifth of the storage
// (the flood's tab: 3.5 MB -> 0.69 MB).
const MAX_FRAMES_PER_TAB = 32;
const SAVE_DELAY_MS = 500;
const tabStates = new Map(); // tabId -> Promise<{frames, cut, dirty, removed, timer}>
const session = chrome.storage.session || null;
const frameKey = (tabId, frameId) => `frame:${tabId}:${frameId}`;

// The toolbar icon shows how many sanctioned addresses the tab holds (not the dismissed
// ones), in red, per tab; a new page resets it (its first report has `reset`). No permission
// is needed to badge a tab.
const shownCounts = new Map(); // tabId -> the number on the badge
const countTimers = new Map(); // tabId -> pending recount (a flood of frame reports: one)
function showCount(tabId, st) {
  if (countTimers.has(tabId)) return;
  countTimers.set(tabId, setTimeout(() => {
    countTimers.delete(tabId);
    recount(tabId, st);
  }, 200));
}
function recount(tabId, st) {
  const bad = new Set();
  for (const list of st.frames.values()) for (const a of list) if (a.sanctioned && !a.dismissed) bad.add(a.address);
  const n = bad.size;
  if (shownCounts.get(tabId) === n) return;
  shownCounts.set(tabId, n);
  const action = chrome.action;
  if (!action) return;
  action.setBadgeText({ tabId, text: n ? String(n) : '' }).catch(() => {});
  if (n) action.setBadgeBackgroundColor({ tabId, color: '#d0021b' }).catch(() => {});
  if (n && action.setBadgeTextColor) action.setBadgeTextColor({ tabId, color: '#ffffff' }).catch(() => {});
}
chrome.tabs?.onRemoved?.addListener((tabId) => shownCounts.delete(tabId));

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
    for (const id of ids) {
      const list = unpackFrame(got[frameKey(tabId, id)]);
      if (list) st.frames.set(id, list);
    }
    if (index && Array.isArray(index.cut)) for (const id of index.cut.slice(0, 10000)) st.cut.add(id);
  } catch {}
  return st;
}

// A frame's records as stored: [address, display (0: the address), chains, name, flags
// (1 sanctioned, 2 dismissed)] per record.
function packFrame(list) {
  return JSON.stringify(list.map((a) => [a.address, a.display === a.address ? 0 : a.display, a.chains, a.name, (a.sanctioned ? 1 : 0) | (a.dismissed ? 2 : 0)]));
}
function unpackFrame(saved) {
  if (typeof saved !== 'string') return null;
  try {
    const rows = JSON.parse(saved);
    if (!Array.isArray(rows)) return null;
    return rows.map(([address, display, chains, name, flags]) => ({ address, display: display || address, chains, sanctioned: (flags & 1) === 1, name, dismissed: (flags & 2) === 2 }));
  } catch {
    return null;
  }
}

function scheduleSave(tabId, st) {
  if (!session || st.timer) return;
  st.timer = setTimeout(() => {
    st.timer = 0;
    const write = { [`frames:${tabId}`]: { ids: [...st.frames.keys()], cut: [...st.cut].slice(0, 10000) } };
    for (const id of st.dirty) if (st.frames.has(id)) write[frameKey(tabId, id)] = packFrame(st.frames.get(id));
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

