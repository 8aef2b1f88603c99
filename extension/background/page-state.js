// What a content script may know of the user's state, and how it changes. Content scripts
// no longer read storage.local (settings, dismissals, user lists: it is set to trusted
// contexts where the browser allows, see restrictStorage): they ask 'pageState' for the
// two facts they draw by, and 'dismiss' to mark a listed address as known, which the user
// confirms in a window of our own (confirm.js), never in the page.
//
// When settings, dismissals or the list change, every tab's content scripts get
// 'stateChanged' (storage.onChanged no longer reaches them).
import { askInWindow, cleanSummary } from './confirm.js';
import { getSettings } from './settings.js';
import { getEngine, listDates } from './engine.js';

const MAX_ADDRESS = 200;

/** The origin of the top page of `sender` (what a pause applies to). A sub-frame cannot
 * know it for sure, so it says what its location.ancestorOrigins says; the top frame's is
 * the browser's. */
function topOriginOf(msg, sender) {
  const own = sender && (sender.origin || (sender.url && safeOrigin(sender.url)));
  if (sender && sender.frameId === 0) return own || '';
  return typeof msg.topOrigin === 'string' && msg.topOrigin.length <= 300 ? msg.topOrigin : own || '';
}

function safeOrigin(url) {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

async function dismissedMap() {
  const { dismissed } = await chrome.storage.local.get('dismissed');
  return dismissed && typeof dismissed === 'object' ? dismissed : {};
}

// The dismissed addresses, read once and kept until they change: every frame asks at start
// (a page of 300 iframes asks 300 times), and a storage read then waits behind the tab
// reports' storage.session writes, as the settings' did (settings.js).
let dismissedKeys = null; // Promise<string[]>
const dismissedList = () => (dismissedKeys ??= dismissedMap().then(Object.keys, (e) => ((dismissedKeys = null), Promise.reject(e))));

/** Makes storage.local unreadable to content scripts where the browser supports it
 * (Chromium; Firefox has setAccessLevel for storage.session only). */
export async function restrictStorage() {
  try {
    await chrome.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch {} // not supported: content scripts still do not read it (they ask pageState)
}

/** Tells every frame of every tab that the user's state or the list changed. */
async function broadcast(listChanged) {
  let tabs = [];
  try {
    tabs = await chrome.tabs.query({});
  } catch {
    return;
  }
  for (const tab of tabs) {
    if (tab.id == null || tab.id < 0) continue;
    chrome.tabs.sendMessage(tab.id, { type: 'stateChanged', list: listChanged }).catch(() => {});
  }
}

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (changes.dismissed) dismissedKeys = null;
  if (changes.listSequence || changes.dismissed || changes.settings) broadcast(!!changes.listSequence);
});

export const handlers = {
  // {topOrigin?} -> {paused, dismissed: [canonical addresses], list: {sourceDate, signedAt,
  // expiresAt}}: all a frame needs at start, in one message (a page of 300 iframes sends 300).
  async pageState(msg, sender) {
    const [settings, dismissed, engine] = await Promise.all([getSettings(), dismissedList(), getEngine()]);
    const origin = topOriginOf(msg, sender);
    return { paused: !!origin && settings.pausedOrigins.includes(origin), dismissed, list: listDates(engine) };
  },

  // {address} -> {decision}: the engine says what the address is (not the page), the user
  // confirms in our window, and only then is it stored.
  async dismiss(msg, sender) {
    if (typeof msg.address !== 'string' || msg.address.length > MAX_ADDRESS) return { error: 'bad dismiss request' };
    const engine = await getEngine();
    const res = engine.check(msg.address);
    const listed = res && Array.isArray(res.matches) ? res.matches : [];
    if (!res || !res.sanctioned || !listed.length) return { error: 'not a listed address' };
    const summary = cleanSummary({
      kind: 'dismiss',
      origin: topOriginOf(msg, sender),
      listOf: '',
      targets: [{ address: res.display || res.address, entities: listed.map((m) => m.name), programs: listed.flatMap((m) => m.programs || []), uids: listed.map((m) => m.sdn_uid).filter((u) => u != null) }],
    });
    const { decision, error } = await askInWindow(summary, sender && sender.tab ? sender.tab.id : -1);
    if (decision !== 'proceed') return { decision: 'cancel', error };
    const next = { ...(await dismissedMap()) };
    next[res.address] = { at: Date.now(), name: listed[0].name || '', chains: res.chains };
    await chrome.storage.local.set({ dismissed: next });
    return { decision };
  },
};
