// TronWeb 6, bundled into /libs/tron.js for the test pages: it builds TRX and TRC-20
// transactions offline (a given blockHeader; txLocal for contract calls).
import { TronWeb } from 'tronweb';
window.__libs = { TronWeb };
