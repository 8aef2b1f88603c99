// sats-connect and bitcoinjs-lib, bundled into /libs/bitcoin.js for the test pages.
import { request } from 'sats-connect';
import * as bitcoin from 'bitcoinjs-lib';
window.__libs = { satsConnect: { request }, bitcoin };
