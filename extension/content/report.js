// What this frame found, for the popup: answered on request ('pageSummary') and reported
// to the background ('frameReport'), so the popup can count the addresses of the whole tab
// (iframes included) without the `tabs` permission.
import { S, byAddress, topOrigin, send } from './state.js';

/** Addresses listed to the popup (sanctioned first); the count covers them all. */
const LISTED = 200;

const live = (r) => (r.kind === 'text' ? r.sn.isConnected : r.el.isConnected);

/** What this frame shows now: one live record an address decides it (records of text the
 * page removed stay until rescanned, so each is checked). */
function summarize() {
  let count = 0;
  let sanctioned = 0;
  const listed = [];
  const clean = [];
  for (const [address, list] of byAddress) {
    const r = list.find(live);
    if (!r) continue;
    count++;
    if (r.hit.sanctioned) sanctioned++;
    const into = r.hit.sanctioned ? listed : clean;
    if (into.length < LISTED) {
      const m = r.hit.matches[0];
      into.push({ address, display: r.hit.display || address, chains: r.hit.chains, sanctioned: r.hit.sanctioned, name: m ? m.name : null, dismissed: !!S.dismissed[address] });
    }
  }
  const addresses = listed.concat(clean.slice(0, Math.max(0, LISTED - listed.length)));
  return { url: location.href, origin: topOrigin, paused: S.paused, count, sanctioned, addresses, busy: S.pendingScans > 0 || S.queuedRoots > 0, capped: S.capped };
}

// Sent at most twice a second, and only by frames that found something (or found
// something before).
let reportTimer = 0;
let reported = 0;
export function scheduleReport() {
  if (reportTimer) return;
  reportTimer = setTimeout(() => {
    reportTimer = 0;
    const sum = summarize();
    if (sum.count === 0 && reported === 0) return;
    reported = sum.count;
    send({ type: 'frameReport', count: sum.count, addresses: sum.addresses }).catch(() => {});
  }, 500);
}

/** A new top document starts a new page: the background forgets the tab's old frames. */
export function reportNewPage() {
  if (window === window.top) send({ type: 'frameReport', reset: true, count: 0, addresses: [] }).catch(() => {});
}

export function answerSummaries() {
  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (!msg || msg.type !== 'pageSummary') return false;
    sendResponse(summarize());
    return false;
  });
}
