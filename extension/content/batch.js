// Texts to scan, batched into one 'scan' message each (the background caps a message at
// 2,000 texts and 4 M characters; we stay well below).
import { S, send } from './state.js';
import { applyResults } from './results.js';
import { joinTexts, unpack } from './protocol.js';

const BATCH_TEXTS = 400;
const BATCH_CHARS = 256 * 1024;

let batch = [];
let batchChars = 0;

export function pushText(item) {
  batch.push(item);
  batchChars += item.text.length;
  if (batch.length >= BATCH_TEXTS || batchChars >= BATCH_CHARS) flushBatch();
}

export function flushBatch() {
  if (batch.length === 0) return;
  const items = batch;
  batch = [];
  batchChars = 0;
  scanItems(items, 0);
}



export function dropBatch() {
  batch = [];
  batchChars = 0;
}

// The background may be starting up (or restarting after eviction): retry a few times.
function scanItems(items, attempt) {
  S.pendingScans++;
  send({ type: 'scan', text: joinTexts(items.map((i) => i.text)) })
    .then((res) => {
      const results = unpack(res, items.length);
      if (!results) throw new Error((res && res.error) || 'no answer');
      applyResults(items, results);
    })
    .catch((e) => {
      if (attempt < 4 && !S.paused) setTimeout(() => scanItems(items, attempt + 1), 250 * 2 ** attempt);
      else console.debug('Sightline: scan failed', e);
    })
    .finally(() => {
      S.pendingScans--;
    });
}
