// Runs every tests/e2e/*.test.mjs with node:test, one file at a time (each launches a
// browser; the CI machine has 2 cores). `node tests/e2e/run.mjs [substring...]` runs only
// the files whose name contains one of the substrings.
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort()
  .map((f) => join(here, f));
if (files.length === 0) {
  console.error('no e2e test files matched');
  process.exit(1);
}
console.log(`e2e: ${files.length} file(s)`);
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
