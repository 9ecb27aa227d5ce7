/**
 * The tests and the start-up bench run the CLI as an admin does: the built `dist/`. This builds it, with the same
 * build as `npm run build` (scripts/build.ts), when it is missing or older than any source, so `npm test` right after
 * a clone or an edit tests the code as it is.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildDist, cliManifest, repoRoot } from '../../scripts/build.js';

export { repoRoot };

const SOURCES = ['src', 'connectors', 'schemas', 'scripts'];
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

/** Why dist/ must be rebuilt, or null when it is up to date. The build writes the CLI's manifest last. */
export const distStaleness = (): string | null => {
  if (!existsSync(cliManifest)) return 'dist/ is not built';
  const built = statSync(cliManifest).mtimeMs;
  const sources = Math.max(
    ...SOURCES.map((d) => newestUnder(join(repoRoot, d))),
    ...CONFIGS.map((f) => statSync(join(repoRoot, f)).mtimeMs),
  );
  return sources > built ? 'sources changed since dist/ was built' : null;
};

/**
 * Builds dist/ when it is missing or stale; returns what it did. Type errors do not stop it (tsc still writes its
 * output): the tests then run what was built, and `npm run typecheck` reports them.
 */
export const ensureBuilt = async (): Promise<string> => {
  const why = distStaleness();
  if (why === null) return 'dist/ is up to date';
  await buildDist({ strict: false });
  return `${why}: built it`;
};
