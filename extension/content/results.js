// The engine's answers -> records tied to the DOM (text positions or an element's attribute).
import { addRecord, byElement, byNode, dropRecordsOf, flagged, keeps, removeRecord } from './state.js';
import { locate, rawIndex, sentToText } from './text.js';
import { scheduleRepositionSoon } from './overlay.js';
import { scheduleReport } from './report.js';

/**
 * items[i] was sent as texts[i]; results[i] are its hits, {start, end, hit}: UTF-16 spans in
 * the sent text, and the verdict (shared by the occurrences of one address).
 * A text item: {kind:'text', nodes, starts, raw, map, text, wins}; an attribute item:
 * {kind:'attr', el, attr, text}.
 */
export function applyResults(items, results) {
  let drew = false;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const hits = results[i];
    if (item.kind === 'text') drew = applyText(item, hits) || drew;
    else drew = applyAttr(item, hits) || drew;
  }
  if (drew) scheduleRepositionSoon();
  scheduleReport();
}

function applyText(item, hits) {
  // The page may have changed the text since it was sent: then a mutation will bring it back.
  const first = item.nodes[0];
  const none = !Array.isArray(hits) || hits.length === 0;
  if (none && !byNode.has(first)) return false; // the common case: nothing found, nothing to drop
  if (!first.isConnected || !sameText(item)) return false;
  dropRecordsOf(first);
  if (none) return false;
  const el = item.nodes[0].parentElement;
  const mine = [];
  let drew = false;
  for (const { start, end, hit } of hits) {
    const ts = sentToText(item.wins, start, false);
    const te = sentToText(item.wins, end, true);
    if (ts < 0 || te < 0) continue;
    const [sk, so] = locate(item.starts, rawIndex(item.map, ts, false), false);
    const [ek, eo] = locate(item.starts, rawIndex(item.map, te, true), true);
    const sn = item.nodes[sk];
    const en = item.nodes[ek];
    if (so > sn.length || eo > en.length) continue;
    // A shortened display whose full address is on the element is judged by that address.
    if (hit.possible && fullAddressNearby(el, hit)) continue;
    if (!keeps(hit)) continue;
    // Positions, not a live Range: every live Range is updated by the browser on each DOM
    // mutation, and 10,000 of them slow down the page's own updates.
    const r = { kind: 'text', hit, sn, so, en, eo, el, node: item.nodes[0] };
    addRecord(r);
    mine.push(r);
    if (flagged.has(r)) drew = true;
  }
  byNode.set(item.nodes[0], mine);
  return drew;
}

function sameText(item) {
  const nodes = item.nodes;
  if (nodes.length === 1) return nodes[0].data === item.raw;
  let now = '';
  for (const n of nodes) now += n.data;
  return now === item.raw;
}

const FULL_ATTRS = ['href', 'title', 'aria-label', 'value'];

/** Whether `el` or one of its three nearest ancestors carries a full address in an attribute
 * (href, title, data-*) that the shortened `hit` abbreviates. */
function fullAddressNearby(el, hit) {
  const [head, tail] = hit.display.split(/\u2026|\.{2,3}/);
  if (!head || !tail) return false;
  const h = head.toLowerCase();
  const t = tail.toLowerCase();
  for (let e = el, depth = 0; e && depth < 4; e = e.parentElement, depth++) {
    for (const a of e.attributes || []) {
      if (!(FULL_ATTRS.includes(a.name) || a.name.startsWith('data-'))) continue;
      const v = a.value.toLowerCase();
      const i = v.indexOf(h);
      if (i >= 0 && v.indexOf(t, i + h.length + 8) > 0) return true;
    }
  }
  return false;
}

function applyAttr(item, hits) {
  const el = item.el;
  const old = byElement.get(el);
  if (old) for (const r of old.slice()) if (r.kind === 'attr' && r.attr === item.attr) removeRecord(r);
  if (!Array.isArray(hits) || hits.length === 0 || !el.isConnected) return false;
  const shown = (el.textContent || '').toLowerCase();
  let drew = false;
  for (const { hit } of hits) {
    // Shown in full as text already: the text record covers it.
    if (shown.includes(hit.address.toLowerCase())) continue;
    if (!keeps(hit)) continue;
    const r = { kind: 'attr', hit, el, attr: item.attr };
    addRecord(r);
    if (flagged.has(r)) drew = true;
  }
  return drew;
}
