// Large bytes (the refreshed bundle, the parsed user lists) live in IndexedDB, not in storage.local: storage.local
// holds 10 MiB in all (a bundle over ~7 MB as base64 could never be saved beside the user's
// lists), stores strings, and every write there is copied to all of the extension's
// listeners. One database 'sightline', one object store 'bytes', values are Uint8Arrays.
// The extension's pages share it (same origin), which the tests use.
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
