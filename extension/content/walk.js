// The walk: text nodes (+ open shadow roots) and the attributes where explorers hide full
// addresses (href, value, title, aria-label, data-*), in idle-time slices. Adjacent text
// nodes split by <wbr> are joined and zero-width characters dropped before scanning, with
// an offset map back to the DOM. A MutationObserver queues what changes for the next idle.
import { MIN_TOKEN } from '../shared/facts.js';
import { S, byNode, dropRecordsOf, flagged } from './state.js';
import { dropZeroWidth, isCandidateValue, windows } from './text.js';
import { pushText, flushBatch, dropBatch } from './batch.js';
import { isHost, restoreHost, scheduleReposition, scheduleRepositionSoon } from './overlay.js';

// By localName (lowercase in HTML and SVG alike; nodeName is upper case only in HTML).
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'canvas', 'video', 'audio', 'head', 'title']);
const ATTRS = new Set(['href', 'value', 'title', 'aria-label']);
/** Longest run of joined text scanned (a larger text node is page data, not prose). */
const MAX_TEXT = 1024 * 1024;
const SLICE_MS = 8;

const idle = globalThis.requestIdleCallback
  ? (fn) => requestIdleCallback(fn, { timeout: 300 })
  : (fn) => setTimeout(() => fn({ timeRemaining: () => SLICE_MS, didTimeout: false }), 16);

const rootQueue = [];
const queuedRoots = new Set();
const observed = new WeakSet();
let walker = null;
let walkRoot = null;
let seg = null;
let idleScheduled = false;

export function enqueueRoot(node) {
  if (S.paused || !node || queuedRoots.has(node)) return;
  queuedRoots.add(node);
  rootQueue.push(node);
  S.queuedRoots = rootQueue.length;
  scheduleIdle();
}

function scheduleIdle() {
  if (idleScheduled) return;
  idleScheduled = true;
  idle(work);
}

/** The first slice of a page runs at once, not when the browser is next idle (during a load
 * that can be 300 ms away): the top of the page is what the user looks at first. */
export function walkNow() {
  setTimeout(() => work({ timeRemaining: () => SLICE_MS, didTimeout: true }), 0);
}

function work(deadline) {
  idleScheduled = false;
  if (parentSkipped.size) parentSkipped = new Map();
  if (S.paused) return;
  const end = performance.now() + Math.min(SLICE_MS, Math.max(2, deadline.timeRemaining()));
  while (performance.now() < end) {
    if (!walker) {
      const root = rootQueue.shift();
      S.queuedRoots = rootQueue.length;
      if (!root) break;
      queuedRoots.delete(root);
      if (!root.isConnected) continue;
      startWalk(root);
    }
    if (!stepWalk(end)) {
      finishSegment();
      walker = null;
      walkRoot = null;
    }
  }
  // One message per slice (or sooner when a batch fills): results come back while the walk
  // goes on, the top of the page first.
  if (!walker && rootQueue.length === 0) finishSegment();
  else scheduleIdle();
  flushBatch();
}

// Per element of the page, so each DOM read counts: most elements have no attributes, and
// hasAttributes() answers that without building the attribute map.
function skipElement(el) {
  if (SKIP_TAGS.has(el.localName) || isHost(el)) return true;
  if (!el.hasAttributes()) return false;
  const ce = el.getAttribute('contenteditable');
  return ce !== null && ce !== 'false';
}

// A page that adds rows queues each as a root under one parent: the parent's answer is
// kept for the slice (the DOM does not change while a slice runs).
let parentSkipped = new Map();

function insideSkipped(el) {
  if (skipElement(el)) return true;
  const p = el.parentElement;
  if (!p) return false;
  let v = parentSkipped.get(p);
  if (v === undefined) {
    v = false;
    for (let e = p; e; e = e.parentElement) {
      if (skipElement(e)) {
        v = true;
        break;
      }
    }
    parentSkipped.set(p, v);
  }
  return v;
}

function startWalk(root) {
  walkRoot = root;
  if (root.nodeType === Node.TEXT_NODE) {
    const p = root.parentElement;
    if (p && !insideSkipped(p)) addText(root);
    finishSegment();
    walker = null;
    return;
  }
  if (root.nodeType === Node.ELEMENT_NODE) {
    if (insideSkipped(root)) return;
    visitElement(root);
  }
  // No JS filter callback (one call per node is the walk's main cost): skipped subtrees
  // are jumped over in stepWalk.
  walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
}

/** The node after `el`'s subtree within the walk, or null. */
function skipSubtree(el) {
  for (let n = el; n && n !== walkRoot; n = n.parentNode) {
    walker.currentNode = n;
    const next = walker.nextSibling();
    if (next) return next;
  }
  return null;
}

