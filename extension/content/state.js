// What the content script knows: the user's state for this page, and the records of the
// addresses found (each tied to the DOM it came from). Other modules read and change it
// only through these exports.
export const S = {
  /** The user paused Sightline on this site. */
  paused: false,
  /** Addresses the user said they know: canonical -> {at, name, chains}. */
  dismissed: Object.create(null),
  /** The list's dates ({sourceDate, signedAt, expiresAt}), for clear verdicts; null until known. */
  listInfo: null,
  /** More addresses than MAX_RECORDS: clean ones beyond it are not kept (popup notice). */
  capped: false,
  /** Scan requests in flight, and roots waiting to be walked (the popup shows "busy"). */
  pendingScans: 0,
  queuedRoots: 0,
};

/** Every record: {kind:'text', hit, sn, so, en, eo, el, node} or {kind:'attr', hit, el, attr}. */
export const records = new Set();
/** Element -> records anchored in it (text records: the text node's parent). Replaced, not
 * emptied, when the page is rescanned (a WeakMap cannot be cleared). */
export let byElement = new WeakMap();
/** Text node -> records starting in it (to drop them when the node is rescanned). */
export let byNode = new WeakMap();
/** Sanctioned and not dismissed, or possibly listed (a shortened address): the ones drawn. */
export const flagged = new Set();
/** Canonical address -> its records (possible hits, which are displays, not addresses, are
 * not here): the popup's summary reads one live record an address, not every record. */
export const byAddress = new Map();

/** The origin of the top page (what a pause applies to), also inside iframes. */
export const topOrigin = (() => {
  try {
    const ao = location.ancestorOrigins;
    if (ao && ao.length) return ao[ao.length - 1];
  } catch {}
  return location.origin;
})();

/** Records kept per frame: a page with a million addresses must not cost gigabytes. Past
 * this, only flagged addresses (sanctioned, possible) get records: clean ones lose their
 * hover card, never a warning. */
export const MAX_RECORDS = 50_000;

/** Whether a record for `hit` is kept (false: a clean address on a page over the cap). */
export function keeps(hit) {
  if (records.size < MAX_RECORDS || hit.sanctioned || hit.possible) return true;
  S.capped = true;
  return false;
}

export function addRecord(r) {
  records.add(r);
  let l = byElement.get(r.el);
  if (!l) byElement.set(r.el, (l = []));
  l.push(r);
  if (!r.hit.possible) {
    const a = byAddress.get(r.hit.address);
    if (a) a.push(r);
    else byAddress.set(r.hit.address, [r]);
  }
  if ((r.hit.sanctioned && !S.dismissed[r.hit.address]) || r.hit.possible) flagged.add(r);
}

function without(list, r) {
  if (!list) return;
  const i = list.indexOf(r);
  if (i >= 0) list.splice(i, 1);
}

export function removeRecord(r) {
  records.delete(r);
  flagged.delete(r);
  without(byElement.get(r.el), r);
  const a = byAddress.get(r.hit.address);
  without(a, r);
  if (a && a.length === 0) byAddress.delete(r.hit.address);
}

/** Drops the records that start in text node `node`; true when there were any. */
export function dropRecordsOf(node) {
  const list = byNode.get(node);
  if (!list) return false;
  for (const r of list) removeRecord(r);
  byNode.delete(node);
  return true;
}

export function clearRecords() {
  for (const r of records) {
    r.box = null;
    r.badge = null;
  }
  records.clear();
  flagged.clear();
  byAddress.clear();
  byElement = new WeakMap();
  byNode = new WeakMap();
}

/** A message to the background; rejects when the extension was reloaded under this page. */
export function send(msg) {
  try {
    return chrome.runtime.sendMessage(msg);
  } catch (e) {
    return Promise.reject(e);
  }
}
