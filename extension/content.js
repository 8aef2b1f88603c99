// Sightline content script (isolated world, every frame).
//
// What it does, in order:
//   walk    TreeWalker over text nodes (+ open shadow roots) and the attributes where
//           explorers hide full addresses (href, value, title, aria-label, data-*), in
//           idle-time slices; adjacent text nodes split by <wbr> are joined and zero-width
//           characters dropped before scanning, with an offset map back to the DOM.
//   scan    the texts that could hold an address go to the background engine ('scan');
//           it answers UTF-16 spans and verdicts (wasm cannot run here under a strict
//           page CSP, see DESIGN.md).
//   draw    sanctioned addresses get a red outline + badge, a hover card for every
//           address, warnings beside form fields: all inside ONE closed shadow root of
//           ours, positioned over Range.getClientRects(). Page text is never touched;
//           strings from pages and lists are set with textContent only.
//   watch   MutationObserver (childList, subtree, characterData) queues roots for idle
//           time; scroll/resize reposition in an animation frame.
// Nothing is inserted into a page that has no address: the host element is created on
// first need.
(() => {
  'use strict';
  const GUARD = '__sightlineContent';
  if (globalThis[GUARD]) return;
  globalThis[GUARD] = true;
  if (!(document instanceof HTMLDocument) && !document.documentElement) return;

  const MIN_LEN = 25;
  const CANDIDATE = /[0-9A-Za-z]{25}/;
  const ZW = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;
  const ZW_G = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'CANVAS', 'VIDEO', 'AUDIO', 'HEAD', 'TITLE']);
  const ATTRS = new Set(['href', 'value', 'title', 'aria-label']);
  const BATCH_TEXTS = 400;
  const BATCH_CHARS = 256 * 1024;
  const MAX_TEXT = 1024 * 1024;
  const SLICE_MS = 8;
  const MAX_FIELD = 20000;
  const OFAC_ENTRY = 'https://sanctionssearch.ofac.treas.gov/Details.aspx?id=';
  // The host of our closed shadow root. It exists from start on every page, paused or not,
  // with or without anything to draw, and is put back whenever removed: what a page can see
  // of it never depends on the user's lists, dismissals or pauses (all drawing happens
  // inside the closed root). A neutral name: nothing in the page says "Sightline".
  const HOST_TAG = 'x-overlay-host';
  const CHAIN_NAMES = {
    bitcoin: 'Bitcoin', litecoin: 'Litecoin', 'bitcoin-cash': 'Bitcoin Cash', 'bitcoin-sv': 'Bitcoin SV',
    'bitcoin-gold': 'Bitcoin Gold', dash: 'Dash', zcash: 'Zcash', verge: 'Verge', dogecoin: 'Dogecoin',
    'bnb-beacon': 'BNB Beacon Chain', evm: 'Ethereum / EVM', tron: 'Tron', monero: 'Monero', xrp: 'XRP Ledger', solana: 'Solana',
  };
  // chrome.i18n.getMessage crosses into the browser each call: cache the plain ones.
  const i18nCache = new Map();
  const t = (key, subs) => {
    if (!subs && i18nCache.has(key)) return i18nCache.get(key);
    let v;
    try {
      v = chrome.i18n.getMessage(key, subs) || key;
    } catch {
      v = key;
    }
    if (!subs) i18nCache.set(key, v);
    return v;
  };

  // ---------------------------------------------------------------- state
  let paused = false;
  let dismissed = Object.create(null);
  let listDate = '';
  let staleAfterDays = 14; // replaced by the background's value (i18n.js STALE_DAYS)

  // A clear verdict says what it rests on: the list's date, and its age once it is old.
  const listAge = () => globalThis.sightlineListAge(listDate, staleAfterDays); // list-age.js
  const clearText = (fresh, stale) => {
    const a = listAge();
    if (!a) return t(fresh, ['?']);
    return a.stale ? t(stale, [a.shown, String(a.days)]) : t(fresh, [a.shown]);
  };
  /** Every record: {kind:'text', hit, sn, so, en, eo, el, node} or {kind:'attr', hit, el, attr} */
  const records = new Set();
  /** Element -> records anchored in it (text records: the text node's parent). */
  const byElement = new WeakMap();
  /** Text node -> records starting in it (to drop them when the node is rescanned). */
  const byNode = new WeakMap();
  /** Sanctioned, not dismissed: the ones drawn. */
  const flagged = new Set();
  const observed = new WeakSet();

  const topOrigin = (() => {
    try {
      const ao = location.ancestorOrigins;
      if (ao && ao.length) return ao[ao.length - 1];
    } catch {}
    return location.origin;
  })();

  // ---------------------------------------------------------------- scheduling
  const idle = globalThis.requestIdleCallback
    ? (fn) => requestIdleCallback(fn, { timeout: 300 })
    : (fn) => setTimeout(() => fn({ timeRemaining: () => SLICE_MS, didTimeout: false }), 16);

  const rootQueue = [];
  const queuedRoots = new Set();
  let walker = null;
  let walkRoot = null;
  let seg = null;
  let batch = [];
  let batchChars = 0;
  let idleScheduled = false;
  let pendingScans = 0;

  function enqueueRoot(node) {
    if (paused || !node || queuedRoots.has(node)) return;
    queuedRoots.add(node);
    rootQueue.push(node);
    scheduleIdle();
  }

  function scheduleIdle() {
    if (idleScheduled) return;
    idleScheduled = true;
    idle(work);
  }

  function work(deadline) {
    idleScheduled = false;
    if (paused) return;
    const end = performance.now() + Math.min(SLICE_MS, Math.max(2, deadline.timeRemaining()));
    while (performance.now() < end) {
      if (!walker) {
        const root = rootQueue.shift();
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
    if (!walker && rootQueue.length === 0) {
      finishSegment();
      flushBatch();
    } else {
      if (batchChars >= BATCH_CHARS) flushBatch();
      scheduleIdle();
    }
  }

  function skipElement(el) {
    return SKIP_TAGS.has(el.nodeName) || el.nodeName === HOST_TAG.toUpperCase() || (el.hasAttribute('contenteditable') && el.getAttribute('contenteditable') !== 'false');
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

  function insideSkipped(el) {
    for (let e = el; e; e = e.parentElement) {
      if (skipElement(e)) return true;
    }
    return false;
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
      if ((++n & 63) === 0) {
        if (batchChars >= BATCH_CHARS || batch.length >= BATCH_TEXTS) flushBatch();
        if (performance.now() >= end) return true;
      }
      node = walker.nextNode();
    }
    return false;
  }

  function visitElement(el) {
    if (el.shadowRoot && !observed.has(el.shadowRoot)) {
      observe(el.shadowRoot);
      enqueueRoot(el.shadowRoot);
    }
    const attrs = el.attributes;
    if (!attrs || attrs.length === 0) return;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i];
      const name = a.name;
      if (!(ATTRS.has(name) || name.startsWith('data-'))) continue;
      const v = a.value;
      if (v.length < MIN_LEN || v.length > 4096 || !CANDIDATE.test(v)) continue;
      pushText({ kind: 'attr', el, attr: name, text: v });
    }
  }

  function joinsSegment(node) {
    if (!seg) return false;
    let p = node.previousSibling;
    while (p && p.nodeName === 'WBR') p = p.previousSibling;
    return p === seg.nodes[seg.nodes.length - 1];
  }

  function addText(node) {
    const data = node.data;
    if (joinsSegment(node)) {
      seg.nodes.push(node);
      seg.starts.push(seg.raw.length);
      seg.raw += data;
      return;
    }
    finishSegment();
    if (data.length === 0) return;
    seg = { nodes: [node], starts: [0], raw: data };
  }

  function finishSegment() {
    const s = seg;
    seg = null;
    if (!s) return;
    if (s.raw.length < MIN_LEN || s.raw.length > MAX_TEXT) return forget(s.nodes);
    let text = s.raw;
    let map = null;
    if (ZW.test(text)) {
      map = [];
      let out = '';
      for (let i = 0; i < s.raw.length; i++) {
        const c = s.raw[i];
        if (ZW_G.test(c)) {
          ZW_G.lastIndex = 0;
          continue;
        }
        ZW_G.lastIndex = 0;
        out += c;
        map.push(i);
      }
      text = out;
    }
    const win = windows(text);
    if (!win) return forget(s.nodes);
    pushText({ kind: 'text', nodes: s.nodes, starts: s.starts, raw: s.raw, map, text: win.text, wins: win.wins });
  }

  /**
   * Only the runs that could be addresses travel to the background (extension messages
   * are serialised, so 10 MB of prose would cost more to send than to scan): each run of
   * 25+ letters/digits with one character of context on each side (the scanner looks at
   * the neighbours: '+', '=' and a 'bitcoincash:' prefix), joined by spaces.
   * Returns {text, wins: [[sentStart, textStart, length]...] | null} or null.
   */
  function windows(text) {
    const spans = [];
    const n = text.length;
    // Skip scan (as src/scan.rs does): no address is shorter than MIN_LEN, so probe the
    // character MIN_LEN-1 ahead; a delimiter there rules out every run starting before it.
    // On prose this reads about one character in three; a regex reads them all.
    let i = 0;
    while (i + MIN_LEN <= n) {
      const p = i + MIN_LEN - 1;
      if (!alnum(text.charCodeAt(p))) {
        i = p + 1;
        continue;
      }
      let a = p;
      while (a > i && alnum(text.charCodeAt(a - 1))) a--;
      let b = p + 1;
      while (b < n && alnum(text.charCodeAt(b))) b++;
      i = b;
      if (b - a < MIN_LEN) continue;
      a = a === 0 ? 0 : text[a - 1] === ':' ? Math.max(0, a - 13) : a - 1;
      b = Math.min(text.length, b + 1);
      const last = spans[spans.length - 1];
      if (last && a <= last[1]) last[1] = b;
      else spans.push([a, b]);
    }
    if (!spans.length) return null;
    if (spans.length === 1 && spans[0][0] === 0 && spans[0][1] === text.length) return { text, wins: null };
    let out = '';
    const wins = [];
    for (const [a, b] of spans) {
      if (out) out += ' ';
      wins.push([out.length, a, b - a]);
      out += text.slice(a, b);
    }
    return { text: out, wins };
  }

  function alnum(c) {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  }

  /** Offset in the text we sent -> offset in the (cleaned) segment text. */
  function sentToText(item, i, isEnd) {
    if (!item.wins) return i;
    for (const [c, t0, len] of item.wins) {
      if (isEnd ? i > c && i <= c + len : i >= c && i < c + len) return t0 + (i - c);
    }
    return -1;
  }

  /** Text that no longer holds a candidate loses the records it had. */
  function forget(nodes) {
    for (const n of nodes) {
      if (byNode.has(n)) {
        dropRecordsOf(n);
        scheduleReposition();
      }
    }
  }

  function pushText(item) {
    batch.push(item);
    batchChars += item.text.length;
    if (batch.length >= BATCH_TEXTS || batchChars >= BATCH_CHARS) flushBatch();
  }

  function flushBatch() {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    batchChars = 0;
    scanItems(items, 0);
  }

  // The background may be starting up (or restarting after eviction): retry a few times.
  function scanItems(items, attempt) {
    pendingScans++;
    send({ type: 'scan', texts: items.map((i) => i.text) })
      .then((res) => {
        if (!res || !Array.isArray(res.results)) throw new Error((res && res.error) || 'no answer');
        applyResults(items, res.results);
      })
      .catch((e) => {
        if (attempt < 4 && !paused) setTimeout(() => scanItems(items, attempt + 1), 250 * 2 ** attempt);
        else console.debug('Sightline: scan failed', e);
      })
      .finally(() => {
        pendingScans--;
      });
  }

  function send(msg) {
    try {
      return chrome.runtime.sendMessage(msg);
    } catch (e) {
      // The extension was reloaded or updated under this page: stop quietly.
      return Promise.reject(e);
    }
  }

  // ---------------------------------------------------------------- results -> records
  function rawIndex(item, i, isEnd) {
    if (!item.map) return i;
    if (isEnd) return i === 0 ? 0 : item.map[i - 1] + 1;
    return item.map[i];
  }

  function locate(item, rawIdx, isEnd) {
    const { nodes, starts } = item;
    let k = nodes.length - 1;
    while (k > 0 && (isEnd ? starts[k] >= rawIdx : starts[k] > rawIdx)) k--;
    return [nodes[k], rawIdx - starts[k]];
  }

  function dropRecordsOf(node) {
    const list = byNode.get(node);
    if (!list) return;
    for (const r of list) removeRecord(r);
    byNode.delete(node);
  }

  function removeRecord(r) {
    records.delete(r);
    flagged.delete(r);
    const l = byElement.get(r.el);
    if (l) {
      const i = l.indexOf(r);
      if (i >= 0) l.splice(i, 1);
    }
  }

  function addRecord(r) {
    records.add(r);
    let l = byElement.get(r.el);
    if (!l) byElement.set(r.el, (l = []));
    l.push(r);
    if (r.hit.sanctioned && !dismissed[r.hit.address]) flagged.add(r);
  }

  function applyResults(items, results) {
    let drew = false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const hits = results[i];
      if (item.kind === 'text') {
        // The page may have changed the text since it was sent: then a mutation will bring it back.
        let now = '';
        for (const n of item.nodes) now += n.data;
        if (now !== item.raw || !item.nodes[0].isConnected) continue;
        dropRecordsOf(item.nodes[0]);
        if (!Array.isArray(hits) || hits.length === 0) continue;
        const el = item.nodes[0].parentElement;
        const mine = [];
        for (const hit of hits) {
          const ts = sentToText(item, hit.start, false);
          const te = sentToText(item, hit.end, true);
          if (ts < 0 || te < 0) continue;
          const [sn, so] = locate(item, rawIndex(item, ts, false), false);
          const [en, eo] = locate(item, rawIndex(item, te, true), true);
          if (so > sn.length || eo > en.length) continue;
          // Positions, not a live Range: every live Range is updated by the browser on
          // each DOM mutation, and 10,000 of them slow down the page's own updates.
          const r = { kind: 'text', hit, sn, so, en, eo, el, node: item.nodes[0] };
          addRecord(r);
          mine.push(r);
          if (flagged.has(r)) drew = true;
        }
        byNode.set(item.nodes[0], mine);
      } else {
        const el = item.el;
        const old = byElement.get(el);
        if (old) for (const r of old.slice()) if (r.kind === 'attr' && r.attr === item.attr) removeRecord(r);
        if (!Array.isArray(hits) || hits.length === 0 || !el.isConnected) continue;
        const shown = (el.textContent || '').toLowerCase();
        for (const hit of hits) {
          // Shown in full as text already: the text record covers it.
          if (shown.includes(hit.address.toLowerCase())) continue;
          const r = { kind: 'attr', hit, el, attr: item.attr };
          addRecord(r);
          if (flagged.has(r)) drew = true;
        }
      }
    }
    if (drew) scheduleRepositionSoon();
    scheduleReport();
  }

  // ---------------------------------------------------------------- overlay (one closed shadow root)
  let host = null;
  let shadow = null;
  let layer = null;
  let card = null;
  let cardFor = null;
  let banner = null;

  const CSS = `
:host { all: initial !important; }
* { box-sizing: border-box; }
.layer { position: fixed; inset: 0; pointer-events: none; overflow: visible; }
.hl { position: fixed; outline: 2px solid #d0021b; outline-offset: 1px; border-radius: 2px; background: rgba(208,2,27,0.08); pointer-events: none; }
.badge { position: fixed; pointer-events: auto; cursor: help; font: 700 10px/14px system-ui, sans-serif; color: #fff; background: #d0021b; border-radius: 7px; padding: 0 5px; white-space: nowrap; border: 0; margin: 0; box-shadow: 0 1px 2px rgba(0,0,0,.3); }
.badge.user { background: #b06000; }
.badge:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
.card { position: fixed; pointer-events: auto; max-width: 380px; min-width: 240px; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; background: #fff; border: 1px solid #c9ccd1; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 10px 12px; z-index: 2; text-align: left; }
.card.sanctioned { border-color: #d0021b; border-width: 1px 1px 1px 5px; }
.card.clear { border-left: 5px solid #1e8e3e; }
.card .title { font-weight: 700; margin: 0 0 4px; }
.sr { position: fixed; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.card.sanctioned .title { color: #b00016; }
.card.clear .title { color: #137333; }
.card.clear.stale { border-left-color: #e37400; }
.card.clear.stale .title { color: #8a4b00; }
.field.clear.stale { background: #fef7e0; color: #8a4b00; border-color: #f9ab00; }
.card .addr { font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; margin: 0 0 4px; }
.card .chains { color: #5f6368; font-size: 12px; margin: 0 0 6px; }
.card dl { margin: 6px 0 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; font-size: 12px; }
.card dt { color: #5f6368; }
.card dd { margin: 0; word-break: break-word; }
.card a { color: #1a56c4; }
.card .user { margin-top: 6px; font-size: 12px; padding: 4px 6px; background: #fff4e5; border-radius: 4px; }
.card .note { margin-top: 6px; font-size: 12px; color: #5f6368; }
.card button, .banner button { font: inherit; font-size: 12px; margin-top: 8px; padding: 3px 8px; border-radius: 4px; border: 1px solid #c9ccd1; background: #f6f7f8; color: inherit; cursor: pointer; }
.field { position: fixed; pointer-events: auto; max-width: 320px; font: 12px/1.35 system-ui, sans-serif; padding: 5px 8px; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,.15); }
.field.sanctioned { background: #fce8e6; color: #a50e0e; border: 1px solid #d0021b; font-weight: 600; }
.field.clear { background: #e6f4ea; color: #137333; border: 1px solid #81c995; }
.banner { position: fixed; top: 12px; left: 50%; transform: translateX(-50%); pointer-events: auto; width: min(640px, calc(100vw - 24px)); font: 14px/1.4 system-ui, sans-serif; background: #d0021b; color: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 8px 28px rgba(0,0,0,.3); z-index: 3; }
.banner strong { display: block; font-size: 15px; margin-bottom: 4px; }
.banner .addr { font: 12px ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.banner button { background: #fff; color: #a50e0e; border: 0; font-weight: 600; }
@media (prefers-color-scheme: dark) {
  .card { color: #e8eaed; background: #202124; border-color: #5f6368; box-shadow: 0 6px 24px rgba(0,0,0,.6); }
  .card.sanctioned { border-color: #f28b82; }
  .card.sanctioned .title { color: #f28b82; }
  .card.clear { border-left-color: #81c995; }
  .card.clear .title { color: #81c995; }
  .card.clear.stale { border-left-color: #fdd663; }
  .card.clear.stale .title, .field.clear.stale { color: #fdd663; }
  .field.clear.stale { background: #3a2e05; border-color: #8a6d00; }
  .card .chains, .card dt, .card .note { color: #9aa0a6; }
  .card a { color: #8ab4f8; }
  .card .user { background: #3c2f16; }
  .card button { background: #303134; border-color: #5f6368; }
  .field.sanctioned { background: #3c1414; color: #f28b82; border-color: #f28b82; }
  .field.clear { background: #0f2a17; color: #81c995; border-color: #2d6a3e; }
  .hl { outline-color: #ff5c6c; background: rgba(255,92,108,0.12); }
}
`;

  function ensureHost() {
    if (host && host.isConnected) return;
    if (!host) {
      host = document.createElement(HOST_TAG);
      for (const [k, v] of [['all', 'initial'], ['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'], ['z-index', '2147483647'], ['pointer-events', 'none'], ['display', 'block'], ['overflow', 'visible']]) {
        host.style.setProperty(k, v, 'important');
      }
      shadow = host.attachShadow({ mode: 'closed' });
      let styled = false;
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
        styled = true;
      } catch {}
      if (!styled) {
        const st = document.createElement('style');
        st.textContent = CSS;
        shadow.appendChild(st);
      }
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

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function mark(e, hit) {
    e.setAttribute('data-sightline-address', hit.address);
    e.setAttribute('data-sightline-verdict', hit.sanctioned ? 'sanctioned' : 'clear');
    return e;
  }

  // ---------------------------------------------------------------- highlights
  // Page mutations and new results reposition at most 4 times a second: each reposition
  // costs one layout of the page, and a page that keeps adding rows would otherwise pay it
  // every frame. Scroll and resize reposition in the next frame.
  let soonTimer = 0;
  let lastReposition = -1e9;
  let lastRepositionCost = 0;
  function scheduleRepositionSoon() {
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
  function scheduleReposition() {
    if (rafPending) return;
    rafPending = true;
    requestAnimationFrame(() => {
      rafPending = false;
      lastReposition = performance.now();
      reposition();
      lastRepositionCost = performance.now() - lastReposition;
    });
  }

  /** A fresh Range over a text record, or null when its text is gone or changed. */
  function rangeOf(r) {
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

  function rectsOf(r) {
    if (r.kind === 'text') {
      const range = rangeOf(r);
      if (!range) return null;
      return Array.from(range.getClientRects()).filter((x) => x.width > 0 && x.height > 0);
    }
    if (!r.el.isConnected) return null;
    return Array.from(r.el.getClientRects()).filter((x) => x.width > 0 && x.height > 0);
  }

  // All geometry is read first, then all positions written: a write between two reads
  // would force a fresh layout of the page for every record (seen: 1.4 s on a page adding
  // 20,000 rows).
  function reposition() {
    if (flagged.size === 0 && !card && fieldBoxes.size === 0 && !banner) {
      if (layer) layer.replaceChildren();
      return;
    }
    const vw = innerWidth;
    const vh = innerHeight;
    const docW = document.documentElement.clientWidth || vw;
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
    const fields = [];
    for (const [field, box] of fieldBoxes) {
      if (!field.isConnected) {
        fieldBoxes.delete(field);
        continue;
      }
      fields.push([field, box, field.getBoundingClientRect(), box.offsetWidth || 240]);
    }
    // Write.
    const frag = [];
    for (const [r, visible] of marks) {
      if (!r.box) r.box = [];
      while (r.box.length < visible.length) r.box.push(mark(el('div', 'hl'), r.hit));
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
    if (frag.length || card || fieldBoxes.size || banner) ensureHost();
    if (!layer) return;
    for (const [, box, fr, w] of fields) {
      if (fr.right + 8 + w <= docW) place(box, fr.right + 8, fr.top);
      else place(box, Math.max(4, Math.min(fr.left, docW - w - 4)), fr.bottom + 4);
      frag.push(box);
    }
    if (card) frag.push(card);
    if (banner) frag.push(banner);
    // Touch the shadow tree only when the set of drawn elements changed.
    const kids = layer.children;
    let same = kids.length === frag.length;
    for (let i = 0; same && i < frag.length; i++) same = kids[i] === frag[i];
    if (!same) layer.replaceChildren(...frag);
    // The card and the banner measure themselves (one layout, only while one is shown).
    if (card) placeCard();
    if (banner) placeBanner();
  }

  /** Sets position (and size) only when it changed: style writes invalidate layout. */
  function place(e, left, top, width, height) {
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

  function makeBadge(r) {
    const official = r.hit.matches.some(isOfficial);
    const b = mark(el('button', `badge${official ? '' : ' user'}`, t(official ? 'badgeSanctioned' : 'badgeUserList')), r.hit);
    b.type = 'button';
    // The accessible name starts with the visible text (WCAG 2.5.3); a hit from the user's
    // own list is never called "sanctioned".
    const listName = official ? '' : ((r.hit.matches[0] && r.hit.matches[0].source) || '').replace(/^your list: /, '');
    b.setAttribute('aria-label', official ? t('badgeAria', [r.hit.address]) : t('badgeAriaUser', [r.hit.address, listName]));
    b.addEventListener('mouseenter', () => showCard(r));
    b.addEventListener('mouseleave', () => hideCardSoon());
    b.addEventListener('focus', () => showCard(r));
    b.addEventListener('blur', () => hideCardSoon());
    b.addEventListener('click', () => showCard(r));
    return b;
  }

  // ---------------------------------------------------------------- hover card
  let hideTimer = 0;
  let cardRect = null;

  function anchorRect(r, x, y) {
    const rects = rectsOf(r) || [];
    if (x != null) {
      const inside = rects.find((q) => x >= q.left && x <= q.right && y >= q.top && y <= q.bottom);
      if (inside) return inside;
    }
    return rects[0] || null;
  }

  function showCard(r, x, y) {
    clearTimeout(hideTimer);
    const anchor = anchorRect(r, x, y);
    if (!anchor) return;
    cardRect = anchor;
    if (cardFor === r && card) {
      scheduleReposition();
      return;
    }
    cardFor = r;
    card = buildCard(r.hit);
    announce(r.hit, card);
    scheduleReposition();
  }

  // The card's title and, for a hit, who is listed: "On the OFAC SDN sanctions list: LAZARUS
  // GROUP (DPRK3), 0x098b…". Assertive for a hit, polite for a clear address.
  let announcer = null;
  let announceTimer = 0;
  function announce(hit, c) {
    if (!announcer) return;
    const title = c.querySelector('.title');
    const who = hit.matches.map((m) => [m.name, (m.programs || []).join(', ')].filter(Boolean).join(' ')).filter(Boolean);
    const text = [title ? title.textContent : '', who.join('; '), hit.address].filter(Boolean).join(' — ');
    announcer.setAttribute('aria-live', hit.sanctioned ? 'assertive' : 'polite');
    announcer.setAttribute('role', hit.sanctioned ? 'alert' : 'status');
    announcer.textContent = '';
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => (announcer.textContent = text), 50); // a change, even for the same text
  }

  function hideCardSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideCard, 250);
  }

  function hideCard() {
    clearTimeout(hideTimer);
    if (!card) return;
    card = null;
    cardFor = null;
    cardRect = null;
    scheduleReposition();
  }

  /** A match from the official set (user lists come back as "your list: <name>"). */
  function isOfficial(m) {
    return m.sdn_uid != null || !/^your list: /.test(m.source || '');
  }

  function buildCard(hit) {
    const c = mark(el('div', `card ${hit.sanctioned ? 'sanctioned' : 'clear'}`), hit);
    c.id = 'sightline-card';
    c.setAttribute('role', 'tooltip');
    const ofac = hit.matches.filter(isOfficial);
    const user = hit.matches.filter((m) => !ofac.includes(m));
    let title;
    if (ofac.length) title = t('cardSanctioned');
    else if (user.length) title = t('cardUserListed');
    else title = clearText('cardClear', 'cardClearStale');
    if (!ofac.length && !user.length && listAge()?.stale) c.classList.add('stale');
    c.appendChild(el('p', 'title', title));
    c.appendChild(el('p', 'addr', hit.address));
    // A Solana token account: flagged as its listed owner's, and said so.
    if (hit.tokenAccountOf) c.appendChild(el('p', 'note', t('cardTokenAccount', [(ofac[0] && ofac[0].name) || '', hit.tokenAccountOf.token, hit.tokenAccountOf.owner])));
    c.appendChild(el('p', 'chains', hit.chains.map((id) => CHAIN_NAMES[id] || id).join(' · ') + (hit.kind ? ` (${hit.kind})` : '')));
    for (const m of ofac) {
      const dl = el('dl');
      const row = (k, v) => {
        if (v == null || v === '' || (Array.isArray(v) && !v.length)) return;
        dl.appendChild(el('dt', null, t(k)));
        dl.appendChild(el('dd', null, Array.isArray(v) ? v.join(', ') : String(v)));
      };
      row('cardEntity', m.name);
      row('cardUid', m.sdn_uid);
      row('cardPrograms', m.programs);
      row('cardListedUnder', m.listed_under);
      row('cardDesignated', m.designated);
      row('cardList', `${m.source} (${m.source_date})`);
      c.appendChild(dl);
      if (m.sdn_uid != null) {
        const a = el('a', null, t('cardOfacLink'));
        a.href = OFAC_ENTRY + encodeURIComponent(String(m.sdn_uid));
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        const p = el('p', 'note');
        p.appendChild(a);
        c.appendChild(p);
      }
    }
    for (const m of user) c.appendChild(el('p', 'user', t('cardUserList', [(m.source || '').replace(/^your list: /, ''), m.name || ''])));
    if (hit.sanctioned) {
      if (dismissed[hit.address]) {
        c.appendChild(el('p', 'note', t('cardDismissed')));
      } else {
        const b = el('button', null, t('cardDismiss'));
        b.type = 'button';
        b.addEventListener('click', () => dismiss(hit));
        c.appendChild(b);
      }
    }
    c.addEventListener('mouseenter', () => clearTimeout(hideTimer));
    c.addEventListener('mouseleave', () => hideCardSoon());
    return c;
  }

  function placeCard() {
    if (!card || !cardRect) return;
    const a = cardFor ? anchorRect(cardFor, cardRect.left + 1, cardRect.top + 1) || cardRect : cardRect;
    cardRect = a;
    const vw = document.documentElement.clientWidth || innerWidth;
    const vh = innerHeight;
    card.style.visibility = 'hidden';
    card.style.left = '0px';
    card.style.top = '0px';
    if (!card.isConnected) layer.appendChild(card);
    const w = card.offsetWidth;
    const h = card.offsetHeight;
    const gap = 6;
    let top;
    const below = vh - a.bottom - gap;
    const above = a.top - gap;
    if (h <= below) top = a.bottom + gap;
    else if (h <= above) top = a.top - gap - h;
    else top = below >= above ? a.bottom + gap : Math.max(0, a.top - gap - h);
    const left = Math.max(4, Math.min(a.left, vw - w - 4));
    card.style.left = `${left}px`;
    card.style.top = `${top}px`;
    card.style.visibility = 'visible';
  }

  function recordsAt(target, x, y) {
    for (let e = target, depth = 0; e && depth < 6; e = e.parentElement, depth++) {
      const list = byElement.get(e);
      if (!list || !list.length) continue;
      for (const r of list) {
        if (r.kind === 'attr') return r;
        const range = rangeOf(r);
        const rects = range ? range.getClientRects() : [];
        for (const q of rects) if (x >= q.left - 1 && x <= q.right + 1 && y >= q.top - 1 && y <= q.bottom + 1) return r;
      }
    }
    return null;
  }

  let lastMove = null;
  let moveRaf = false;
  function onMove(e) {
    if (paused || records.size === 0) return;
    lastMove = { x: e.clientX, y: e.clientY, target: e.composedPath ? e.composedPath()[0] : e.target };
    if (moveRaf) return;
    moveRaf = true;
    requestAnimationFrame(() => {
      moveRaf = false;
      const m = lastMove;
      if (!m || m.target === host) return;
      const target = m.target && m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target && m.target.parentElement;
      const r = target ? recordsAt(target, m.x, m.y) : null;
      if (r) showCard(r, m.x, m.y);
      else if (card) hideCardSoon();
    });
  }

  function onFocusIn(e) {
    if (paused || records.size === 0) return;
    const target = e.composedPath ? e.composedPath()[0] : e.target;
    if (!target || target === host || target.nodeType !== Node.ELEMENT_NODE) return;
    let r = null;
    const own = byElement.get(target);
    if (own && own.length) r = own[0];
    else {
      const kids = target.querySelectorAll ? target.querySelectorAll('*') : [];
      for (let i = 0; i < kids.length && i < 50 && !r; i++) {
        const l = byElement.get(kids[i]);
        if (l && l.length) r = l[0];
      }
    }
    if (r) showCard(r);
  }

  function onFocusOut(e) {
    if (card && e.target !== host) hideCardSoon();
  }

  function onKey(e) {
    if (e.key === 'Escape' && card) hideCard();
  }

  async function dismiss(hit) {
    const { dismissed: d } = await chrome.storage.local.get('dismissed');
    const next = d && typeof d === 'object' ? { ...d } : {};
    next[hit.address] = { at: Date.now(), name: (hit.matches[0] && hit.matches[0].name) || '', chains: hit.chains };
    await chrome.storage.local.set({ dismissed: next });
  }

  // ---------------------------------------------------------------- form fields
  const fieldBoxes = new Map();
  const fieldTimers = new WeakMap();

  function fieldOf(target) {
    if (!target || target.nodeType !== Node.ELEMENT_NODE) return null;
    if (target.nodeName === 'TEXTAREA') return target;
    if (target.nodeName === 'INPUT') {
      const type = (target.type || 'text').toLowerCase();
      return ['text', 'search', 'url', ''].includes(type) ? target : null;
    }
    if (target.isContentEditable) {
      let e = target;
      while (e.parentElement && e.parentElement.isContentEditable) e = e.parentElement;
      return e;
    }
    return null;
  }

  function fieldText(f) {
    const v = f.nodeName === 'INPUT' || f.nodeName === 'TEXTAREA' ? f.value : f.innerText;
    return (v || '').slice(0, MAX_FIELD);
  }

  function onInput(e) {
    if (paused) return;
    const f = fieldOf(e.composedPath ? e.composedPath()[0] : e.target);
    if (!f) return;
    clearTimeout(fieldTimers.get(f));
    fieldTimers.set(f, setTimeout(() => checkField(f, false), 120));
  }

  function onPaste(e) {
    if (paused) return;
    const f = fieldOf(e.composedPath ? e.composedPath()[0] : e.target);
    if (!f) return;
    const pasted = e.clipboardData ? e.clipboardData.getData('text') : '';
    if (pasted && pasted.length >= MIN_LEN) {
      send({ type: 'scan', texts: [pasted.slice(0, MAX_FIELD)] })
        .then((res) => {
          const hits = (res && res.results && res.results[0]) || [];
          const bad = hits.find((h) => h.sanctioned);
          if (bad) {
            showBanner(bad, f);
            showFieldBox(f, bad);
          }
        })
        .catch(() => {});
    }
    clearTimeout(fieldTimers.get(f));
    fieldTimers.set(f, setTimeout(() => checkField(f, true), 60));
  }

  function checkField(f, pasted) {
    const text = fieldText(f);
    if (text.trim().length < MIN_LEN) {
      clearFieldBox(f);
      return;
    }
    send({ type: 'scan', texts: [text] })
      .then((res) => {
        const hits = (res && res.results && res.results[0]) || [];
        if (!hits.length) return clearFieldBox(f);
        const hit = hits.find((h) => h.sanctioned) || hits[0];
        showFieldBox(f, hit);
        if (pasted && hit.sanctioned) showBanner(hit, f);
      })
      .catch(() => {});
  }

  function showFieldBox(f, hit) {
    const box = mark(el('div', `field ${hit.sanctioned ? 'sanctioned' : 'clear'}`), hit);
    box.setAttribute('role', hit.sanctioned ? 'alert' : 'status');
    const m = hit.matches[0];
    box.textContent = hit.sanctioned ? t('fieldSanctioned', [m ? m.name : '', m ? m.source : '']) : clearText('fieldClear', 'fieldClearStale');
    if (!hit.sanctioned && listAge()?.stale) box.classList.add('stale');
    fieldBoxes.set(f, box);
    ensureHost();
    scheduleReposition();
  }

  function clearFieldBox(f) {
    if (fieldBoxes.delete(f)) scheduleReposition();
  }

  let bannerField = null;

  // Top of the viewport, unless that would cover the field the paste went into.
  function placeBanner() {
    if (!banner.isConnected) layer.appendChild(banner);
    banner.style.top = '12px';
    banner.style.bottom = 'auto';
    if (!bannerField || !bannerField.isConnected) return;
    const f = bannerField.getBoundingClientRect();
    const b = banner.getBoundingClientRect();
    const boxes = [f];
    const note = fieldBoxes.get(bannerField);
    if (note && note.isConnected) boxes.push(note.getBoundingClientRect());
    if (boxes.some((r) => r.top < b.bottom + 8 && r.bottom > b.top)) {
      banner.style.top = 'auto';
      banner.style.bottom = '12px';
    }
  }

  function showBanner(hit, field) {
    bannerField = field || null;
    const b = mark(el('div', 'banner'), hit);
    b.setAttribute('role', 'alert');
    const m = hit.matches[0];
    b.appendChild(el('strong', null, t('bannerTitle')));
    b.appendChild(el('div', null, t('bannerBody', [m ? m.name : '', m ? m.source : '', m ? m.source_date : ''])));
    b.appendChild(el('div', 'addr', hit.address));
    const close = el('button', null, t('bannerClose'));
    close.type = 'button';
    close.addEventListener('click', () => {
      banner = null;
      scheduleReposition();
    });
    b.appendChild(close);
    banner = b;
    ensureHost();
    scheduleReposition();
  }

  // ---------------------------------------------------------------- watching
  const mo = new MutationObserver((muts) => {
    if (host && !host.isConnected) ensureHost(); // removed by the page: back, whatever we draw
    if (paused) return;
    for (const m of muts) {
      if (m.type === 'characterData') {
        if (m.target.parentNode && m.target.parentNode.nodeName !== HOST_TAG.toUpperCase()) {
          const p = m.target.parentNode;
          // Re-walk the parent so <wbr>-joined neighbours stay together.
          enqueueRoot(p.nodeType === Node.ELEMENT_NODE ? p : m.target);
        }
        continue;
      }
      for (const n of m.addedNodes) {
        if (n === host) continue;
        if (n.nodeType === Node.TEXT_NODE) {
          const p = n.parentNode;
          enqueueRoot(p && p.nodeType === Node.ELEMENT_NODE ? p : n);
        } else if (n.nodeType === Node.ELEMENT_NODE) enqueueRoot(n);
      }
    }
    if (flagged.size) scheduleRepositionSoon();
  });

  function observe(root) {
    if (observed.has(root)) return;
    observed.add(root);
    mo.observe(root, { childList: true, subtree: true, characterData: true });
  }

  function resetAll() {
    for (const r of records) {
      r.box = null;
      r.badge = null;
    }
    records.clear();
    flagged.clear();
    fieldBoxes.clear();
    card = null;
    cardFor = null;
    banner = null;
    rootQueue.length = 0;
    queuedRoots.clear();
    walker = null;
    seg = null;
    batch = [];
    batchChars = 0;
    if (layer) layer.replaceChildren();
    if (host && host.isConnected) host.remove();
    scheduleReport();
  }

  function rescanAll() {
    resetAll();
    if (paused) return;
    enqueueRoot(document.documentElement);
  }

  async function loadState() {
    const local = await chrome.storage.local.get(['settings', 'dismissed']);
    const settings = local.settings;
    const po = (settings && Array.isArray(settings.pausedOrigins) && settings.pausedOrigins) || [];
    paused = po.includes(topOrigin);
    dismissed = local.dismissed && typeof local.dismissed === 'object' ? local.dismissed : Object.create(null);
  }

  async function loadListDate() {
    try {
      const res = await send({ type: 'info' });
      if (res && res.info) listDate = res.info.sourceDate || '';
      if (res && Number.isFinite(res.staleAfterDays)) staleAfterDays = res.staleAfterDays;
    } catch {}
  }

  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && (changes.listSequence || changes.dismissed || changes.settings)) {
      loadState().then(() => {
        if (changes.listSequence) loadListDate();
        rescanAll();
      });
    }
  });

  function summarize() {
    const byAddr = new Map();
    for (const r of records) {
      if (r.kind === 'text' && !r.sn.isConnected) continue;
      if (r.kind === 'attr' && !r.el.isConnected) continue;
      if (!byAddr.has(r.hit.address)) {
        const m = r.hit.matches[0];
        byAddr.set(r.hit.address, { address: r.hit.address, chains: r.hit.chains, sanctioned: r.hit.sanctioned, name: m ? m.name : null, dismissed: !!dismissed[r.hit.address] });
      }
    }
    const list = Array.from(byAddr.values());
    list.sort((a, b) => Number(b.sanctioned) - Number(a.sanctioned));
    return { url: location.href, origin: topOrigin, paused, count: list.length, sanctioned: list.filter((x) => x.sanctioned).length, addresses: list.slice(0, 200), busy: pendingScans > 0 || rootQueue.length > 0 };
  }

  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (!msg || msg.type !== 'pageSummary') return false;
    sendResponse(summarize());
    return false;
  });

  // Every frame tells the background what it found, so the popup can count the addresses
  // of the whole tab (iframes included) without the `tabs` permission. Sent at most twice
  // a second, and only by frames that found something (or found something before).
  let reportTimer = 0;
  let reported = 0;
  function scheduleReport() {
    if (reportTimer) return;
    reportTimer = setTimeout(() => {
      reportTimer = 0;
      const sum = summarize();
      if (sum.count === 0 && reported === 0) return;
      reported = sum.count;
      send({ type: 'frameReport', count: sum.count, addresses: sum.addresses }).catch(() => {});
    }, 500);
  }

  function start() {
    ensureHost();
    // A new top document starts a new page: the background forgets the tab's old frames.
    if (window === window.top) send({ type: 'frameReport', reset: true, count: 0, addresses: [] }).catch(() => {});
    observe(document);
    document.addEventListener('mousemove', onMove, { capture: true, passive: true });
    document.addEventListener('focusin', onFocusIn, true);
    document.addEventListener('focusout', onFocusOut, true);
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('input', onInput, true);
    document.addEventListener('paste', onPaste, true);
    addEventListener('scroll', scheduleReposition, { capture: true, passive: true });
    addEventListener('resize', scheduleReposition, { passive: true });
    // Layout can move without a mutation (fonts, images, animations): re-check now and then
    // while something is drawn.
    setInterval(() => {
      if ((flagged.size || card || fieldBoxes.size) && document.visibilityState === 'visible' && performance.now() - lastReposition > 900) scheduleReposition();
    }, 1000);
    enqueueRoot(document.documentElement);
  }

  loadState()
    .catch(() => {})
    .then(() => {
      loadListDate();
      start();
    });
})();
