/**
 * A full plan for 1.6 million employees from a snapshot on disk (NDJSON of the records the connectors yield, with
 * each employee's evidence summary), against parsing the same snapshot and doing nothing else. Each measurement runs
 * in its own process, so its peak RSS is its own. `npm run bench -- scale`; the size from
 * `FLUENCYFLOW_BENCH_SCALE_EMPLOYEES` (default 1,600,000). Targets: plan time at most 2x parsing, peak RSS under
 * 1.5 GB (docs/performance.md).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { emit as emitLine } from './emit.js';
import { writeSnapshot } from './scale/snapshot.js';

const EMPLOYEES = Number(process.env['FLUENCYFLOW_BENCH_SCALE_EMPLOYEES'] ?? 1_600_000);
const RSS_TARGET_MB = 1536;
const RATIO_TARGET = 2;

const childResult = z.object({
  mode: z.enum(['json', 'parse', 'plan']),
  employees: z.number().int(),
  ms: z.number(),
  cpuMs: z.number(),
  maxRssMb: z.number(),
  changes: z.number().int(),
});
export type ScaleMeasurement = z.infer<typeof childResult>;

/** Runs one measurement in a fresh Node process (TypeScript through tsx, as `npm run bench` runs). */
const measure = (mode: ScaleMeasurement['mode'], snapshot: string, out: string): Promise<ScaleMeasurement> =>
  new Promise((done, fail) => {
    const script = join(import.meta.dirname, 'scale', 'child.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, mode, snapshot, out], {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`scale bench: the ${mode} run exited with ${String(code)}`));
      else done(childResult.parse(JSON.parse(stdout)));
    });
  });

export interface ScaleFigures {
  employees: number;
  snapshotMb: number;
  generateMs: number;
  json: ScaleMeasurement;
  parse: ScaleMeasurement;
  plan: ScaleMeasurement;
}

/** Generates the snapshot in a temporary folder, measures JSON only, parsing, and the plan; removes the folder. */
export const measureScale = async (employees = EMPLOYEES): Promise<ScaleFigures> => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-scale-'));
  try {
    const snapshot = join(dir, 'snapshot.ndjson');
    const started = performance.now();
    const { bytes } = writeSnapshot(snapshot, employees);
    const generateMs = performance.now() - started;
    const out = join(dir, 'plan.ndjson');
    const json = await measure('json', snapshot, out);
    const parse = await measure('parse', snapshot, out);
    const plan = await measure('plan', snapshot, out);
    return { employees, snapshotMb: bytes / 2 ** 20, generateMs, json, parse, plan };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

export const run = async (opts: { employees?: number; emit?: typeof emitLine } = {}): Promise<void> => {
  const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
    (opts.emit ?? emitLine)('scale', metric, value, unit, extra);
  emit('load_average', loadavg()[0] ?? 0, 'runnable');
  const f = await measureScale(opts.employees ?? EMPLOYEES);
  emit('employees', f.employees, 'count');
  emit('snapshot', round(f.snapshotMb), 'MB');
  emit('generate', f.generateMs, 'ms');
  emit('json_only', f.json.ms, 'ms', { cpu: f.json.cpuMs });
  emit('parse_only', f.parse.ms, 'ms', { cpu: f.parse.cpuMs });
  emit('plan', f.plan.ms, 'ms', { baseline: 'parse_only', ratio: round(f.plan.ms / f.parse.ms), target: RATIO_TARGET });
  const cpuRatio = round(f.plan.cpuMs / f.parse.cpuMs);
  emit('plan_cpu', f.plan.cpuMs, 'ms', { baseline: 'parse_only_cpu', ratio: cpuRatio, target: RATIO_TARGET });
  emit('plan_changes', f.plan.changes, 'count');
  emit('parse_only_peak_rss', f.parse.maxRssMb, 'MB');
  emit('plan_peak_rss', f.plan.maxRssMb, 'MB', { target: RSS_TARGET_MB });
  emit('load_average_after', loadavg()[0] ?? 0, 'runnable');
};
