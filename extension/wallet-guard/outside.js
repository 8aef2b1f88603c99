// "Proceed anyway…" is confirmed in a window of ours (background/confirm.js), not in the
// page: a page can cover or click through anything drawn in it. 'proceed' only if the user
// proceeds there.
import { t } from '../shared/t.js';
import { shownDate } from '../shared/list-age.js';
import { actionText, listName } from '../shared/engine-text.js';

/** The page asking, as the dialogs name it. */
export const originShown = () => (location.origin === 'null' ? location.href.slice(0, 80) : location.origin);

export function confirmOutside(spec) {
  const r = spec.report;
  const bad = r ? r.targets.filter((x) => x.verdict && x.verdict.sanctioned) : [];
  const m0 = bad[0] && bad[0].verdict.matches && bad[0].verdict.matches[0];
  const summary = {
    kind: spec.kind,
    origin: originShown(),
    reason: spec.kind === 'unchecked' ? String(spec.reason || '') : '',
    listOf: r ? t('wallet_list_of', [listName(m0, r), shownDate((m0 && m0.source_date) || r.list_date)]) : '',
    targets: bad.map((x) => ({
      action: actionText(x),
      address: x.verdict.display || x.verdict.canonical || x.address,
      uids: [...new Set((x.verdict.matches || []).map((m) => m.sdn_uid).filter((u) => Number.isSafeInteger(u)))],
      entities: (x.verdict.matches || []).map((m) => m.name),
      programs: [...new Set((x.verdict.matches || []).flatMap((m) => m.programs || []))],
    })),
  };
  return new Promise((resolve) => {
    try {
      chrome.runtime.sendMessage({ type: 'wallet-confirm', summary }, (res) => {
        resolve(!chrome.runtime.lastError && res && res.decision === 'proceed' ? 'proceed' : 'cancel');
      });
    } catch {
      resolve('cancel');
    }
  });
}
