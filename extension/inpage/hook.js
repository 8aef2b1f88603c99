// Wrapping a wallet's methods in place, and running a checked call.
//
// hook(obj, name, handler) wraps the method wherever it is found: as an own property and on
// every prototype up the chain that holds one (class-based providers), so
// `Object.getPrototypeOf(ethereum).request.call(ethereum, tx)` and `delete ethereum.request`
// reach the wrapper too. A Proxy of the original function is set as a data property;
// window.ethereum and the provider object are never replaced or frozen. Object.prototype and
// Function.prototype are never touched. The Proxy handler has a null prototype, so a page
// that defines `Object.prototype.get` does not turn it into a trap.
import { P, ProxyC, apply, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, ObjectProto, FunctionProto, weakSet, wsAdd, wsHas, warn } from './intrinsics.js';
import { ask, forwarded } from './channel.js';

const wrappers = weakSet(); // our proxies
let forwarding = 0; // > 0 while a decided call runs its original synchronously

function wrapAt(o, name, d, handler) {
  const orig = d.value;
  if (typeof orig !== 'function' || wsHas(wrappers, orig)) return;
  const proxy = new ProxyC(orig, {
    __proto__: null,
    apply(target, self, args) {
      return forwarding > 0 ? apply(target, self, args) : handler(target, self, args);
    },
  });
  wsAdd(wrappers, proxy);
  try {
    if (d.configurable) {
      defineProperty(o, name, { __proto__: null, value: proxy, writable: true, configurable: true, enumerable: d.enumerable });
    } else if (d.writable) {
      o[name] = proxy;
    } else {
      throw 0;
    }
  } catch {
    warn('Sightline: could not wrap ' + name + ' on a wallet provider; its requests are not checked.');
  }
}

export function hook(obj, name, handler) {
  let o = obj;
  for (let i = 0; o !== null && typeof o === 'object' && i < 8; i++) {
    if (o === ObjectProto || o === FunctionProto) return;
    try {
      const d = getOwnPropertyDescriptor(o, name);
      if (d !== undefined && hasOwn(d, 'value')) wrapAt(o, name, d, handler);
      o = getPrototypeOf(o);
    } catch {
      return;
    }
  }
}

/** Calls the original synchronously, letting its own inner calls to wrapped methods through. */
export function forward(target, self, args) {
  forwarding++;
  try {
    return apply(target, self, args);
  } finally {
    forwarding--;
  }
}

/**
 * A promise of the checked call: asks about `text`, then either runs `send()` (its result,
 * or its promise, is what the dApp gets) or `refuse(resolve, reject)`, the way that wallet
 * refuses. `recheck()`, when given, must return the text again after the decision: a
 * mismatch (the page changed an object forwarded by reference) asks once more, then refuses.
 */
export function guarded(text, method, send, refuse, recheck) {
  return new P((resolve, reject) => {
    let rounds = 0;
    const decide = (d) => {
      if (d !== 'proceed') return refuse(resolve, reject);
      if (recheck) {
        let again;
        try {
          again = recheck();
        } catch {
          again = null;
        }
        if (again !== text) {
          if (++rounds > 1 || again === null) return refuse(resolve, reject);
          text = again;
          return ask(text, decide);
        }
      }
      forwarded(method);
      try {
        resolve(send());
      } catch (e) {
        reject(e);
      }
    };
    ask(text, decide);
  });
}
