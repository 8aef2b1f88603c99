// Every runtime message of the extension, defined once: its type, who may send it, and
// which file answers it. The background router (background.js) refuses types not listed
// here and senders an entry does not allow, and checks at start that every handler it
// has is listed (and every listed background type has a handler). Each handler checks
// the fields of its own messages (they may come from a page, through a content script).
//
// from: 'page'       any frame's content scripts (which relay pages) and our own pages;
//       'extension'  only the extension's own pages (popup, options, confirm window).
// A function of the message for types whose sender rule depends on what they ask.
const page = 'page';
const extension = 'extension';

export const MESSAGES = Object.freeze({
  // background.js (over the engine, background/engine.js)
  scan: { to: 'background.js', from: page }, // {text: texts joined by U+0000} -> {hits, addrs (JSON text), ms, sequence}
  check: { to: 'background.js', from: page }, // {address} -> {result}
  checkText: { to: 'background.js', from: page }, // {text} -> {hits, single}
  info: { to: 'background.js', from: page }, // {} -> {info, origin, loadError, lastFeedCheck, startedAt}
  settings: { to: 'background.js', from: extension }, // {set?} -> {settings}
  userListStatus: { to: 'background.js', from: page }, // {} -> {reports}
  userListsChanged: { to: 'background.js', from: extension }, // {} -> {reports}
  resetBundle: { to: 'background.js', from: extension }, // {} -> {ok}: back to the packaged list
  // background/tabs.js
  frameReport: { to: 'background/tabs.js', from: page }, // {count, addresses, reset?} -> {ok}
  tabSummary: { to: 'background/tabs.js', from: extension }, // {tabId} -> {count, sanctioned, frames, framesCut, addresses}
  // background/wallet.js
  'wallet-check': { to: 'background/wallet.js', from: page }, // {request: JSON text} -> {report (+ lookalikes), ms}
  'wallet-sent': { to: 'background/wallet.js', from: page }, // {addresses} -> {ok, recorded}: recipients of a forwarded request
  lookalike: { to: 'background/wallet.js', from: page }, // {address} -> {like}: the known recipient it imitates
  'recipients-status': { to: 'background/wallet.js', from: extension }, // {} -> {count}
  'recipients-clear': { to: 'background/wallet.js', from: extension }, // {} -> {ok}
  // background/confirm.js
  'wallet-confirm': { to: 'background/confirm.js', from: page }, // {summary} -> {decision}
  'wallet-confirm-details': { to: 'background/confirm.js', from: extension }, // {token} -> {summary}
  'wallet-confirm-answer': { to: 'background/confirm.js', from: extension }, // {token, decision} -> {ok}
  // background/page-state.js
  pageState: { to: 'background/page-state.js', from: page }, // {topOrigin?} -> {paused, dismissed: [addresses], list: the list's dates}
  dismiss: { to: 'background/page-state.js', from: page }, // {address} -> {decision}: confirmed in our window
  // background/feed.js
  'feed-status': { to: 'background/feed.js', from: page }, // {} -> feed status
  'feed-refresh': { to: 'background/feed.js', from: extension }, // {} -> feed status
  'feed-set-url': { to: 'background/feed.js', from: extension }, // {url} -> feed status
  // content/report.js (sent by the popup to a tab)
  pageSummary: { to: 'content/report.js', from: extension }, // {} -> this frame's findings
  // content/main.js (sent by background/page-state.js to every tab)
  stateChanged: { to: 'content/main.js', from: extension }, // {list} -> nothing: re-read pageState
});

/** Whether `msg` may come from this kind of sender ('page' or 'extension'). */
export function allowedFrom(msg, senderKind) {
  const entry = MESSAGES[msg.type];
  if (!entry) return false;
  const from = typeof entry.from === 'function' ? entry.from(msg) : entry.from;
  return from === page || senderKind === extension;
}

/** The types answered by the file `to`. */
export const typesFor = (to) => Object.keys(MESSAGES).filter((k) => MESSAGES[k].to === to);
