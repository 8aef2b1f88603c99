// Node's Buffer for libraries that expect it as a global (@solana/web3.js's dependencies);
// esbuild injects it where they refer to `Buffer`.
export { Buffer } from 'buffer';
