// @solana/web3.js 1.x and @solana/spl-token, bundled into /libs/solana.js for the test pages.
import * as web3 from '@solana/web3.js';
import * as spl from '@solana/spl-token';
window.__libs = { web3, spl };
