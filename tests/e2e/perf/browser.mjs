// A fresh Chromium profile for one perf load, with the extension (the dist folder given) or
// without it (null), and its service worker started: what run.mjs and trace.mjs compare.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionArgs, CHROMIUM } from '../lib.mjs';

const WITHOUT = ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-sandbox'];

export async function freshBrowser(dist) {
  const profile = mkdtempSync(join(tmpdir(), 'sightline-perf-'));
  const context = await chromium.launchPersistentContext(profile, {
    headless: true,
    executablePath: CHROMIUM,
    args: dist ? extensionArgs(dist) : WITHOUT,
    viewport: { width: 1280, height: 800 },
  });
  let sw = null;
  if (dist) {
    sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await sw.evaluate(() => 1);
  }
  return {
    context,
    sw,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
