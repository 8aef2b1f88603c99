// Bitcoin: UniSat (sendBitcoin, signPsbt, signPsbts, pushPsbt, sendInscription, sendRunes)
// and request(method, params) / request({method, params}) providers: sats-connect's Xverse
// (XverseProviders.BitcoinProvider, BitcoinProvider), Leather (LeatherProvider, btc).
// Each is refused the way that wallet refuses: UniSat rejects with an error {code: 4001};
// Leather rejects with its JSON-RPC error response ({jsonrpc, id, error: {code: 4001}}: dApps
// read err.error.code); sats-connect providers answer (resolve) a JSON-RPC error response
// (code -32000, USER_REJECTION), which sats-connect's request() turns into {status: 'error'}.
import { create, hasOwn, error } from './intrinsics.js';
import { snapshot, requestText, unreadableText } from './copy.js';
import { hook, guarded, forward } from './hook.js';

const REJECT = 'User rejected the request.';
const UNISAT = ['sendBitcoin', 'signPsbt', 'signPsbts', 'pushPsbt', 'sendInscription', 'sendRunes'];
const RPC = create(null);
const RPC_NAMES = ['sendTransfer', 'signPsbt', 'signPsbts', 'sendBtcTransaction', 'ord_sendInscriptions', 'runes_transfer', 'runes_mint', 'runes_etch'];
for (let i = 0; i < RPC_NAMES.length; i++) RPC[RPC_NAMES[i]] = true;

export function wrapBtc(p, style) {
  if (p === null || typeof p !== 'object') return;
  const rpcError = (code) => ({ __proto__: null, jsonrpc: '2.0', id: null, error: { __proto__: null, code, message: REJECT } });
  const refuse =
    style === 'jsonrpc'
      ? (resolve) => resolve(rpcError(-32000))
      : style === 'leather'
        ? (resolve, reject) => reject(rpcError(4001))
        : (resolve, reject) => reject(error(REJECT, 4001));
  for (let k = 0; k < UNISAT.length; k++) {
    const m = UNISAT[k];
    hook(p, m, (t, self, args) => {
      let a;
      try {
        a = snapshot(args);
      } catch {
        return guarded(unreadableText('bitcoin', m), m, () => forward(t, self, args), refuse);
      }
      return guarded(requestText('bitcoin', m, a), m, () => forward(t, self, a), refuse);
    });
  }
  hook(p, 'request', (t, self, args) => {
    let a;
    try {
      a = snapshot(args);
    } catch {
      return guarded(unreadableText('bitcoin', ''), '', () => forward(t, self, args), refuse);
    }
    const first = a[0];
    const obj = first !== null && typeof first === 'object';
    const method = typeof first === 'string' ? first : obj ? first.method : undefined;
    if (typeof method !== 'string' || !hasOwn(RPC, method)) return forward(t, self, a);
    const params = obj ? first.params : a[1];
    return guarded(requestText('bitcoin', method, params), method, () => forward(t, self, a), refuse);
  });
}
