/**
 * CLI start-up: `fluencyflow --help`, `--version`, and `plan` up to its first request to each HRIS sandbox, each the
 * median of several runs of the built bin, with the ratio to `node -e 0` measured in the same run (on a shared
 * machine the ratio says more than the milliseconds). `npm run bench -- startup`; targets in docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { connectors } from '../connectors/index.js';
import { generateSyntheticOrg } from '../src/demo/synthetic-org.js';
import { bin, workspaceFor } from '../tests/helpers/cli.js';
import { ensureBuilt } from '../tests/setup/dist.js';
import { emit } from './emit.js';

export interface StartupFigure {
  metric: string;
  /** Wall time, median of the runs. */
  value: number;
  unit: 'ms';
  /** `node -e 0`, median of the runs. */
  baseline: number;
  ratio: number;
  target: number;
  /** CPU time (user + system) of the process up to the same moment, where the OS tells it (Linux); else null. */
  cpu: number | null;
  cpuBaseline: number | null;
}

export interface StartupOptions {
  /** Runs per figure (the median is reported). */
  runs?: number;
  /** HRIS types whose `plan` start-up is measured. */
  hris?: readonly string[];
}

const GOAL = 'AI fluency development goal FY2027';
const RUNS = Number(process.env['FLUENCYFLOW_BENCH_STARTUP_RUNS'] ?? 15);
const TARGETS = { help: 300, version: 300, plan: 500 };

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

interface TimeOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Starts watching for the moment measured; calls `mark` then; returns how to stop watching. */
  until?: (mark: () => void) => () => void;
}

interface Timing {
  wall: number;
  cpu: number | null;
}

/**
 * CPU milliseconds used by this process's finished children (Linux: cutime + cstime in /proc/self/stat, in clock
 * ticks of 10 ms), or null elsewhere. Read before a child starts and after it is reaped, it gives the child's CPU time.
 */
const childrenCpuMs = (): number | null => {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
};

/** Starts `node ...args`: the time until `until` marks (then the child is killed), or until it exits. */
const timeProcess = (args: readonly string[], opts: TimeOptions = {}): Promise<Timing> =>
  new Promise((done, fail) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    let at: number | null = null;
    const mark = () => {
      at ??= performance.now() - started;
      child.kill('SIGKILL');
    };
    const env = { ...process.env, ...opts.env };
    const child = spawn(process.execPath, [...args], { cwd: opts.cwd, env, stdio: 'ignore' });
    const stop = opts.until?.(mark);
    child.on('error', fail);
    child.on('exit', (code) => {
      stop?.();
      if (opts.until === undefined) at ??= performance.now() - started;
      const what = `node ${args.join(' ')}`;
      if (at === null) fail(new Error(`${what} exited (${String(code)}) before the moment measured`));
      else if (opts.until === undefined && code !== 0) fail(new Error(`${what} exited with ${String(code)}`));
      else {
        const cpuAfter = childrenCpuMs();
        done({ wall: at, cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore });
      }
    });
  });

const medianOf = async (runs: number, once: () => Promise<Timing>): Promise<Timing> => {
  await once(); // warm the file cache; not counted
  const times: Timing[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  const cpu = times.map((t) => t.cpu).filter((c): c is number => c !== null);
  return { wall: median(times.map((t) => t.wall)), cpu: cpu.length === times.length ? median(cpu) : null };
};

/**
 * The connectors whose first request a sandbox sees. The CSV drop folder sends none: its plan starts by reading the
 * folder's files, which its sandbox cannot observe, so its start-up has no such moment to time.
 */
const OVER_HTTP = ['bamboohr', 'successfactors', 'workday'];

/** The figures, without printing them (the smoke test in `npm test` calls this with one run). */
export const measureStartup = async (opts: StartupOptions = {}): Promise<StartupFigure[]> => {
  await ensureBuilt();
  const runs = opts.runs ?? RUNS;
  const baseline = await medianOf(runs, () => timeProcess(['-e', '0']));
  const figure = (metric: string, t: Timing, target: number): StartupFigure => ({
    metric,
    value: t.wall,
    unit: 'ms',
    baseline: baseline.wall,
    ratio: t.wall / baseline.wall,
    target,
    cpu: t.cpu,
    cpuBaseline: baseline.cpu,
  });
  const figures = [
    figure('help', await medianOf(runs, () => timeProcess([bin, '--help'])), TARGETS.help),
    figure('version', await medianOf(runs, () => timeProcess([bin, '--version'])), TARGETS.version),
  ];
  for (const type of opts.hris ?? OVER_HTTP) {
    const def = connectors[type];
    if (!def) throw new Error(`unknown HRIS "${type}"`);
    const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: 20, seed: 4, standardGoalTitle: GOAL });
    const sandbox = await def.sandbox.start({ org, port: 0 });
    const ws = workspaceFor(sandbox, org);
    try {
      // The first request the sandbox sees ends start-up: loading the config, the state store and the connector.
      const firstRequest = (mark: () => void) => {
        sandbox.resetStats();
        const timer = setInterval(() => {
          if (sandbox.stats().requests > 0) mark();
        }, 1);
        return () => clearInterval(timer);
      };
      const plan = [bin, 'plan', '--config', ws.config];
      const t = await medianOf(runs, () => timeProcess(plan, { cwd: ws.dir, env: sandbox.env, until: firstRequest }));
      figures.push(figure(`plan-first-request-${type}`, t, TARGETS.plan));
    } finally {
      await sandbox.close();
      rmSync(ws.dir, { recursive: true, force: true });
    }
  }
  return figures;
};

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

export const run = async (): Promise<void> => {
  const figures = await measureStartup();
  const first = figures[0];
  if (first) emit('startup', 'node-e-0', first.baseline, 'ms');
  if (first && first.cpuBaseline !== null) emit('startup', 'node-e-0-cpu', first.cpuBaseline, 'ms');
  for (const f of figures) {
    const { baseline, cpu, cpuBaseline } = f;
    const ratio = round(f.ratio, 2);
    emit('startup', f.metric, f.value, f.unit, { baseline: round(baseline, 1), ratio, target: f.target });
    if (cpu === null || cpuBaseline === null) continue;
    emit('startup', `${f.metric}-cpu`, cpu, 'ms', { baseline: cpuBaseline, ratio: round(cpu / cpuBaseline, 2) });
  }
};
