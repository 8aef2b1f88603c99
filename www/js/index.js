// Landing page: shows which list the feed currently publishes and how old it is, from the
// manifest only (no wasm: the checker and the list page verify the bundle itself). Aged as
// the other pages age it, by the later of the list's date and its signing, with its signed
// validity, when the manifest copies them (src/list/feed.rs Manifest); an older manifest
// has the list's date alone.
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
      const time = (...names) => names.map((n) => m[n]).find((v) => typeof v === 'string') ?? null;
      showListAge(age, { source: m.source, sourceDate: date, signedAt: time('signed_at', 'signedAt'), expiresAt: time('expires_at', 'expiresAt') });
      age.hidden = false;
    }
  })
  .catch(() => {});
