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

async function loadState() {
  const { settings, dismissed } = await chrome.storage.local.get(['settings', 'dismissed']);
  const po = (settings && Array.isArray(settings.pausedOrigins) && settings.pausedOrigins) || [];
  S.paused = po.includes(topOrigin);
  S.dismissed = dismissed && typeof dismissed === 'object' ? dismissed : Object.create(null);
}

async function loadListDate() {
  try {
    const res = await send({ type: 'info' });
    if (res && res.info) S.listDate = res.info.sourceDate || '';
  } catch {}
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
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && (changes.listSequence || changes.dismissed || changes.settings)) {
      loadState().then(() => {
        if (changes.listSequence) loadListDate();
        rescanAll();
      });
    }
  });
  loadState()
    .catch(() => {})
    .then(() => {
      loadListDate();
      start();
    });
}
