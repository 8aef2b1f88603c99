// Loads the wasm engine and the published, signed bundle for the site's pages.
// Everything runs in this page: the text you paste is never sent anywhere.
import init, { Engine, listEntries } from '../pkg/sightline.js';

/** A manifest field, whether it sits at the top level or in a `bundle` object. */
export function manifestField(m, ...names) {
  for (const src of [m?.bundle, m]) {
    if (src && typeof src === 'object') {
      for (const n of names) if (src[n] != null) return src[n];
    }
  }
  return undefined;
}

function hex(buf) {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function getBytes(url) {
  const res = await fetch(url, { cache: 'no-store', credentials: 'omit' });
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return new Uint8Array(await res.arrayBuffer());
}

let wasm = null;
function ensureWasm() {
  wasm ??= init({ module_or_path: new URL('../pkg/sightline_bg.wasm', import.meta.url) });
  return wasm;
}

/**
 * Fetches the bundle a feed record ({url, size, sha256, sequence}, from latest.json or
 * history.json) names, relative to `base`, and builds an engine: the wasm checks size,
 * SHA-256, the Ed25519 signature against the pinned publisher key and the sequence
 * (src/list/feed.rs, as the extension does).
 */
export async function engineFor(record, base) {
  await ensureWasm();
  const url = new URL(manifestField(record, 'url', 'path', 'file'), base);
  const bytes = await getBytes(url);
  try {
    return Engine.fromFeedRecord(JSON.stringify(record), bytes);
  } catch (e) {
    throw new Error(`bundle ${url.pathname}: ${e.message || e}`);
  }
}

/** The current published set: {engine, manifest, info}. */
export async function loadLatest() {
  const base = new URL('../feed/latest.json', import.meta.url);
  const res = await fetch(base, { cache: 'no-store', credentials: 'omit' });
  if (!res.ok) throw new Error(`the feed's latest.json could not be read (HTTP ${res.status})`);
  const manifest = await res.json();
  const engine = await engineFor(manifest, base);
  return { engine, manifest, info: engine.info() };
}

/** Earlier bundles (newest first) from feed/history.json, when the site publishes it. */
export async function loadHistory() {
  const base = new URL('../feed/history.json', import.meta.url);
  const res = await fetch(base, { cache: 'no-store', credentials: 'omit' });
  if (!res.ok) return [];
  const h = await res.json();
  const items = Array.isArray(h?.bundles) ? h.bundles : [];
  return items
    .filter((b) => typeof b?.sequence === 'number' && typeof manifestField(b, 'url', 'path') === 'string')
    .sort((a, b) => b.sequence - a.sequence)
    .map((b) => ({ ...b, base }));
}

export { listEntries };

/** Text-only element builder: every string from the list or the user becomes a text node. */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// Shared with the extension, generated from the Rust core (www/build.mjs copies it here).
export { ofacEntryUrl as ofacUrl, chainName } from './facts.js';
