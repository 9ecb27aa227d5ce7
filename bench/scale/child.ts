/**
 * One measurement of the scale bench, in its own process so its peak RSS is its own:
 * `node --import tsx bench/scale/child.ts <json|parse|plan> <snapshot> [plan.ndjson]`. Prints one JSON line:
 * `{mode, employees, ms, cpuMs, maxRssMb, changes}`; `ms` (wall) and `cpuMs` run from the first read to the last
 * byte written.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { planStream, type RecordWithEvidence } from '../../src/engine/plan-stream.js';
import { scaleConfig } from './config.js';
import { parseLine, SCALE_AS_OF, snapshotPages } from './snapshot.js';

const [mode, snapshot, out] = process.argv.slice(2);
if (snapshot === undefined || (mode !== 'json' && mode !== 'parse' && mode !== 'plan') || (mode === 'plan' && !out)) {
  process.stderr.write('usage: child.ts <json|parse|plan> <snapshot.ndjson> [plan.ndjson]\n');
  process.exit(2);
}

/** The snapshot's employees, parsed and checked, page by page. */
async function* parsedPages(path: string): AsyncGenerator<RecordWithEvidence[]> {
  for await (const page of snapshotPages(path))
    yield page.map((line) => {
      const { employee, current, evidence } = parseLine(line);
      return { record: { employee, current }, evidence };
    });
}

const started = performance.now();
const cpuAtStart = process.cpuUsage();
let employees = 0;
let changes = 0;
if (mode === 'json') {
  for await (const page of snapshotPages(snapshot))
    for (const line of page) employees += JSON.parse(line) === null ? 0 : 1;
} else if (mode === 'parse') {
  for await (const page of parsedPages(snapshot)) employees += page.length;
} else if (out) {
  const file = createWriteStream(out);
  const head = await planStream({
    config: scaleConfig(),
    asOf: SCALE_AS_OF,
    pages: parsedPages(snapshot),
    write: async (writes) => {
      changes += writes.length;
      const text = writes.map((c) => `${JSON.stringify(c)}\n`).join('');
      if (text !== '' && !file.write(text)) await once(file, 'drain');
    },
  });
  file.end(`${JSON.stringify({ plan: head })}\n`);
  await once(file, 'finish');
  employees = head.summary.employees;
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuAtStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ mode, employees, ms, cpuMs, maxRssMb, changes })}\n`);
