// The user's settings, read once per worker start and kept in memory: wallet checks and
// page scans read them on every call, and under a flood of page traffic each storage read
// waited behind the tab reports' storage.session writes (a wallet check took 1.4 s).
//
// Settings live in storage.local: paused sites are browsing history, and storage.sync would
// hand them to the browser vendor's sync servers. Settings an older version kept in sync are
// moved once.
export const DEFAULT_SETTINGS = Object.freeze({
  // null = every chain the engine knows.
  chains: null,
  // Origins where the user paused Sightline.
  pausedOrigins: [],
  // Warn about recipients that imitate ones the user sent to before (address poisoning).
  lookalikes: true,
});

let cache = null; // Promise<settings>

async function read() {
  let { settings } = await chrome.storage.local.get('settings');
  if (settings === undefined && chrome.storage.sync) {
    const old = (await chrome.storage.sync.get('settings').catch(() => ({}))).settings;
    if (old && typeof old === 'object') {
      settings = old;
      await chrome.storage.local.set({ settings });
      await chrome.storage.sync.remove('settings').catch(() => {});
    }
  }
  return { ...DEFAULT_SETTINGS, ...(settings && typeof settings === 'object' ? settings : {}) };
}

export function getSettings() {
  if (!cache) cache = read().catch((e) => ((cache = null), Promise.reject(e)));
  return cache;
}

/** Stores `next` (already checked) and uses it at once. */
export async function setSettings(next) {
  await chrome.storage.local.set({ settings: next });
  cache = Promise.resolve(next);
}

// Changed elsewhere (the options page writes through 'settings', tests write storage).
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings) cache = null;
});
