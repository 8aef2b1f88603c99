// Large values (the refreshed bundle, the user's own lists and their parsed cache) live in
// IndexedDB, not in storage.local: storage.local holds 10 MiB in all (a bundle over ~7 MB as
// base64 could never be saved beside the user's lists), stores strings, every write there is
// copied to all of the extension's listeners, and reading a large value back is slow (a
// 150,000-row list's CSV: ~300 ms of a restarted worker's first check). One database
// 'sightline', one object store 'bytes', values are Uint8Arrays or structured-clonable
// objects. The extension's pages share it (same origin): the options page writes the
// user's lists here itself, and the tests read it.
const DB = 'sightline';
const STORE = 'bytes';

let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    }).catch((e) => {
      opening = null;
      throw e;
    });
  }
  return opening;
}

async function run(mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onabort = tx.onerror = () => reject(tx.error || req.error);
  });
}

/** The structured-clonable value (bytes, or an object holding them) under `key`, or null. */
export const getValue = async (key) => (await run('readonly', (s) => s.get(key))) ?? null;
/** Stores `value` under `key` (resolves once durable). */
export const putValue = (key, value) => run('readwrite', (s) => s.put(value, key));

/** The bytes stored under `key`, or null. */
export async function getBytes(key) {
  const v = await getValue(key);
  return v instanceof Uint8Array ? v : v instanceof ArrayBuffer ? new Uint8Array(v) : null;
}

export const deleteBytes = (key) => run('readwrite', (s) => s.delete(key));

// The user's own lists, [{label, csv, importedAt}] as the options page imports them (the
// background reads them, engine.js applyUserLists; content scripts never see them), and
// beside them the id of their current version, written in the same transaction: the parsed
// cache is keyed by it, so a restarted worker need not read the CSV to know it is current.
const USER_LISTS = 'userLists';
const USER_LISTS_ID = 'userListsId';

/** The user's lists ([] when none). */
export async function getUserLists() {
  const v = await getValue(USER_LISTS);
  return Array.isArray(v) ? v : [];
}

/** The stored lists' version id ('' when there are none). */
export async function userListsId() {
  const v = await getValue(USER_LISTS_ID);
  return typeof v === 'string' ? v : '';
}

/** Replaces the user's lists, with a new version id (resolves once durable). */
export const putUserLists = (lists) => run('readwrite', (s) => {
  s.put(lists, USER_LISTS);
  return s.put(lists.length ? crypto.randomUUID() : '', USER_LISTS_ID);
});
