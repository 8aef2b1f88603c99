// Sightline content script (isolated world, every frame): finds the addresses on the page
// and draws what they are. Bundled by extension/build.mjs from these modules, one job each:
//   text.js     page text -> what is sent to the engine, and offsets back (pure)
//   walk.js     the idle-time walk of text and attributes, and the MutationObserver
//   batch.js    texts batched into 'scan' messages to the background engine (wasm cannot
//               run here under a strict page CSP, see docs/DESIGN.md)
//   results.js  the engine's answers -> records tied to the DOM (state.js holds them)
//   overlay.js  our one closed shadow root: highlights and badges over getClientRects()
//   card.js     the hover card, announced to screen readers
//   fields.js   notes beside form fields, the banner when a listed address is pasted
//   report.js   what this frame found, for the popup
// Nothing of the page is changed: no page text, no page attribute.
import { S, clearRecords, send, topOrigin } from './state.js';
import { enqueueRoot, observe, resetWalk, walkNow } from './walk.js';
import { clearLayer, drawing, ensureHost, scheduleReposition, sinceReposition } from './overlay.js';
import { listenForCards, resetCard } from './card.js';
import { listenToFields, resetFields } from './fields.js';
import { answerSummaries, reportNewPage, scheduleReport } from './report.js';

// The user's state and the list's dates come from the background in one message
// (storage.local is closed to content scripts).
async function loadState() {
  const res = await send({ type: 'pageState', topOrigin });
  S.paused = !!(res && res.paused);
  S.dismissed = Object.create(null);
  for (const a of (res && Array.isArray(res.dismissed) && res.dismissed) || []) S.dismissed[a] = true;
  if (res && res.list) S.listInfo = res.list;
}

function rescanAll() {
  clearRecords();
  S.capped = false;
  resetFields();
  resetCard();
  resetWalk();
  clearLayer();
  scheduleReport();
  if (!S.paused) enqueueRoot(document.documentElement);
}

function start() {
  ensureHost();
  reportNewPage();
  observe(document);
  listenForCards();
  listenToFields();
  answerSummaries();
  addEventListener('scroll', scheduleReposition, { capture: true, passive: true });
  addEventListener('resize', scheduleReposition, { passive: true });
  // Layout can move without a mutation (fonts, images, animations): re-check now and then
  // while something is drawn.
  setInterval(() => {
    if (drawing() && document.visibilityState === 'visible' && sinceReposition() > 900) scheduleReposition();
  }, 1000);
  enqueueRoot(document.documentElement);
  walkNow();
}

const GUARD = '__sightlineContent';
if (!globalThis[GUARD] && (document instanceof HTMLDocument || document.documentElement)) {
  globalThis[GUARD] = true;
  chrome.runtime.onMessage.addListener((msg) => {
    if (!msg || msg.type !== 'stateChanged') return false;
    loadState()
      .catch(() => {})
      .then(rescanAll);
    return false;
  });
  loadState()
    .catch(() => {})
    .then(start);
}
