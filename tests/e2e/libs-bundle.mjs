// Bundles the client libraries of tests/e2e/wallet-pages/libs/*.mjs with esbuild (in memory)
// and serves them as /libs/<name>.js routes for serve(). Pages load them as modules, after
// fake-wallets.js; each sets window.__libs.
import { build } from 'esbuild';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

export async function libRoutes(names) {
  const routes = {};
  for (const name of names) {
    const r = await build({
      entryPoints: [join(ROOT, 'tests', 'e2e', 'wallet-pages', 'libs', `${name}.mjs`)],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      define: { global: 'globalThis', 'process.env.NODE_DEBUG': 'false' },
      inject: [join(ROOT, 'tests', 'e2e', 'wallet-pages', 'libs', 'buffer-shim.mjs')],
      logLevel: 'error',
    });
    const code = r.outputFiles[0].contents;
    routes[`/libs/${name}.js`] = (req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      res.end(code);
    };
  }
  return routes;
}
