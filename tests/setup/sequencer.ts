/**
 * The order in which test files start: the slowest first, so that the last minutes do not wait on one long file.
 * Vitest's own order does that from the timings of the previous run on the same checkout, and on a fresh one
 * (`npm ci` on CI) starts the largest files first, which are not the slowest: on the 2-core machine the suite took
 * 361 s in that order and 327 s in the order of the timings (docs/performance.md, "Test suite time"). So files
 * vitest has no timing for take their place from `durations.json`, the seconds each took in a whole idle run
 * (`npm run test:durations -- <vitest JSON report>` rewrites it); a file in neither goes first, as vitest does.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { z } from 'zod';

const DURATIONS = new URL('./durations.json', import.meta.url);
const durations = z.record(z.string(), z.number()).parse(JSON.parse(readFileSync(DURATIONS, 'utf8')));

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (s: TestSpecification): number => {
      const path = relative(root, s.moduleId);
      const last = this.ctx.cache.getFileTestResults(`${s.project.name}:${path}`);
      return last ? last.duration / 1000 : (durations[path] ?? Infinity);
    };
    const order = new Map((await super.sort(files)).map((s, i) => [s, i]));
    return [...files].sort((a, b) => seconds(b) - seconds(a) || (order.get(a) ?? 0) - (order.get(b) ?? 0));
  }
}