/** Advances the walk until `end`; false when the walk is over. */
function stepWalk(end) {
  if (!walker) return false;
  let n = 0;
  let node = walker.nextNode();
  while (node) {
    if (node.nodeType === Node.TEXT_NODE) addText(node);
    else if (skipElement(node)) {
      node = skipSubtree(node);
      continue;
    } else visitElement(node);
    if ((++n & 63) === 0 && performance.now() >= end) return true;
    node = walker.nextNode();
  }
  return false;
}

function visitElement(el) {
  if (el.shadowRoot && !observed.has(el.shadowRoot)) {
    observe(el.shadowRoot);
    enqueueRoot(el.shadowRoot);
  }
  if (!el.hasAttributes()) return;
  // Names first (strings), values only of the attributes we read: walking `el.attributes`
  // makes an Attr node of every attribute, class and style included.
  const names = el.getAttributeNames();
  let sent = null;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (!(ATTRS.has(name) || name.startsWith('data-'))) continue;
    const v = el.getAttribute(name);
    if (v === null || !isCandidateValue(v)) continue;
    // Only the candidate runs, and each once per element: explorers put the same address
    // in href, title and data-* of one link (a value inside a run already sent adds nothing).
    if (sent !== null && sent.some((t) => t.includes(v))) continue;
    const win = windows(v);
    if (!win || (sent && sent.includes(win.text))) continue;
    (sent ??= []).push(win.text);
    pushText({ kind: 'attr', el, attr: name, text: win.text });
  }
}

// ---------------------------------------------------------------- segments (text split by <wbr>)
function joinsSegment(node) {
  if (!seg) return false;
  let p = node.previousSibling;
  while (p && p.nodeName === 'WBR') p = p.previousSibling;
  return p === seg.nodes[seg.nodes.length - 1];
}

function addText(node) {
  const data = node.data;
  if (seg !== null && joinsSegment(node)) {
    seg.nodes.push(node);
    seg.starts.push(seg.raw.length);
    seg.raw += data;
    return;
  }
  finishSegment();
  // A text too short for any address starts no segment unless text follows it at once
  // (an adjacent text node, or one after <wbr>): the whitespace between elements, labels
  // and numbers are most of a page's text nodes.
  if (data.length < MIN_TOKEN && (blank(data) || !continues(node))) {
    if (byNode.has(node)) forget([node]);
    return;
  }
  seg = { nodes: [node], starts: [0], raw: data };
}

/** Only spaces and line breaks (or nothing): a delimiter wherever it stands. */
function blank(data) {
  for (let i = 0; i < data.length; i++) if (data.charCodeAt(i) > 32) return false;
  return true;
}

function continues(node) {
  const next = node.nextSibling;
  return next !== null && (next.nodeType === Node.TEXT_NODE || next.nodeName === 'WBR');
}

function finishSegment() {
  const s = seg;
  seg = null;
  if (!s) return;
  if (s.raw.length < MIN_TOKEN || s.raw.length > MAX_TEXT) return forget(s.nodes);
  const { text, map } = dropZeroWidth(s.raw);
  const win = windows(text);
  if (!win) return forget(s.nodes);
  pushText({ kind: 'text', nodes: s.nodes, starts: s.starts, raw: s.raw, map, text: win.text, wins: win.wins });
}

/** Text that no longer holds a candidate loses the records it had. */
function forget(nodes) {
  for (const n of nodes) if (byNode.has(n) && dropRecordsOf(n)) scheduleReposition();
}

// ---------------------------------------------------------------- watching
const mo = new MutationObserver((muts) => {
  restoreHost(); // removed by the page: back, whatever we draw
  if (S.paused) return;
  for (const m of muts) {
    if (m.type === 'characterData') {
      const p = m.target.parentNode;
      if (p && !isHost(p)) {
        // Re-walk the parent so <wbr>-joined neighbours stay together.
        enqueueRoot(p.nodeType === Node.ELEMENT_NODE ? p : m.target);
      }
      continue;
    }
    for (const n of m.addedNodes) {
      if (isHost(n)) continue;
      if (n.nodeType === Node.TEXT_NODE) {
        const p = n.parentNode;
        enqueueRoot(p && p.nodeType === Node.ELEMENT_NODE ? p : n);
      } else if (n.nodeType === Node.ELEMENT_NODE) enqueueRoot(n);
    }
  }
  if (flagged.size) scheduleRepositionSoon();
});

export function observe(root) {
  if (observed.has(root)) return;
  observed.add(root);
  mo.observe(root, { childList: true, subtree: true, characterData: true });
}

/** Stops the walk and forgets what was queued (the page is rescanned). */
export function resetWalk() {
  rootQueue.length = 0;
  queuedRoots.clear();
  S.queuedRoots = 0;
  walker = null;
  seg = null;
  dropBatch();
}
