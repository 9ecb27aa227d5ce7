import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { config as configSchema } from '../schemas/index.js';
import { epochDay, importEvidence, loadEvidence } from '../src/evidence/index.js';
import { scanUsage } from '../src/evidence/readers/index.js';
import { summariseUsage } from '../src/evidence/usage/index.js';
import { evidenceMigrations } from '../src/state/evidence-migrations.js';
import { StateStore } from '../src/state/state-store.js';
import { benchEmployee, generateUsage } from './generate-usage.js';

/**
 * Evidence at scale: N employees (default 1.6 million, `FLUENCYFLOW_BENCH_EMPLOYEES` for quick runs) x 28 days
 * of daily use as NDJSON (about 45 million lines). Two figures, each against reading and splitting the same file
 * into lines with nothing else done: summarising (read, parse, sum per person per day into per-employee
 * summaries; the target is at most 3x) and the full pipeline (import into the state store, then load
 * and summarise every employee for the engine). Peak memory (RSS of the whole process, workers included) must
 * stay under 1 GB. CPU time is reported too: on a shared machine wall time says little on its own.
 * The generated file lives in the OS temp dir and is deleted after.
 */
const emit = (metric: string, value: number, unit: string): void => {
  process.stdout.write(`${JSON.stringify({ bench: 'evidence', metric, value, unit })}\n`);
};

/** The yardstick: read the file and split it into line strings, nothing else. */
const readAndSplit = async (path: string): Promise<number> => {
  let lines = 0;
  let carry = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const parts = (carry + String(chunk)).split('\n');
    carry = parts.pop() ?? '';
    lines += parts.length;
  }
  return lines + (carry === '' ? 0 : 1);
};

const ms = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e6;
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

export async function run(): Promise<void> {
  const employees = Number(process.env.FLUENCYFLOW_BENCH_EMPLOYEES ?? 1_600_000);
  const days = 28;
  const endDate = '2027-03-28';
  const dir = await mkdtemp(join(tmpdir(), 'fluencyflow-bench-'));
  try {
    const file = join(dir, 'usage.ndjson');
    let t = process.hrtime.bigint();
    const gen = await generateUsage({ path: file, employees, days, endDate });
    emit('generate', ms(t), 'ms');
    emit('lines', gen.lines, 'count');
    emit('file_size', (await stat(file)).size / 1e6, 'MB');

    // The yardstick runs twice and the faster run counts: the first may read a cold page cache.
    let baseline = Infinity;
    for (let round = 0; round < 2; round++) {
      t = process.hrtime.bigint();
      const split = await readAndSplit(file);
      baseline = Math.min(baseline, ms(t));
      if (split !== gen.lines) throw new Error(`baseline read ${split} lines, expected ${gen.lines}`);
    }
    emit('baseline_read_split', baseline, 'ms');
    emit('load_average', loadavg()[0] ?? 0, 'runnable');

    // Summarising: per-employee totals straight from the file, active days counted.
    const from = epochDay(endDate) - 27;
    t = process.hrtime.bigint();
    let cpu = process.cpuUsage();
    const reader = { file: 'usage.ndjson', zone: 'UTC' };
    const summary = await summariseUsage(file, { scan: scanUsage, reader, keepErrors: 100 });
    let summarised = 0;
    let summaryDays = 0;
    summary.forEach((_subject, days, events) => {
      summarised++;
      for (let i = 0; i < days.length; i++) if ((days[i] ?? 0) >= from && (events[i] ?? 0) > 0) summaryDays++;
    });
    summary.dispose();
    const summariseMs = ms(t);
    emit('summarise', summariseMs, 'ms');
    emit('summarise_cpu', cpuMs(cpu), 'ms');
    emit('summarise_ratio', summariseMs / baseline, 'x');
    emit('summarise_rss', process.resourceUsage().maxRSS / 1024, 'MB');
    if (summary.loaded !== gen.lines || summarised !== employees)
      throw new Error(`summarised ${summary.loaded} lines, ${summarised} subjects`);

    const store = new StateStore(join(dir, 'state.db'), undefined, evidenceMigrations);
    t = process.hrtime.bigint();
    cpu = process.cpuUsage();
    const imported = await importEvidence({
      kind: 'usage',
      file,
      store,
      config: { credentials: {} },
      configDir: dir,
      zone: 'UTC',
    });
    const importMs = ms(t);
    emit('import', importMs, 'ms');
    emit('import_rss', process.resourceUsage().maxRSS / 1024, 'MB');
    if (imported.loaded !== gen.lines) throw new Error(`imported ${imported.loaded} lines, expected ${gen.lines}`);

    const people = Array.from({ length: employees }, (_, i) => benchEmployee(i));
    const config = configSchema.parse({
      version: 1,
      organization: 'Bench',
      cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'UTC' },
      ladder: ['foundational', 'practitioner', 'expert'].map((id, i) => ({
        id,
        evidence: { use: { minActiveDays: 4 * (i + 1), windowDays: 28 } },
      })),
      grades: { expect: [{ level: 'foundational' }] },
      connectors: [{ id: 'bench', type: 'bamboohr' }],
    });
    t = process.hrtime.bigint();
    const loaded = await loadEvidence({ config, configDir: dir, store, employees: people, zone: 'UTC', asOf: endDate });
    let active = 0;
    let withUse = 0;
    for (const e of people) {
      const u = loaded.bundleFor(`${e.connector}:${e.id}`).usage;
      let n = 0;
      for (let i = 0; i < u.days.length; i++) if ((u.days[i] ?? 0) >= from && (u.events[i] ?? 0) > 0) n++;
      active += n;
      if (n > 0) withUse++;
    }
    const loadMs = ms(t);
    emit('load_and_summarise', loadMs, 'ms');
    if (withUse !== employees) throw new Error(`${withUse} of ${employees} employees have use`);
    emit('active_days', active, 'count');
    if (active !== summaryDays)
      throw new Error(`the pipeline counted ${active} active days, the summary ${summaryDays}`);
    emit('pipeline_total', importMs + loadMs, 'ms');
    emit('pipeline_cpu', cpuMs(cpu), 'ms');
    emit('pipeline_ratio', (importMs + loadMs) / baseline, 'x');
    emit('peak_rss', process.resourceUsage().maxRSS / 1024, 'MB');
    store.close();
    emit('state_db_size', (await stat(join(dir, 'state.db'))).size / 1e6, 'MB');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('evidence.bench.ts')) await run();
