// "Proceed anyway" and "I know this one" are confirmed in a window of our own, which a page
// can neither cover nor click through (a top-layer overlay with pointer-events: none hid the
// in-page dialog, and clicks meant for the page ticked and pressed it). wallet-guard.js asks
// with 'wallet-confirm' {summary}; page-state.js asks through askInWindow() for a dismissal.
// We open confirm.html in a popup window (windows.create needs no permission) and answer
// 'proceed' only when the user proceeds there. Closing the window, or any failure to open
// it, is a cancel.
//
// 'wallet-confirm-details' and 'wallet-confirm-answer' come from confirm.html only (an
// extension page: the router checks the sender).
const pending = new Map(); // token -> {summary, resolve, windowId, tabId}
const MAX_TARGETS = 16;
// What a window can ask: a send to a listed party, a send that could not be checked, or
// to stop warning about one listed address everywhere.
const KINDS = ['sanctioned', 'unchecked', 'dismiss'];

const str = (v, n) => (typeof v === 'string' ? v.slice(0, n) : '');
const strs = (v, n, each) => (Array.isArray(v) ? v.slice(0, n).map((x) => str(x, each)) : []);

// Only what the window shows, capped: the summary comes from a content script.
export function cleanSummary(s) {
  if (!s || typeof s !== 'object') return null;
  return {
    kind: KINDS.includes(s.kind) ? s.kind : 'sanctioned',
    origin: str(s.origin, 200),
    reason: str(s.reason, 500),
    listOf: str(s.listOf, 200),
    targets: (Array.isArray(s.targets) ? s.targets.slice(0, MAX_TARGETS) : []).map((x) => ({
      action: str(x && x.action, 200),
      address: str(x && x.address, 200),
      entities: strs(x && x.entities, 4, 200),
      programs: strs(x && x.programs, 16, 40),
      uids: (Array.isArray(x && x.uids) ? x.uids : []).filter((u) => Number.isSafeInteger(u) && u > 0).slice(0, 4),
    })),
  };
}

function token() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

chrome.windows?.onRemoved.addListener((windowId) => {
  for (const [tok, p] of pending) {
    if (p.windowId === windowId) {
      pending.delete(tok);
      p.resolve('cancel');
    }
  }
});

// Open windows at once: a content script that asks in a loop (a compromised renderer) must not
// bury the user in windows. Past the cap the new question is answered 'cancel' and the open
// window is brought forward.
const MAX_OPEN_PER_TAB = 2;
const MAX_OPEN = 6;

/** Opens the confirm window for `summary` (already cleaned) asked from tab `tabId`; resolves
 * {decision: 'proceed' | 'cancel', error?}. */
export async function askInWindow(summary, tabId) {
  const open = [...pending.values()];
  if (open.length >= MAX_OPEN || open.filter((p) => p.tabId === tabId).length >= MAX_OPEN_PER_TAB) {
    const front = open.find((p) => p.tabId === tabId && p.windowId != null) || open.find((p) => p.windowId != null);
    if (front) chrome.windows.update(front.windowId, { focused: true }).catch(() => {});
    return { decision: 'cancel', error: 'a confirmation is already open' };
  }
  const tok = token();
  const decided = new Promise((resolve) => pending.set(tok, { summary, resolve, windowId: null, tabId }));
  try {
    const win = await chrome.windows.create({ url: chrome.runtime.getURL(`confirm.html?t=${tok}`), type: 'popup', width: 520, height: 640, focused: true });
    const p = pending.get(tok);
    if (p) p.windowId = win.id;
  } catch (e) {
    pending.delete(tok);
    return { decision: 'cancel', error: String((e && e.message) || e) };
  }
  return { decision: await decided };
}

export const handlers = {
  async 'wallet-confirm'(msg, sender) {
    const summary = cleanSummary(msg.summary);
    if (!summary || summary.kind === 'dismiss' || !sender || !sender.tab) return { decision: 'cancel', error: 'bad confirm request' };
    return askInWindow(summary, sender.tab.id);
  },

  async 'wallet-confirm-details'(msg) {
    const p = pending.get(msg.token);
    return p ? { summary: p.summary } : { error: 'this confirmation has ended' };
  },

  async 'wallet-confirm-answer'(msg) {
    const p = pending.get(msg.token);
    if (!p) return { error: 'this confirmation has ended' };
    pending.delete(msg.token);
    p.resolve(msg.decision === 'proceed' ? 'proceed' : 'cancel');
    return { ok: true };
  },
};
