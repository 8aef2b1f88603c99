// Our drawing surface: ONE closed shadow root over the page, and the highlights and badges
// of flagged addresses in it, positioned over Range.getClientRects(). Page text is never
// touched; strings from pages and lists are set with textContent only. The card (card.js)
// and the field notes and banner (fields.js) draw here as "parts".
import { t } from '../shared/t.js';
import { flagged, removeRecord } from './state.js';
import { isOfficial, userListName } from './hit.js';
import CSS from './overlay.css';

// The host of our closed shadow root. It exists from start on every page, paused or not,
// with or without anything to draw, and is put back whenever removed: what a page can see
// of it never depends on the user's lists, dismissals or pauses (all drawing happens
// inside the closed root). A neutral name: nothing in the page says "Sightline".
export const HOST_TAG = 'x-overlay-host';

let host = null;
let shadow = null;
let layer = null;
let announcer = null;

/** Our host element (not scanned, not hovered through). By identity: a page that names an
 * element of its own like ours does not hide its text from the scan. */
export const isHost = (node) => node !== null && node === host;

export function ensureHost() {
  if (host && host.isConnected) return;
  if (!host) {
    host = document.createElement(HOST_TAG);
    for (const [k, v] of [['all', 'initial'], ['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'], ['z-index', '2147483647'], ['pointer-events', 'none'], ['display', 'block'], ['overflow', 'visible']]) {
      host.style.setProperty(k, v, 'important');
    }
    shadow = host.attachShadow({ mode: 'closed' });
    layer = document.createElement('div');
    layer.className = 'layer';
    shadow.appendChild(layer);
    // Screen readers hear the verdict of the address that got focus or hover: a live
    // region of our own, outside the layer (which is redrawn), so it persists.
    announcer = document.createElement('div');
    announcer.className = 'sr';
    announcer.setAttribute('role', 'status');
    announcer.setAttribute('aria-live', 'polite');
    announcer.setAttribute('aria-atomic', 'true');
    shadow.appendChild(announcer);
  }
  (document.documentElement || document).appendChild(host);
}

// Our stylesheet is parsed when something is first drawn, not at start (5 ms of every
// page's start went to parsing it, CPU profile 2026-12-01). The root is closed: the page
// cannot tell either way.
let styled = false;
function style() {
  if (styled || !shadow) return;
  styled = true;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
    return;
  } catch {}
  const st = document.createElement('style');
  st.textContent = CSS;
  shadow.prepend(st);
}

/** Puts the host back if the page removed it. */
export function restoreHost() {
  if (host && !host.isConnected) ensureHost();
}

/** Appends `e` to the layer if it is not there (parts that measure themselves). */
export function attach(e) {
  style();
  if (!e.isConnected && layer) layer.appendChild(e);
}

let announceTimer = 0;
/** Says `text` through our live region: assertive for a hit, polite otherwise. */
export function announce(text, urgent) {
  if (!announcer) return;
  style();
  announcer.setAttribute('aria-live', urgent ? 'assertive' : 'polite');
  announcer.setAttribute('role', urgent ? 'alert' : 'status');
  announcer.textContent = '';
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => (announcer.textContent = text), 50); // a change, even for the same text
}

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

/** Tags one of our elements with the address and verdict it shows (tests read these). */
export function mark(e, hit) {
  e.setAttribute('data-sightline-address', hit.address);
  e.setAttribute('data-sightline-verdict', hit.possible ? 'possible' : hit.sanctioned ? 'sanctioned' : 'clear');
  return e;
}

// ---------------------------------------------------------------- parts
/**
 * Something else drawn in the layer: {order, active(), read?() -> data, write?(data, frag),
 * after?()}. read() measures (all parts read before any writes), write() places and pushes
 * its elements onto frag, after() runs once the layer holds them.
 */
const parts = [];
export function addPart(p) {
  parts.push(p);
  parts.sort((a, b) => a.order - b.order);
}
/** Anything drawn at all (highlights or a part). */
export const drawing = () => flagged.size > 0 || parts.some((p) => p.active());

// ---------------------------------------------------------------- scheduling
// Page mutations and new results reposition at most 4 times a second: each reposition
// costs one layout of the page, and a page that keeps adding rows would otherwise pay it
// every frame. Scroll and resize reposition in the next frame.
let soonTimer = 0;
let lastReposition = -1e9;
let lastRepositionCost = 0;
export const sinceReposition = () => performance.now() - lastReposition;

export function scheduleRepositionSoon() {
  if (soonTimer) return;
  // A page whose layout is expensive (a growing 20,000-row table) gets once a second.
  const period = lastRepositionCost > 8 ? 1000 : 250;
  const wait = Math.max(0, period - (performance.now() - lastReposition));
  soonTimer = setTimeout(() => {
    soonTimer = 0;
    scheduleReposition();
  }, wait);
}

let rafPending = false;
export function scheduleReposition() {
  if (rafPending) return;
  rafPending = true;
  requestAnimationFrame(() => {
    rafPending = false;
    lastReposition = performance.now();
    reposition();
    lastRepositionCost = performance.now() - lastReposition;
  });
}

