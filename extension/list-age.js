// A list date (YYYY-MM-DD) as the UI language writes it, and its age: shared by the two
// isolated-world scripts (wallet-guard.js, content.js), which run in one world per frame.
// The isolated world's globals are not the page's: nothing here is visible to it.
(() => {
  'use strict';
  if (globalThis.sightlineListAge) return;
  const DAY = 86400000;
  /** {days, shown, stale} for `ymd`, or null when it is not a date. */
  function listAge(ymd, staleAfterDays) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd || '');
    if (!m) return null;
    const then = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    const days = Math.max(0, Math.floor((Date.now() - then) / DAY));
    let shown = ymd;
    try {
      shown = new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(then);
    } catch {}
    return { days, shown, stale: days > staleAfterDays };
  }
  globalThis.sightlineListAge = Object.freeze(listAge);
})();
