// Tron: TronLink's tronWeb.trx (sign, multiSign, sendTransaction, sendTrx, sendToken).
// The arguments are copied once; the copy is checked and forwarded. TronWeb's
// sendTransaction signs through this.sign: that inner call is checked too, and wallet-guard
// lets it through without a second dialog when it names only addresses the user has just
// approved (a single-use approval, kept in the isolated world).
import { snapshot, readProp, requestText, unreadableText } from './copy.js';
import { hook, guarded, forward } from './hook.js';

const DECLINED = 'Confirmation declined by user'; // what TronLink itself answers
const METHODS = ['sign', 'multiSign', 'sendTransaction', 'sendTrx', 'sendToken'];

export function wrapTron(tw) {
  const trx = readProp(tw, 'trx');
  if (trx === null || typeof trx !== 'object') return;
  for (let k = 0; k < METHODS.length; k++) {
    const m = METHODS[k];
    hook(trx, m, (t, self, args) => {
      const last = args.length ? args[args.length - 1] : undefined;
      const cb = typeof last === 'function' ? last : null;
      const refuse = (resolve, reject) => (cb ? (cb(DECLINED), resolve(undefined)) : reject(DECLINED));
      const name = m === 'sendTrx' ? 'sendTransaction' : m;
      let a;
      try {
        a = snapshot(args);
      } catch {
        const p = guarded(unreadableText('tron', name), name, () => forward(t, self, args), refuse);
        return cb ? undefined : p;
      }
      const params = m === 'sign' || m === 'multiSign' ? [a[0]] : [a[0], a[1], m === 'sendToken' ? a[2] : undefined];
      const p = guarded(requestText('tron', name, params), name, () => forward(t, self, a), refuse);
      return cb ? undefined : p;
    });
  }
}
