// Landing page: shows which list the feed currently publishes (the manifest only; no wasm).
import { manifestField } from './feed.js';

const line = document.getElementById('list-line');
fetch('feed/latest.json', { cache: 'no-store', credentials: 'omit' })
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
  .then((m) => {
    const date = m.source_date ?? m.sourceDate;
    const seq = manifestField(m, 'sequence');
    const count = m.entries ?? m.entry_count ?? m.entryCount;
    const parts = [`Current list: ${m.source || 'OFAC SDN list'}${date ? ` of ${date}` : ''}`];
    if (typeof count === 'number') parts.push(`${count} listings`);
    if (seq != null) parts.push(`bundle #${seq}`);
    line.textContent = parts.join(', ') + '.';
  })
  .catch(() => {});
