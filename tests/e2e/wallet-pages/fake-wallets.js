// Fake wallet providers for Sightline's wallet e2e tests. Each records every call that
// reaches it in window.__seen: {wallet, method, args (JSON copy), thisOk, t}. Which wallets
// exist, and how they appear, depends on ?mode= (see setup below).
(() => {
  const seen = (window.__seen = []);
  const copy = (v) => JSON.parse(JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? { u8: Array.from(x) } : x)) ?? null);
  const rec = (wallet, method, args, thisOk) => seen.push({ wallet, method, args: copy(args), thisOk, t: performance.now() });

  // EIP-1193 provider with prototype methods (like MetaMask's class-based provider).
  class FakeEvm {
    constructor(name) {
      this.name = name;
      this.isFake = true;
    }
    request(args) {
      rec(this.name, 'request', [args], this instanceof FakeEvm);
      if (args && args.method === 'eth_chainId') return Promise.resolve('0x1');
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

  const solProvider = (name) => {
    const p = {
      isPhantom: true,
      async signTransaction(tx) {
        rec(name, 'signTransaction', [tx instanceof Uint8Array ? tx : tx.message.serialize()], this === p);
        return tx;
      },
      async signAllTransactions(txs) {
        rec(name, 'signAllTransactions', [txs.map((t) => t.message.serialize())], this === p);
        return txs;
      },
      async signAndSendTransaction(tx) {
        rec(name, 'signAndSendTransaction', [tx.message.serialize()], this === p);
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

  const mode = new URLSearchParams(location.search).get('mode') || 'eth';
  window.__mode = mode;
  if (mode === 'eth' || mode === 'redefine' || mode === 'reassign') {
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
  if (mode === 'bitcoin') {
    window.unisat = {
      async sendBitcoin(to, sats) {
        rec('unisat', 'sendBitcoin', [to, sats], this === window.unisat);
        return 'txid';
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
