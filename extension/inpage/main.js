// Sightline page-world wallet wrapper (world MAIN, document_start, all frames); built into
// dist/*/inpage.js by extension/build.mjs (esbuild, one closure: nothing is left on window).
//
// Wraps the signing and sending methods of wallet providers in place (hook.js), copies each
// such call's arguments once (copy.js), asks wallet-guard.js for a decision over a private
// channel (channel.js), and then forwards the copy, or refuses the way that wallet refuses.
//
//   EVM (evm.js):        window.ethereum, providers[], EIP-6963 announcements.
//   Solana (solana.js):  window.solana, window.phantom.solana, Wallet Standard wallets.
//   Tron (tron.js):      tronWeb.trx / tronLink.tronWeb.trx.
//   Bitcoin (bitcoin.js): unisat, LeatherProvider, btc, XverseProviders.BitcoinProvider, BitcoinProvider.
//
// What this cannot see (README "What Sightline cannot see"): a method reference a page took
// before the wallet was wrapped (between a late injection and the next poll), providers whose
// methods are frozen (a console warning says so), wallets reached through their own
// postMessage protocol (wallet-guard.js shows a notice when it sees one) and SDK wallets that
// never touch window (WalletConnect). Stack traces still show the extension's script URL.
import { W, apply, freeze, now, listen, fire, detailOf, setT, weakSet, wsAdd, wsHas, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, warn } from './intrinsics.js';
import { readProp } from './copy.js';
import { wrapEvm } from './evm.js';
import { wrapSolana, wrapFeatures } from './solana.js';
import { wrapTron } from './tron.js';
import { wrapBtc } from './bitcoin.js';

function scan() {
  const phantom = readProp(W, 'phantom');
  wrapEvm(readProp(W, 'ethereum'));
  wrapEvm(readProp(phantom, 'ethereum'));
  wrapSolana(readProp(phantom, 'solana'));
  wrapSolana(readProp(W, 'solana'));
  wrapTron(readProp(W, 'tronWeb'));
  wrapTron(readProp(readProp(W, 'tronLink'), 'tronWeb'));
  wrapBtc(readProp(W, 'unisat'), 'unisat');
  wrapBtc(readProp(W, 'LeatherProvider'), 'leather');
  wrapBtc(readProp(W, 'btc'), 'leather');
  wrapBtc(readProp(readProp(W, 'XverseProviders'), 'BitcoinProvider'), 'jsonrpc');
  wrapBtc(readProp(W, 'BitcoinProvider'), 'jsonrpc');
}

// ---- Wallet Standard: wallets register through these events; we wrap their `features`.
const stdWallets = weakSet();
function wrapStdWallet(w) {
  if (w === null || typeof w !== 'object' || wsHas(stdWallets, w)) return;
  wsAdd(stdWallets, w);
  let d = null;
  let own = true;
  for (let o = w, i = 0; o && i < 8 && !d; o = getPrototypeOf(o), i++) {
    d = getOwnPropertyDescriptor(o, 'features') || null;
    own = o === w;
  }
  if (!d) return;
  const get = d.get;
  const value = hasOwn(d, 'value') ? d.value : undefined;
  try {
    defineProperty(w, 'features', {
      __proto__: null,
      configurable: true,
      enumerable: own ? d.enumerable : false,
      get() {
        return wrapFeatures(typeof get === 'function' ? apply(get, this, []) : value);
      },
    });
  } catch {
    warn('Sightline: could not wrap a Wallet Standard wallet; its requests are not checked.');
  }
}
const stdApi = freeze({
  __proto__: null,
  register(...wallets) {
    for (let i = 0; i < wallets.length; i++) wrapStdWallet(wallets[i]);
    return () => {};
  },
});
listen(W, 'wallet-standard:register-wallet', (e) => {
  try {
    const cb = detailOf(e);
    if (typeof cb === 'function') apply(cb, undefined, [stdApi]);
  } catch {}
});
try {
  fire('wallet-standard:app-ready', stdApi);
} catch {}

// ---- EIP-6963: every announced provider; ask early announcers to announce again.
listen(W, 'eip6963:announceProvider', (e) => {
  try {
    wrapEvm(readProp(detailOf(e), 'provider'));
  } catch {}
});
const request6963 = () => {
  try {
    fire('eip6963:requestProvider', null);
  } catch {}
};

// ---- discovery: now, at DOMContentLoaded, by a short poll (fast at first), then on user
// input, which comes before any request a user makes. Nothing is defined on window.
scan();
request6963();
listen(W, 'DOMContentLoaded', () => {
  scan();
  request6963();
}, { __proto__: null, once: true });
let tick = 0;
const poll = () => {
  scan();
  tick++;
  if (tick < 200) setT(poll, tick < 40 ? 50 : tick < 100 ? 250 : 1000);
};
setT(poll, 0);
let last = 0;
const onInput = () => {
  const n = now();
  if (!(n - last < 100)) {
    last = n;
    scan();
  }
};
const evs = ['pointerdown', 'keydown', 'focusin'];
for (let i = 0; i < evs.length; i++) listen(W, evs[i], onInput, { __proto__: null, capture: true, passive: true });
