#!/usr/bin/env node
// Runs the CLI bundle in dist/cli (built by `npm run build`, which `npm ci` runs as `prepare`: scripts/build.ts).
// Nothing else loads here: each command imports its own chunk when it runs (docs/performance.md).
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs (a no-op on Node 20, which lacks it).
module.enableCompileCache?.();
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('fluencyflow: dist/ is not built: run `npm run build` (or `npm ci`) in the package folder\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
