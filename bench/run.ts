/**
 * `npm run bench`: runs every bench/*.bench.ts (each exports `run()`), which print JSON lines
 * `{"bench","metric","value","unit",...}`. Pass names to run only some: `npm run bench -- calls report`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from '../tests/setup/dist.js';

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

// Benches that start the CLI run the built dist/: build it first when it is missing or older than a source.
process.stderr.write(`${await ensureBuilt()}\n`);

for (const file of files) {
  const mod: unknown = await import(pathToFileURL(join(here, file)).href);
  if (typeof mod === 'object' && mod !== null && 'run' in mod && typeof mod.run === 'function') {
    const started = Date.now();
    await mod.run();
    process.stderr.write(`bench ${file} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
