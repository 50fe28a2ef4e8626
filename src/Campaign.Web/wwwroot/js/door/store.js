// What the phone keeps for one door, in IndexedDB: the check-in package, the queue of scans not sent yet and the
// nonces admitted on this phone. Never an address, and a name only in a walk-in added offline, until it is sent. One database per scanner address (named by a hash of
// the path, which for a door link holds its secret), so wiping a door is deleting its database.
// Without IndexedDB (some private modes) everything lives in memory for this page only.

const hashPath = async path => {
  if (crypto.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(path));
    return Array.from(new Uint8Array(digest).slice(0, 16), b => b.toString(16).padStart(2, '0')).join('');
  }
  let h = 0x811c9dc5;
  for (const ch of path) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16);
};

const STORES = ['package', 'queue', 'seen'];

const request = r => new Promise((resolve, reject) => {
  r.onsuccess = () => resolve(r.result);
  r.onerror = () => reject(r.error);
});

export const openStore = async path => {
  const name = 'campaign-door-' + await hashPath(path);
  const memory = Object.fromEntries(STORES.map(s => [s, new Map()]));
  let db = null;
  try {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => STORES.forEach(s => open.result.createObjectStore(s));
    db = await request(open);
  } catch {
    db = null;
  }

  const run = async (store, mode, work) => {
    if (!db) return work(null, memory[store]);
    try {
      const tx = db.transaction(store, mode);
      const done = new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      const result = await work(tx.objectStore(store), null);
      await done;
      return result;
    } catch {
      return work(null, memory[store]);
    }
  };

  return {
    get: (store, key) => run(store, 'readonly', (s, m) => (s ? request(s.get(key)) : m.get(key))),
    put: (store, key, value) => run(store, 'readwrite', (s, m) => (s ? request(s.put(value, key)) : m.set(key, value))),
    delete: (store, key) => run(store, 'readwrite', (s, m) => (s ? request(s.delete(key)) : m.delete(key))),
    values: store => run(store, 'readonly', (s, m) => (s ? request(s.getAll()) : [...m.values()])),
    keys: store => run(store, 'readonly', (s, m) => (s ? request(s.getAllKeys()) : [...m.keys()])),
    /** Deletes everything this door kept on the phone. */
    wipe: async () => {
      Object.values(memory).forEach(m => m.clear());
      if (db) {
        db.close();
        db = null;
        try {
          await request(indexedDB.deleteDatabase(name));
        } catch {
          // Blocked by another tab of this door: that tab wipes it when it closes too.
        }
      }
    },
  };
};
