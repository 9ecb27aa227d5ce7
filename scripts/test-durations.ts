/**
 * Rewrites tests/setup/durations.json from a vitest JSON report (`npx vitest run --reporter=json
 * --outputFile.json=<file>`, best from a whole run on an idle machine): the seconds each test file took, which the
 * test sequencer uses to start the slowest files first on a checkout without timings of its own.
 * Usage: `npm run test:durations -- <report.json>`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';

const report = z.object({
  testResults: z.array(z.object({ name: z.string(), startTime: z.number(), endTime: z.number() })),
});

const file = process.argv[2];
if (file === undefined) throw new Error('usage: npm run test:durations -- <vitest JSON report>');
const seconds = report
  .parse(JSON.parse(readFileSync(file, 'utf8')))
  .testResults.map((t) => [relative(process.cwd(), t.name), Math.round((t.endTime - t.startTime) / 100) / 10] as const)
  .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
writeFileSync('tests/setup/durations.json', `${JSON.stringify(Object.fromEntries(seconds), null, 2)}\n`);
