// One wallet request -> the background's check -> 'proceed' | 'cancel':
//   clean             -> proceed at once (no UI);
//   sanctioned        -> the dialog (dialog.js): Cancel, or "Proceed anyway…" confirmed in a
//                        window of ours (outside.js);
//   no answer in 1.5 s, engine error, unreadable request
//                     -> "could not check" dialog: Cancel or continue without the check
//                        (a late clean answer closes it and proceeds by itself).
import { t } from '../shared/t.js';
import { openDialog } from './dialog.js';
import { errorText, preloadReport } from '../shared/engine-text.js';

const CHECK_TIMEOUT_MS = 1500;

function askBackground(text) {
  return new Promise((resolve) => {
    try {
      chrome.runtime.sendMessage({ type: 'wallet-check', request: text }, (res) => {
        const err = chrome.runtime.lastError;
        if (err) resolve({ error: err.message || String(err) });
        else resolve(res || { error: 'no answer' });
      });
    } catch (e) {
      resolve({ error: String((e && e.message) || e) });
    }
  });
}

// TronWeb's sendTransaction/sendToken sign through trx.sign, so one user action is two
// checked requests. Proceeding on the outer one approves its sanctioned addresses for one
// inner Tron sign within 10 s (single use); nothing else is ever let through this way.
const APPROVAL_MS = 10000;
const approved = new Map(); // canonical address -> expiry
const kindOf = (text) => {
  const m = /^\{"family":"(\w{1,16})","method":"([\w:]{0,64})"/.exec(text); // inpage's encoder writes these first
  return m ? m[1] + ':' + m[2] : '';
};
const APPROVES = new Set(['tron:sendTransaction', 'tron:sendToken']);
const USES_APPROVAL = new Set(['tron:sign', 'tron:multiSign']);
const sanctionedOf = (report) => report.targets.filter((x) => x.verdict && x.verdict.sanctioned).map((x) => x.verdict.canonical || x.address);
function takeApproval(kind, report) {
  if (!USES_APPROVAL.has(kind)) return false;
  const now = Date.now();
  const bad = sanctionedOf(report);
  if (!bad.length || !bad.every((a) => approved.get(a) > now)) return false;
  for (const a of bad) approved.delete(a);
  return true;
}

const RECIPIENT_ROLES = new Set(['recipient', 'spender', 'operator', 'counterparty']);
function remember(report) {
  const addresses = report.targets.filter((x) => RECIPIENT_ROLES.has(x.role)).map((x) => (x.verdict && x.verdict.canonical) || x.address).slice(0, 64);
  if (!addresses.length) return;
  try {
    chrome.runtime.sendMessage({ type: 'wallet-sent', addresses }, () => void chrome.runtime.lastError);
  } catch {}
}

/** The user's (or the check's) decision on one request text. */
export function decide(text) {
  return new Promise((resolve) => {
    let settled = false;
    let dialog = null; // the open dialog, if any
    const finish = (d) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (dialog) dialog.close();
      resolve(d);
    };
    const showUnchecked = (reason) => {
      if (settled) return;
      if (dialog) return dialog.setReason(reason);
      dialog = openDialog({ kind: 'unchecked', reason }, finish);
    };
    const timer = setTimeout(() => showUnchecked(t('wallet_unchecked_timeout')), CHECK_TIMEOUT_MS);
    askBackground(text).then((res) => {
      if (settled) return;
      const report = res && res.report;
      if (!report || res.error) return showUnchecked(String((res && res.error) || 'no answer'));
      preloadReport(report);
      if (report.error) return showUnchecked(errorText(report));
      // What the wallet gets, its recipients become known ones (look-alike warnings).
      const sent = (d) => {
        if (d === 'proceed') remember(report);
        finish(d);
      };
      const lookalikes = Array.isArray(report.lookalikes) ? report.lookalikes : [];
      if (!report.sanctioned && !lookalikes.length) return sent('proceed');
      clearTimeout(timer);
      if (dialog) dialog.close();
      if (!report.sanctioned) {
        dialog = openDialog({ kind: 'lookalike', report, lookalikes }, sent);
        return;
      }
      const kind = kindOf(text);
      if (takeApproval(kind, report)) return finish('proceed');
      dialog = openDialog({ kind: 'sanctioned', report }, (d) => {
        if (d === 'proceed' && APPROVES.has(kind)) for (const a of sanctionedOf(report)) approved.set(a, Date.now() + APPROVAL_MS);
        sent(d);
      });
    });
  });
}