// ---------------------------------------------------------------- geometry
/** A fresh Range over a text record, or null when its text is gone or changed. */
export function rangeOf(r) {
  if (!r.sn.isConnected || !r.en.isConnected || r.so > r.sn.length || r.eo > r.en.length) return null;
  try {
    const range = document.createRange();
    range.setStart(r.sn, r.so);
    range.setEnd(r.en, r.eo);
    return range;
  } catch {
    return null;
  }
}

/** The visible boxes of a record, or null when it left the document. */
export function rectsOf(r) {
  let list;
  if (r.kind === 'text') {
    const range = rangeOf(r);
    if (!range) return null;
    list = range.getClientRects();
  } else {
    if (!r.el.isConnected) return null;
    list = r.el.getClientRects();
  }
  return Array.from(list).filter((x) => x.width > 0 && x.height > 0);
}

/** Sets position (and size) only when it changed: style writes invalidate layout. */
export function place(e, left, top, width, height) {
  const key = `${left},${top},${width},${height}`;
  if (e._pos === key) return;
  e._pos = key;
  const s = e.style;
  s.left = `${left}px`;
  s.top = `${top}px`;
  if (width != null) {
    s.width = `${width}px`;
    s.height = `${height}px`;
  }
}

// All geometry is read first, then all positions written: a write between two reads
// would force a fresh layout of the page for every record (seen: 1.4 s on a page adding
// 20,000 rows).
function reposition() {
  const live = parts.filter((p) => p.active());
  if (flagged.size === 0 && live.length === 0) {
    if (layer) layer.replaceChildren();
    return;
  }
  const vw = innerWidth;
  const vh = innerHeight;
  // Read.
  const marks = [];
  for (const r of flagged) {
    const rects = rectsOf(r);
    if (!rects) {
      removeRecord(r);
      continue;
    }
    marks.push([r, rects.filter((x) => x.bottom > -20 && x.top < vh + 20 && x.right > -20 && x.left < vw + 20)]);
  }
  const measured = live.map((p) => (p.read ? p.read() : null));
  // Write.
  const frag = [];
  for (const [r, visible] of marks) {
    if (!r.box) r.box = [];
    while (r.box.length < visible.length) r.box.push(mark(el('div', r.hit.possible ? 'hl possible' : 'hl'), r.hit));
    r.box.length = visible.length;
    visible.forEach((x, i) => {
      place(r.box[i], x.left, x.top, x.width, x.height);
      frag.push(r.box[i]);
    });
    if (visible.length) {
      if (!r.badge) r.badge = makeBadge(r);
      const last = visible[visible.length - 1];
      place(r.badge, Math.min(last.right - 8, vw - 40), Math.max(0, last.top - 12));
      frag.push(r.badge);
    }
  }
  if (frag.length || live.length) {
    ensureHost();
    style();
  }
  if (!layer) return;
  live.forEach((p, i) => p.write && p.write(measured[i], frag));
  // Touch the shadow tree only when the set of drawn elements changed.
  const kids = layer.children;
  let same = kids.length === frag.length;
  for (let i = 0; same && i < frag.length; i++) same = kids[i] === frag[i];
  if (!same) layer.replaceChildren(...frag);
  // Parts that measure themselves (one layout, only while one is shown).
  for (const p of live) if (p.after) p.after();
}

// ---------------------------------------------------------------- badges
/** What a badge does when pointed at or focused: set by card.js. */
const badgeActions = { show: () => {}, hideSoon: () => {} };
export function onBadge(show, hideSoon) {
  badgeActions.show = show;
  badgeActions.hideSoon = hideSoon;
}

function makeBadge(r) {
  const hit = r.hit;
  const official = !hit.possible && hit.matches.some(isOfficial);
  const [cls, text, label] = hit.possible
    ? ['badge possible', t('badgePossible'), t('badgePossibleAria', [hit.display, hit.candidates[0].name])]
    : official
      ? ['badge', t('badgeSanctioned'), t('badgeAria', [hit.address])]
      : ['badge user', t('badgeUserList'), t('badgeAriaUser', [hit.address, userListName(hit.matches[0])])];
  const b = mark(el('button', cls, text), hit);
  b.type = 'button';
  // The accessible name starts with the visible text (WCAG 2.5.3); a hit from the user's
  // own list is never called "sanctioned".
  b.setAttribute('aria-label', label);
  b.addEventListener('mouseenter', () => badgeActions.show(r));
  b.addEventListener('mouseleave', () => badgeActions.hideSoon());
  b.addEventListener('focus', () => badgeActions.show(r));
  b.addEventListener('blur', () => badgeActions.hideSoon());
  b.addEventListener('click', () => badgeActions.show(r));
  return b;
}

/** Forgets everything drawn (the page is rescanned). */
export function clearLayer() {
  if (layer) layer.replaceChildren();
  if (host && host.isConnected) host.remove();
}
