// Sightline background: one message router over the engine, the wallet checks and the feed.
//
// Messages are one discriminated union on `msg.type`; every handler gets (msg, sender) and
// returns a plain object (or a promise of one). Shapes are checked and sizes capped here,
// because content scripts relay text from arbitrary pages.
import { getEngine, engineStatus, replaceBundle, reloadUserLists, resetToPackaged, userListStatus } from './background/engine.js';
import * as wallet from './background/wallet.js';
import * as feed from './background/feed.js';
import * as confirm from './background/confirm.js';
import * as tabs from './background/tabs.js';
import * as pageState from './background/page-state.js';
import { getSettings, setSettings } from './background/settings.js';
import { MESSAGES, allowedFrom, typesFor } from './shared/messages.js';

// Caps for one 'scan' message: the content script batches below them.
const MAX_TEXTS = 2000;
const MAX_TOTAL_CHARS = 4 * 1024 * 1024;

/** How many texts a joined 'scan' text holds (separators + 1), counting no further than `max` + 1. */
function textCount(joined, max) {
  let n = 1;
  for (let i = joined.indexOf('\0'); i >= 0 && n <= max; i = joined.indexOf('\0', i + 1)) n++;
  return n;
}
const MAX_CHECK_CHARS = 100_000;

// When this worker instance started (a restarted worker has a new one; tests use it).
const startedAt = Date.now() + Math.random();

function isStringArray(v, max) {
  return Array.isArray(v) && v.length <= max && v.every((t) => typeof t === 'string');
}

const core = {
  // {text: the texts joined by U+0000} -> {hits, addrs (JSON text), ms, sequence} (content/protocol.js).
  async scan(msg, sender) {
    if (typeof msg.text !== 'string') return { error: 'bad scan request' };
    if (msg.text.length > MAX_TOTAL_CHARS) return { error: 'scan request too large' };
    if (textCount(msg.text, MAX_TEXTS) > MAX_TEXTS) return { error: 'bad scan request' };
    const [engine, settings] = await Promise.all([getEngine(), getSettings()]);
    return tabs.queueScan(sender, () => {
      const t0 = performance.now();
      const packed = engine.scanPacked(msg.text, settings.chains ?? undefined);
      // The address table as one JSON string: the extension bindings convert an object
      // answer value by value on this thread and again on the page's (in a trace of the
      // flood test, ~16 ms after each 8 ms slice of scans); a string crosses as one copy.
      return { ...packed, addrs: JSON.stringify(packed.addrs), ms: performance.now() - t0, sequence: engine.sequence };
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
    return engine.checkText(msg.text);
  },

  async info() {
    const engine = await getEngine();
    const status = await engineStatus();
    const { lastFeedCheck } = await chrome.storage.local.get('lastFeedCheck');
    return { info: engine.info(), origin: status.origin, loadError: status.error, lastFeedCheck: lastFeedCheck ?? null, startedAt };
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
      if ('lookalikes' in s) {
        if (typeof s.lookalikes !== 'boolean') return { error: 'bad lookalikes' };
        next.lookalikes = s.lookalikes;
      }
      if ('pausedOrigins' in s) {
        if (!isStringArray(s.pausedOrigins, 10_000)) return { error: 'bad pausedOrigins' };
        next.pausedOrigins = s.pausedOrigins;
      }
      await setSettings(next);
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

  // Test and recovery hook: forget a refreshed bundle.
  async resetBundle() {
    await resetToPackaged();
    return { ok: true };
  },
};

// One table of handlers from the files that answer; each type must be in shared/messages.js
// with that file as its owner, and each listed type must have its handler.
function merge(tables) {
  const out = Object.create(null);
  for (const [file, table] of Object.entries(tables)) {
    for (const [k, v] of Object.entries(table)) {
      if (typeof v !== 'function') continue;
      if (MESSAGES[k]?.to !== file) throw new Error(`message '${k}' is answered by ${file} but shared/messages.js says ${MESSAGES[k]?.to ?? 'nothing'}`);
      out[k] = v;
    }
    for (const k of typesFor(file)) if (!(k in out)) throw new Error(`message '${k}' has no handler in ${file}`);
  }
  return out;
}

const handlers = merge({
  'background.js': core,
  'background/tabs.js': tabs.handlers,
  'background/wallet.js': wallet.handlers,
  'background/feed.js': feed.handlers,
  'background/confirm.js': confirm.handlers,
  'background/page-state.js': pageState.handlers,
});

pageState.restrictStorage();

// Content scripts relay pages: a page must not change settings, roll the list back, edit
// the user's lists, read another tab's findings or answer a confirmation (shared/messages.js
// says which types only the extension's own pages may send).
const EXTENSION_ORIGIN = chrome.runtime.getURL('');
const fromExtensionPage = (sender) => !!sender && sender.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(EXTENSION_ORIGIN);

// How long the worker took to answer the last 200 wallet checks, from the message's arrival
// to the answer (ms): the flood test reads it to tell the worker's time from the browser's
// transit. Private to the extension (the worker's global).
const walletAnswerMs = [];
globalThis.sightlineWalletAnswerMs = walletAnswerMs;

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const arrived = performance.now();
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return false;
  const handler = handlers[msg.type];
  if (!handler) return false;
  if (!allowedFrom(msg, fromExtensionPage(sender) ? 'extension' : 'page')) {
    sendResponse({ error: 'not allowed from a web page' });
    return false;
  }
  Promise.resolve()
    .then(() => handler(msg, sender))
    .then(
      (res) => {
        if (msg.type === 'wallet-check') {
          walletAnswerMs.push(performance.now() - arrived);
          if (walletAnswerMs.length > 200) walletAnswerMs.shift();
        }
        sendResponse(res ?? {});
      },
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
