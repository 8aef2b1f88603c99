// What this frame found, for the popup: answered on request ('pageSummary') and reported
// to the background ('frameReport'), so the popup can count the addresses of the whole tab
// (iframes included) without the `tabs` permission.
import { S, records, topOrigin, send } from './state.js';

function summarize() {
  const byAddr = new Map();
  for (const r of records) {
    if (r.kind === 'text' && !r.sn.isConnected) continue;
    if (r.kind === 'attr' && !r.el.isConnected) continue;
    if (r.hit.possible) continue; // a shortened display, not an address the popup can list
    if (!byAddr.has(r.hit.address)) {
      const m = r.hit.matches[0];
      byAddr.set(r.hit.address, { address: r.hit.address, display: r.hit.display || r.hit.address, chains: r.hit.chains, sanctioned: r.hit.sanctioned, name: m ? m.name : null, dismissed: !!S.dismissed[r.hit.address] });
    }
  }
  const list = Array.from(byAddr.values());
  list.sort((a, b) => Number(b.sanctioned) - Number(a.sanctioned));
  return { url: location.href, origin: topOrigin, paused: S.paused, count: list.length, sanctioned: list.filter((x) => x.sanctioned).length, addresses: list.slice(0, 200), busy: S.pendingScans > 0 || S.queuedRoots > 0, capped: S.capped };
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
