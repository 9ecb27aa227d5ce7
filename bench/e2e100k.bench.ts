/**
 * 100,000 employees end to end: the built CLI's `plan --out`, `apply <plan> --yes` and an unchanged re-run `plan`
 * against one HRIS sandbox (SuccessFactors by default: its goals and MDF upserts make the fewest calls per
 * employee), each timed from spawn to exit, with the requests the sandbox answered. `npm run bench -- e2e100k`;
 * `FLUENCYFLOW_BENCH_E2E_EMPLOYEES` and `FLUENCYFLOW_BENCH_E2E_HRIS` change the size and the HRIS.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { connectors } from '../connectors/index.js';
import { planSummary } from '../schemas/index.js';
import { generateSyntheticOrg } from '../src/demo/synthetic-org.js';
import { runCli, workspaceFor } from '../tests/helpers/cli.js';
import { ensureBuilt } from '../tests/setup/dist.js';
import { emit as emitLine } from './emit.js';

const EMPLOYEES = Number(process.env['FLUENCYFLOW_BENCH_E2E_EMPLOYEES'] ?? 100_000);
const HRIS = process.env['FLUENCYFLOW_BENCH_E2E_HRIS'] ?? 'successfactors';
const GOAL = 'AI fluency development goal FY2027';

export interface PhaseFigure {
  phase: 'plan' | 'apply' | 'rerun';
  ms: number;
  requests: number;
  writes: number;
  exitCode: number | null;
}

export interface EndToEndFigures {
  hris: string;
  employees: number;
  /** The changes the first plan found (create + update). */
  changes: number;
  /** What the apply reported: written, failed, unknown, not attempted. */
  outcome: Pick<z.infer<typeof applyOutput>, 'applied' | 'failed' | 'unknown' | 'notAttempted'>;
  /** The changes the re-run still found (0 when the apply wrote everything). */
  rerunChanges: number;
  phases: PhaseFigure[];
}

const planOutput = z.object({ planFile: z.string(), summary: planSummary, fingerprint: z.string() });
const applyOutput = z.object({
  applied: z.number().int(),
  failed: z.number().int(),
  unknown: z.number().int(),
  notAttempted: z.number().int(),
  stopped: z.array(z.object({ code: z.string(), message: z.string() })),
  failures: z.array(z.object({ code: z.string(), message: z.string() }).loose()),
});
const rerunOutput = z.object({ summary: planSummary }).loose();

/** The organisation in a sandbox, then plan, apply and an unchanged re-run through the CLI (dist/). */
export const measureEndToEnd = async (
  o: { employees?: number; hris?: string; onPhase?: (p: PhaseFigure, employees: number) => void } = {},
): Promise<EndToEndFigures> => {
  await ensureBuilt();
  const hris = o.hris ?? HRIS;
  const def = connectors[hris];
  if (!def) throw new Error(`unknown HRIS "${hris}" (known: ${Object.keys(connectors).join(', ')})`);
  const employees = o.employees ?? EMPLOYEES;
  const cycleEnd = '2027-12-31';
  const org = generateSyntheticOrg({ asOf: '2027-06-30', employees, seed: 11, standardGoalTitle: GOAL, cycleEnd });
  const sandbox = await def.sandbox.start({ org, port: 0 });
  const ws = workspaceFor(sandbox, org);
  const phases: PhaseFigure[] = [];
  let changes = 0;
  try {
    const phase = async (name: PhaseFigure['phase'], args: string[]) => {
      sandbox.resetStats();
      const started = performance.now();
      const r = await runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
      const ms = performance.now() - started;
      const { requests, writes } = sandbox.stats();
      const figure = { phase: name, ms, requests, writes, exitCode: r.code };
      phases.push(figure);
      o.onPhase?.(figure, org.employees.length);
      return r;
    };
    const planFile = join(ws.dir, 'plan.json');
    const plan = await phase('plan', ['plan', '--out', planFile, '--json']);
    if (plan.code !== 2)
      throw new Error(`plan exited ${String(plan.code)} (expected 2, changes pending): ${plan.stderr.slice(0, 500)}`);
    const { summary } = planOutput.parse(JSON.parse(plan.stdout));
    changes = summary.create + summary.update;
    // Exit 3 (some writes failed) is a figure, not an error: the failures are counted and the first ones shown.
    const apply = await phase('apply', ['apply', planFile, '--yes', '--json']);
    if (apply.code !== 0 && apply.code !== 3)
      throw new Error(`apply exited ${String(apply.code)}: ${apply.stderr.slice(0, 500)}`);
    const { failures, stopped, ...outcome } = applyOutput.parse(JSON.parse(apply.stdout));
    for (const f of [...stopped, ...failures.slice(0, 5)])
      process.stderr.write(`e2e100k: apply: ${f.code} ${f.message}\n`);
    const rerun = await phase('rerun', ['plan', '--json']);
    if (rerun.code !== 0 && rerun.code !== 2)
      throw new Error(`the re-run exited ${String(rerun.code)}: ${rerun.stderr.slice(0, 500)}`);
    const again = rerunOutput.parse(JSON.parse(rerun.stdout)).summary;
    const rerunChanges = again.create + again.update;
    return { hris, employees: org.employees.length, changes, outcome, rerunChanges, phases };
  } finally {
    await sandbox.close();
    rmSync(ws.dir, { recursive: true, force: true });
  }
};

export const run = async (opts: { employees?: number; hris?: string; emit?: typeof emitLine } = {}): Promise<void> => {
  const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
    (opts.emit ?? emitLine)('e2e100k', metric, value, unit, extra);
  emit('load_average', loadavg()[0] ?? 0, 'runnable');
  // Each phase is reported as it ends: a long run that is stopped still leaves its first figures.
  const f = await measureEndToEnd({
    ...opts,
    onPhase: (p, employees) => {
      const extra = { connector: opts.hris ?? HRIS, employees };
      emit(`${p.phase}_time`, p.ms, 'ms', extra);
      emit(`${p.phase}_calls`, p.requests, 'requests', { ...extra, writes: p.writes });
      emit(`${p.phase}_calls_per_employee`, p.requests / employees, 'requests/employee', extra);
    },
  });
  const extra = { connector: f.hris, employees: f.employees };
  emit('employees', f.employees, 'count', { connector: f.hris });
  emit('changes', f.changes, 'count', extra);
  const { applied, ...notApplied } = f.outcome;
  emit('apply_applied', applied, 'count', { ...extra, ...notApplied });
  emit('rerun_changes', f.rerunChanges, 'count', extra);
  const total = f.phases.filter((p) => p.phase !== 'rerun').reduce((s, p) => s + p.ms, 0);
  emit('plan_and_apply_time', total, 'ms', extra);
  emit('load_average_after', loadavg()[0] ?? 0, 'runnable');
};
