// Wallet request checks for the background router: 'wallet-check' {request: JSON text}
// -> {report, ms}. The text comes from a page (through inpage.js and wallet-guard.js), so
// its type and size are checked here again; the engine never throws on its content (an
// unreadable request is a report with `error`).
import { getEngine, listDates } from './engine.js';
import { MAX_REQUEST_BYTES } from '../shared/facts.js';
import * as recipients from './recipients.js';
import { getSettings } from './settings.js';

/** Whether the user wants look-alike warnings (Options; on unless turned off). */
const lookalikesOn = async () => (await getSettings()).lookalikes !== false;
const isAddressList = (v) => Array.isArray(v) && v.length <= 64 && v.every((a) => typeof a === 'string' && a.length <= 128);

// UTF-16 units: never fewer than the text's UTF-8 bytes, so nothing the engine would take
// (MAX_REQUEST_BYTES, in bytes) is refused here.
const MAX_REQUEST_CHARS = MAX_REQUEST_BYTES;

export const handlers = {
  async 'wallet-check'(msg) {
    if (typeof msg.request !== 'string' || msg.request.length > MAX_REQUEST_CHARS) {
      return { error: 'bad wallet request' };
    }
    const engine = await getEngine();
    const t0 = performance.now();
    const report = engine.checkRequest(msg.request);
    report.list_info = listDates(engine); // the dialog ages the list by these (list-age.js)
    // Address poisoning: a recipient that imitates one the user sent to before.
    if (!report.error && (await lookalikesOn())) {
      const found = await recipients.lookalikes(report);
      if (found.length) report.lookalikes = found;
    }
    return { report, ms: performance.now() - t0 };
  },

  // The request went to the wallet: its recipients become known ones.
  async 'wallet-sent'(msg) {
    if (!isAddressList(msg.addresses)) return { error: 'bad addresses' };
    if (!(await lookalikesOn())) return { ok: true, recorded: 0 };
    return { ok: true, recorded: await recipients.remember(msg.addresses) };
  },

  // A send field's address: does it imitate a known recipient?
  async lookalike(msg) {
    if (typeof msg.address !== 'string' || msg.address.length > 128) return { error: 'bad address' };
    if (!(await lookalikesOn())) return { like: null };
    return { like: await recipients.lookalikeOf(msg.address) };
  },

  async 'recipients-status'() {
    return { count: await recipients.count() };
  },

  async 'recipients-clear'() {
    await recipients.clear();
    return { ok: true };
  },
};
