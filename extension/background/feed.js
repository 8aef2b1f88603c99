// List refresh from the signed feed (docs/feed.md).
//
// The worker can be evicted at any time, so (as uBlock does) the schedule is one re-armed
// alarm and every fact lives in chrome.storage.local, never only in memory:
//
//   feedUrl          the manifest URL the user chose (absent: DEFAULT_FEED_URL)
//   refreshMinutes   the period (absent: 6 hours; tests shorten it)
//   lastFeedCheck    {at, trigger, url, status, code, reason, reasonKey, reasonParams,
//                    feedSequence}
//                    status: updated | current | refused | failed
//   lastFeedSuccess  time of the last check that reached the feed and found it sound
//                    (updated or current)
//   feedFirstRun     when this profile first ran the extension (staleness before any check)
//   feedTimeoutSeconds  how long a check may take (absent: 120 s; tests shorten it)
//
// The fetching and every check (size, SHA-256, Ed25519 signature against the pinned key,
// a sequence above the installed one and no date before the installed list's) are in Rust
// (src/web/feed.rs, feedRefresh); verified bytes go to engine.js replaceBundle, which checks
// them against the installed set again (bundleAfter), swaps the set in, stores it and
// tells pages to rescan.
// The only network requests the extension ever makes are the two plain GETs of a refresh.
import { feedRefresh } from '../pkg/sightline.js';
import { getEngine, listDates, replaceBundle } from './engine.js';
import { STALE_AFTER_DAYS as LIST_STALE_DAYS } from '../shared/facts.js';
import { listAge as ageOfList } from '../shared/list-age.js';

export const ALARM = 'sightline-refresh';
export const DEFAULT_FEED_URL = 'https://sightline-project.github.io/sightline/feed/latest.json';
export const DEFAULT_REFRESH_MINUTES = 6 * 60;
/** A fresh install waits this long (or one period, when shorter) before its first check. */
const FIRST_CHECK_MINUTES = 5;
const CHECK_STALE_DAYS = 3;
const DAY = 24 * 60 * 60 * 1000;
const DEFAULT_TIMEOUT_SECONDS = 120;

const KEYS = ['feedUrl', 'refreshMinutes', 'lastFeedCheck', 'lastFeedSuccess', 'feedFirstRun', 'feedTimeoutSeconds'];

let inflight = null;
let ctxEngine = { getEngine, replaceBundle };

/** https anywhere, http only on this machine (a locally served feed, the tests). */
export function validFeedUrl(s) {
  if (typeof s !== 'string' || s.length > 2048) return null;
  let u;
  try {
    u = new URL(s.trim());
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
  if (u.protocol === 'https:' || (u.protocol === 'http:' && loopback)) return u.href;
  return null;
}

function periodOf(v) {
  const n = Number(v);
  // Chrome lets unpacked extensions use short periods (tests); cap at a week.
  return Number.isFinite(n) && n > 0 ? Math.min(n, 7 * 24 * 60) : DEFAULT_REFRESH_MINUTES;
}

async function settings() {
  const s = await chrome.storage.local.get(KEYS);
  return {
    url: validFeedUrl(s.feedUrl) || DEFAULT_FEED_URL,
    custom: validFeedUrl(s.feedUrl) != null,
    minutes: periodOf(s.refreshMinutes),
    last: s.lastFeedCheck && typeof s.lastFeedCheck === 'object' ? s.lastFeedCheck : null,
    lastSuccess: typeof s.lastFeedSuccess === 'number' ? s.lastFeedSuccess : null,
    firstRun: typeof s.feedFirstRun === 'number' ? s.feedFirstRun : null,
    timeoutMs: 1000 * (Number(s.feedTimeoutSeconds) > 0 ? Math.min(Number(s.feedTimeoutSeconds), 600) : DEFAULT_TIMEOUT_SECONDS),
  };
}

// An automatic check (alarm, startup) this soon after the last one is skipped: at a browser
// start the overdue alarm and the startup catch-up both fire, and one request is enough.
const AUTO_MIN_GAP_MS = 2_000;
let lastDone = 0;

/** One refresh at a time; a second caller shares the running one. */
export function refresh(trigger = 'manual') {
  if (!inflight && trigger !== 'manual' && Date.now() - lastDone < AUTO_MIN_GAP_MS) {
    return Promise.resolve(null);
  }
  if (!inflight) {
    inflight = runRefresh(trigger).finally(() => {
      inflight = null;
      lastDone = Date.now();
    });
  }
  return inflight;
}

async function runRefresh(trigger) {
  const { url, timeoutMs } = await settings();
  const at = Date.now();
  let out;
  let timer = 0;
  try {
    const engine = await ctxEngine.getEngine(); // also initialises the wasm module
    // feedRefresh aborts its own downloads at timeoutMs. This second timer (5 s later) is a
    // safety net only: the one refresh slot is never held forever.
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve({
        status: 'failed', code: 'timeout', reason: `no complete answer from the feed within ${timeoutMs / 1000} s`,
      }), timeoutMs + 5000);
    });
    const installed = { sequence: engine.sequence, ...listDates(engine) };
    out = await Promise.race([feedRefresh(url, installed, timeoutMs), timeout]);
  } catch (e) {
    out = { status: 'failed', code: 'internal', reason: `refresh failed: ${e?.message || e}` };
  } finally {
    clearTimeout(timer);
  }
  if (out.status === 'updated') {
    try {
      await ctxEngine.replaceBundle(out.bytes);
    } catch (e) {
      const m = String(e?.message || e);
      out = { ...out, status: 'refused', code: 'install', reason: m.startsWith('bundle refused') ? m : `bundle refused: ${m}` };
    }
  }
  const record = {
    at,
    trigger: String(trigger),
    url,
    status: String(out.status),
    code: String(out.code),
    reason: String(out.reason || ''),
    // The reason in the UI's language (feed-ui.js, message feed_reason_<reasonKey>).
    reasonKey: typeof out.reasonKey === 'string' ? out.reasonKey : null,
    reasonParams: Array.isArray(out.reasonParams) ? out.reasonParams.map(String) : null,
    feedSequence: typeof out.feedSequence === 'number' ? out.feedSequence : null,
  };
  const patch = { lastFeedCheck: record };
  if (record.status === 'updated' || record.status === 'current') patch.lastFeedSuccess = at;
  await chrome.storage.local.set(patch);
  if (record.status === 'refused' || record.status === 'failed') {
    console.warn(`Sightline: list refresh ${record.status}: ${record.reason}`);
  }
  return record;
}

