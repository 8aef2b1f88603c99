// Bypass notice: wallets' page scripts talk to their extension with window.postMessage; a
// signing method seen there that inpage/ did not forward just before means a request
// reached a wallet without passing our wrapper (a page that kept the original `request`).
import { t } from '../shared/t.js';
import { el, showToast } from './dialog.js';

const SIGN = new Set(['eth_sendTransaction', 'wallet_sendTransaction', 'eth_signTransaction', 'eth_sendRawTransaction', 'eth_sendRawTransactionSync', 'wallet_sendCalls', 'eth_signTypedData', 'eth_signTypedData_v1', 'eth_signTypedData_v3', 'eth_signTypedData_v4']);
const forwardedRecently = []; // {method, at}

/** inpage/ says it forwarded `method` to the wallet after our check. */
export function noteForwarded(method) {
  forwardedRecently.push({ method: method.slice(0, 64), at: Date.now() });
  if (forwardedRecently.length > 32) forwardedRecently.shift();
}

function findMethod(v, depth) {
  if (!v || typeof v !== 'object' || depth > 4) return null;
  if (typeof v.method === 'string' && SIGN.has(v.method)) return v.method;
  let n = 0;
  for (const k in v) {
    if (++n > 20) break;
    const m = findMethod(v[k], depth + 1);
    if (m) return m;
  }
  return null;
}

/** Watches the page's messages once the page-world script has said hello (`connected()`). */
export function watchForBypass(connected) {
  let noticeShown = false;
  window.addEventListener('message', (e) => {
    if (e.source !== window || !connected()) return;
    let method;
    try {
      method = findMethod(e.data, 0);
    } catch {
      return;
    }
    if (!method) return;
    const now = Date.now();
    const i = forwardedRecently.findIndex((f) => f.method === method && now - f.at < 5000);
    if (i >= 0) {
      forwardedRecently.splice(i, 1);
      return;
    }
    console.warn(`Sightline: a wallet request (${method}) reached a wallet without passing Sightline's check.`);
    if (noticeShown) return;
    noticeShown = true;
    const toast = el('div', 'toast', t('wallet_bypass'));
    toast.setAttribute('role', 'status');
    toast.dataset.sightlineNotice = 'bypass';
    showToast(toast, 15000);
  });
}
