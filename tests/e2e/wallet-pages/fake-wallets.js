// Fake wallet providers for Sightline's wallet e2e tests. Each records every call that
// reaches it in window.__seen: {wallet, method, args (JSON copy), thisOk, t}. Which wallets
// exist, and how they appear, depends on ?mode= (see setup below).
(() => {
  const seen = (window.__seen = []);
  // What the wallet received, copied with built-ins captured before any test attack runs
  // (an attack on Object.prototype.toJSON must not change what we record).
  const { keys } = Object;
  const isU8 = (x) => x instanceof Uint8Array;
  const copy = (v, d = 0) => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function' || v === undefined) return d === 0 ? null : undefined;
    if (v === null || typeof v !== 'object') return v;
    if (isU8(v)) return { u8: Array.from(v) };
    if (Array.isArray(v)) return v.map((x) => copy(x, d + 1) ?? null);
    const o = {};
    for (const k of keys(v)) {
      const x = copy(v[k], d + 1);
      if (x !== undefined) o[k] = x;
    }
    return o;
  };
  const rec = (wallet, method, args, thisOk) => seen.push({ wallet, method, args: copy(args), thisOk, t: performance.now() });

  const USER = '0x5555555555555555555555555555555555555555';
  const mode = new URLSearchParams(location.search).get('mode') || 'eth';

  // EIP-1193 provider with prototype methods (like MetaMask's class-based provider).
  class FakeEvm {
    constructor(name) {
      this.name = name;
      this.isFake = true;
    }
    request(args) {
      rec(this.name, 'request', [args], this instanceof FakeEvm);
      if (args && args.method === 'eth_chainId') return Promise.resolve('0x1');
      // What dApp libraries ask before they send (viem, ethers).
      const reads = { eth_accounts: [USER], eth_requestAccounts: [USER], eth_estimateGas: '0x5208', eth_blockNumber: '0x10', eth_gasPrice: '0x3b9aca00', net_version: '1' };
      if (args && args.method in reads) return Promise.resolve(reads[args.method]);
      // ?mode=fallback: a wallet that refuses eth_sendTransaction as unsupported, so viem
      // retries with wallet_sendTransaction (and keeps using it).
      if (mode === 'fallback' && args && args.method === 'eth_sendTransaction') {
        return Promise.reject(Object.assign(new Error('Method not supported'), { code: -32601 }));
      }
      return Promise.resolve('0xresult:' + (args && args.method));
    }
    send(a, b) {
      rec(this.name, 'send', typeof b === 'function' ? [a] : b === undefined ? [a] : [a, b], this instanceof FakeEvm);
      if (typeof a === 'string') return Promise.resolve({ id: 1, jsonrpc: '2.0', result: '0xsend:' + a });
      if (typeof b === 'function') return void b(null, { id: a.id, jsonrpc: '2.0', result: '0xsend:' + a.method });
      return { id: a.id, jsonrpc: '2.0', result: ['0xaccount'] };
    }
    sendAsync(payload, cb) {
      rec(this.name, 'sendAsync', [payload], this instanceof FakeEvm);
      cb(null, { id: payload.id, jsonrpc: '2.0', result: '0xasync:' + payload.method });
    }
    on() {
      return this;
    }
  }
  window.FakeEvm = FakeEvm;

  // The message bytes of what a Solana wallet received; first, what it looked like on
  // arrival (window.__solReceived), before the wallet itself touches it.
  window.__solReceived = [];
  const solBytes = (tx) => {
    window.__solReceived.push({ signatures: tx && Array.isArray(tx.signatures) ? tx.signatures.length : null, original: tx === window.__sentTx });
    if (tx instanceof Uint8Array) return tx;
    if (tx.message && typeof tx.message.serialize === 'function') return tx.message.serialize(); // VersionedTransaction
    return tx.compileMessage().serialize(); // legacy Transaction
  };
  const solProvider = (name) => {
    const p = {
      isPhantom: true,
      async signTransaction(tx) {
        rec(name, 'signTransaction', [solBytes(tx)], this === p);
        return tx;
      },
      async signAllTransactions(txs) {
        rec(name, 'signAllTransactions', [txs.map(solBytes)], this === p);
        return txs;
      },
      async signAndSendTransaction(tx) {
        rec(name, 'signAndSendTransaction', [solBytes(tx)], this === p);
        return { signature: 'sig' };
      },
      async signMessage(m) {
        rec(name, 'signMessage', [m], this === p);
        return { signature: new Uint8Array(64) };
      },
    };
    return p;
  };

  // A Wallet Standard wallet whose `features` getter returns a fresh object each time.
  class StdWallet {
    get name() { return 'Fake Standard'; }
    get version() { return '1.0.0'; }
    get chains() { return ['solana:mainnet']; }
    get accounts() { return []; }
    get icon() { return 'data:image/svg+xml;base64,PHN2Zy8+'; }
    get features() {
      const self = this;
      return {
        'standard:connect': { version: '1.0.0', connect: async () => ({ accounts: [] }) },
        'solana:signTransaction': {
          version: '1.0.0',
          supportedTransactionVersions: ['legacy', 0],
          async signTransaction(...inputs) {
            rec('std', 'solana:signTransaction', [inputs.map((i) => i.transaction)], this !== undefined && self instanceof StdWallet);
            return inputs.map((i) => ({ signedTransaction: i.transaction }));
          },
        },
      };
    }
  }

  class Trx {
    async sign(tx) {
      rec('tron', 'sign', [tx], this instanceof Trx);
      return { ...tx, signature: ['00'] };
    }
    async sendTransaction(to, amount) {
      rec('tron', 'sendTransaction', [to, amount], this instanceof Trx);
      // TronWeb builds the transaction (await transactionBuilder.sendTrx), then signs it
      // through this.sign: the inner call must not be asked twice.
      await Promise.resolve();
      const signed = await this.sign({ raw_data: { contract: [{ type: 'TransferContract', parameter: { value: { to_address: to, amount } } }] } });
      return { result: true, transaction: signed };
    }
  }

  window.__mode = mode;
  if (mode === 'eth' || mode === 'redefine' || mode === 'reassign' || mode === 'fallback') {
    window.ethereum = new FakeEvm('main');
  }
  if (mode === 'late') setTimeout(() => (window.ethereum = new FakeEvm('late')), 300);
  if (mode === 'redefine') {
    addEventListener('load', () => {
      Object.defineProperty(window, 'ethereum', { value: new FakeEvm('redefined'), configurable: false, writable: false, enumerable: true });
      window.__redefined = true;
    });
  }
  if (mode === 'reassign') {
    addEventListener('load', () => {
      window.ethereum = new FakeEvm('reassigned');
      window.__redefined = true;
    });
  }
  if (mode === 'eip6963') {
    // Announced only; the dApp side keeps what it is given, like a real dApp.
    const provider = new FakeEvm('6963');
    const info = Object.freeze({ uuid: '350670db-19fa-4704-a166-e52e178b59d2', name: 'Fake 6963', icon: 'data:image/svg+xml;base64,PHN2Zy8+', rdns: 'test.fake' });
    const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
    window.__announced = [];
    window.addEventListener('eip6963:announceProvider', (e) => window.__announced.push(e.detail.provider));
    window.addEventListener('eip6963:requestProvider', announce);
    announce();
  }
  if (mode === 'bypass') {
    // The wallet's page script talks to its extension by postMessage (like MetaMask's).
    class Posting extends FakeEvm {
      request(args) {
        window.postMessage({ target: 'fake-contentscript', data: { name: 'fake-provider', data: { id: 1, method: args.method, params: args.params } } }, '*');
        return super.request(args);
      }
    }
    const p = new Posting('bypass');
    window.__raw = Posting.prototype.request; // captured before anything could wrap it
    window.__rawProvider = p;
    window.ethereum = p;
  }
  if (mode === 'solana') {
    const p = solProvider('phantom');
    window.phantom = { solana: p };
    window.solana = p;
    const wallet = new StdWallet();
    // The wallet side of Wallet Standard registration.
    const callback = ({ register }) => register(wallet);
    window.dispatchEvent(new (class extends Event {
      get detail() { return callback; }
      constructor() { super('wallet-standard:register-wallet'); }
    })());
    window.addEventListener('wallet-standard:app-ready', ({ detail }) => callback(detail));
    // The app side: collect wallets like @wallet-standard/app does.
    window.__stdWallets = [];
    const api = { register: (...ws) => { window.__stdWallets.push(...ws); return () => {}; } };
    window.addEventListener('wallet-standard:register-wallet', ({ detail }) => detail(api));
    window.dispatchEvent(new CustomEvent('wallet-standard:app-ready', { detail: api }));
  }
  if (mode === 'tron') {
    // TronLink injects late.
    setTimeout(() => {
      window.tronWeb = { ready: true, trx: new Trx() };
      window.tronLink = { ready: true, tronWeb: window.tronWeb };
    }, 200);
  }
  if (mode === 'tronweb') {
    // TronLink as it really is: a real TronWeb instance (the page's bundled TronWeb 6, once
    // loaded) whose trx.sign is replaced by the wallet's own signer, injected late. Its node
    // is the test's stand-in (routes under /tron-node/).
    const inject = () => {
      if (!window.__libs || !window.__libs.TronWeb) return setTimeout(inject, 20);
      const tw = new window.__libs.TronWeb({ fullHost: location.origin + '/tron-node' });
      tw.setAddress('TJRabPrwbZy45sbavfcjinPJC18kjpRTv8');
      tw.trx.sign = async function (tx) {
        rec('tron', 'sign', [tx], this === tw.trx);
        return { ...tx, signature: ['00'.repeat(65)] };
      };
      window.tronWeb = tw;
      window.tronLink = { ready: true, tronWeb: tw };
    };
    setTimeout(inject, 200);
  }
  if (mode === 'xverse') {
    // sats-connect's default provider: request(method, params) answers JSON-RPC responses.
    const BitcoinProvider = {
      async request(method, params) {
        rec('xverse', 'request', [method, params], this === BitcoinProvider);
        if (method === 'getInfo') return { jsonrpc: '2.0', id: '1', result: { version: '1.0.0', methods: ['sendTransfer', 'signPsbt'], supports: [] } };
        return { jsonrpc: '2.0', id: '1', result: method === 'signPsbt' ? { psbt: params.psbt } : { txid: 'ab'.repeat(32) } };
      },
    };
    window.XverseProviders = { BitcoinProvider };
  }
  if (mode === 'bitcoin') {
    window.unisat = {
      async sendBitcoin(to, sats) {
        rec('unisat', 'sendBitcoin', [to, sats], this === window.unisat);
        return 'txid';
      },
      async signPsbt(hex, options) {
        rec('unisat', 'signPsbt', [hex, options], this === window.unisat);
        return hex;
      },
      async getAccounts() {
        rec('unisat', 'getAccounts', [], true);
        return ['bc1q...'];
      },
    };
    window.LeatherProvider = {
      async request(method, params) {
        rec('leather', 'request', [method, params], this === window.LeatherProvider);
        return { jsonrpc: '2.0', id: 1, result: { txid: 'x' } };
      },
    };
  }
})();