/** Everything the popup and options show about the feed and the current set. */
export async function feedStatus() {
  const s = await settings();
  const now = Date.now();
  let list = null;
  let listError = null;
  try {
    list = (await ctxEngine.getEngine()).info();
  } catch (e) {
    listError = String(e?.message || e);
  }
  // Aged as everywhere (list-age.js): by the later of the source date and the signing; a
  // future date or a passed expiry is stale whatever the manifest says.
  const age = list ? ageOfList(list, now) : null;
  const listAge = age ? age.days : null;
  const okSince = s.lastSuccess ?? s.firstRun ?? now;
  const alarm = await chrome.alarms.get(ALARM);
  return {
    url: s.url,
    defaultUrl: DEFAULT_FEED_URL,
    custom: s.custom,
    refreshMinutes: s.minutes,
    nextCheck: alarm ? alarm.scheduledTime : null,
    checking: inflight != null,
    lastCheck: s.last,
    lastSuccess: s.lastSuccess,
    list,
    listError,
    listAgeDays: listAge,
    staleList: !!age && age.stale,
    staleCheck: now - okSince > CHECK_STALE_DAYS * DAY,
    listStaleDays: LIST_STALE_DAYS,
    checkStaleDays: CHECK_STALE_DAYS,
  };
}

export const handlers = {
  'feed-status': async () => feedStatus(),
  // Only from the extension's pages (shared/messages.js; the router enforces it).
  'feed-refresh': async () => {
    await refresh('manual');
    return feedStatus();
  },
  'feed-set-url': async (msg) => {
    const raw = typeof msg?.url === 'string' ? msg.url.trim() : '';
    if (raw === '' || raw === DEFAULT_FEED_URL) {
      await chrome.storage.local.remove('feedUrl');
    } else {
      const url = validFeedUrl(raw);
      if (!url) throw new Error('not a usable feed URL (https, or http on localhost)');
      await chrome.storage.local.set({ feedUrl: url });
    }
    return feedStatus();
  },
};

/**
 * (Re)arms the one alarm. The first firing comes when the period since the last check
 * ends; a profile that never checked waits FIRST_CHECK_MINUTES (the packaged set is as
 * fresh as the install).
 */
async function arm(force) {
  const s = await settings();
  const existing = await chrome.alarms.get(ALARM);
  if (existing && !force && existing.periodInMinutes === s.minutes) return s;
  const now = Date.now();
  const period = s.minutes * 60_000;
  const due = s.last ? s.last.at + period : now + Math.min(FIRST_CHECK_MINUTES * 60_000, period);
  await chrome.alarms.create(ALARM, { when: Math.max(due, now + 1000), periodInMinutes: s.minutes });
  return s;
}

async function boot() {
  const { feedFirstRun } = await chrome.storage.local.get('feedFirstRun');
  if (typeof feedFirstRun !== 'number') await chrome.storage.local.set({ feedFirstRun: Date.now() });
  const s = await arm(false);
  // At browser start (or any worker start): catch up when the last check is overdue.
  if (s.last && Date.now() - s.last.at >= s.minutes * 60_000) await refresh('startup');
}

let started = false;

/**
 * Called once by background.js at the top level of every worker start. Listeners are
 * added synchronously, so an alarm that woke the worker is delivered.
 * ctx may carry {getEngine, replaceBundle} to use instead of engine.js's.
 */
export function start(ctx) {
  if (started) return;
  started = true;
  if (ctx && typeof ctx.getEngine === 'function' && typeof ctx.replaceBundle === 'function') {
    ctxEngine = { getEngine: ctx.getEngine, replaceBundle: ctx.replaceBundle };
  }
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) refresh('alarm');
  });
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && 'refreshMinutes' in changes) arm(true);
  });
  boot().catch((e) => console.warn('Sightline: feed start failed:', e));
}
