// Wallet request checks for the background router: 'wallet-check' {request: JSON text}
// -> {report, ms}. The text comes from a page (through inpage.js and wallet-guard.js), so
// its type and size are checked here again; the engine never throws on its content (an
// unreadable request is a report with `error`).
import { getEngine } from './engine.js';
import { MAX_REQUEST_BYTES } from '../shared/facts.js';

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
    return { report, ms: performance.now() - t0 };
  },
};
