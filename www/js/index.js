// Landing page: shows which list the feed currently publishes and how old it is (the
// manifest only, no wasm: the checker and the list page verify the bundle itself, and age
// it by its signing date too).
import { manifestField, showListAge } from './feed.js';

const line = document.getElementById('list-line');
fetch('feed/latest.json', { cache: 'no-store', credentials: 'omit' })
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
  .then((m) => {
    const date = m.source_date ?? m.sourceDate;
    const seq = manifestField(m, 'sequence');
    const count = m.entries ?? m.entry_count ?? m.entryCount;
    const parts = [];
    if (typeof count === 'number') parts.push(`${count} listings`);
    if (seq != null) parts.push(`bundle #${seq} of the signed feed`);
    line.textContent = `Current list: ${parts.length ? parts.join(', ') : `${m.source || 'OFAC SDN list'}`}.`;
    if (date) {
      const age = document.getElementById('list-age');
      showListAge(age, { source: m.source, sourceDate: date });
      age.hidden = false;
    }
  })
  .catch(() => {});
