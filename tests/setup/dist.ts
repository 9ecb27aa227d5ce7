/**
 * The tests and the start-up bench run the CLI as an admin does: the compiled `dist/`. This builds it when it is
 * missing or older than any source, so `npm test` right after a clone or an edit tests the code as it is.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
/** The file the bin imports; tsc rewrites every output on each build, so its time is the build's. */
const entry = join(repoRoot, 'dist', 'src', 'cli', 'main.js');
const SOURCES = ['src', 'connectors', 'schemas'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

const newestUnder = (dir: string): number => {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestUnder(path));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
};

/** Why dist/ must be rebuilt, or null when it is up to date. */
export const distStaleness = (): string | null => {
  if (!existsSync(entry)) return 'dist/ is not built';
  const built = statSync(entry).mtimeMs;
  const sources = Math.max(
    ...SOURCES.map((d) => newestUnder(join(repoRoot, d))),
    ...CONFIGS.map((f) => statSync(join(repoRoot, f)).mtimeMs),
  );
  return sources > built ? 'sources changed since dist/ was built' : null;
};

/** Runs `tsc -p tsconfig.build.json` when dist/ is missing or stale; returns what it did. */
export const ensureBuilt = (): string => {
  const why = distStaleness();
  if (why === null) return 'dist/ is up to date';
  const tsc = createRequire(join(repoRoot, 'package.json')).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'pipe' });
  } catch (e) {
    // tsc still emits on type errors; the tests then run what was emitted, and `npm run typecheck` reports them.
    if (!existsSync(entry)) throw new Error(`building dist/ failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    process.stderr.write('warning: tsc reported type errors while building dist/ (npm run typecheck lists them)\n');
  }
  return `${why}: built it`;
};
