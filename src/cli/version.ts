import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const field = (o: unknown, name: string): unknown =>
  typeof o === 'object' && o !== null ? Object.entries(o).find(([k]) => k === name)?.[1] : undefined;

/**
 * The version in the package's own package.json: two folders up from `src/cli` and from the bundle in `dist/cli`,
 * three from `dist/src/cli`.
 * Read with plain JSON (no schema library) so `--version` loads nothing else.
 */
export const packageVersion = (): string => {
  for (const up of ['../..', '../../..']) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(import.meta.dirname, up, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const version = field(raw, 'version');
    if (field(raw, 'name') === 'fluencyflow' && typeof version === 'string') return version;
  }
  return 'unknown';
};
