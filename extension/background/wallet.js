// Wallet request checks for the background router: 'wallet-check' {request: JSON text}
// -> {report, ms}. The text comes from a page (through inpage.js and wallet-guard.js), so
// its type and size are checked here again; the engine never throws on its content (an
// unreadable request is a report with `error`).
import { getEngine } from './engine.js';
import { STALE_DAYS } from '../i18n.js';

const MAX_REQUEST_CHARS = 1 << 20;

export const handlers = {
  async 'wallet-check'(msg) {
    if (typeof msg.request !== 'string' || msg.request.length > MAX_REQUEST_CHARS) {
      return { error: 'bad wallet request' };
    }
    const engine = await getEngine();
    const t0 = performance.now();
    const report = engine.checkRequest(msg.request);
    return { report, ms: performance.now() - t0, staleAfterDays: STALE_DAYS };
  },
};
