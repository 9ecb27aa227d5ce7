/**
 * CLI start-up: `fluencyflow --help`, `--version`, and `plan` up to its first request to each HRIS sandbox, each the
 * median of several runs of the built bin, with the ratio to `node -e 0` measured in the same run (on a shared
 * machine the ratio says more than the milliseconds). `npm run bench -- startup`; targets in docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connectors } from '../connectors/index.js';
import { generateSyntheticOrg } from '../src/demo/synthetic-org.js';
import { bin, workspaceFor } from '../tests/helpers/cli.js';
import { ensureBuilt } from '../tests/setup/dist.js';
import { emit } from './emit.js';

export interface StartupFigure {
  metric: string;
  value: number;
  unit: 'ms';
  baseline: number;
  ratio: number;
  target: number;
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

/** Starts `node ...args`: the milliseconds until `until` marks (then the child is killed), or until it exits. */
interface TimeOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Starts watching for the moment measured; calls `mark` then; returns how to stop watching. */
  until?: (mark: () => void) => () => void;
}

const timeProcess = (args: readonly string[], opts: TimeOptions = {}): Promise<number> =>
  new Promise((done, fail) => {
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
      else done(at);
    });
  });

const medianOf = async (runs: number, once: () => Promise<number>): Promise<number> => {
  await once(); // warm the file cache; not counted
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return median(times);
};

/** The figures, without printing them (the smoke test in `npm test` calls this with one run). */
export const measureStartup = async (opts: StartupOptions = {}): Promise<StartupFigure[]> => {
  ensureBuilt();
  const runs = opts.runs ?? RUNS;
  const baseline = await medianOf(runs, () => timeProcess(['-e', '0']));
  const figure = (metric: string, value: number, target: number): StartupFigure => ({
    metric,
    value,
    unit: 'ms',
    baseline,
    ratio: value / baseline,
    target,
  });
  const figures = [
    figure('help', await medianOf(runs, () => timeProcess([bin, '--help'])), TARGETS.help),
    figure('version', await medianOf(runs, () => timeProcess([bin, '--version'])), TARGETS.version),
  ];
  for (const type of opts.hris ?? Object.keys(connectors)) {
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
      const ms = await medianOf(runs, () => timeProcess(plan, { cwd: ws.dir, env: sandbox.env, until: firstRequest }));
      figures.push(figure(`plan-first-request-${type}`, ms, TARGETS.plan));
    } finally {
      await sandbox.close();
      rmSync(ws.dir, { recursive: true, force: true });
    }
  }
  return figures;
};

export const run = async (): Promise<void> => {
  const figures = await measureStartup();
  const first = figures[0];
  if (first) emit('startup', 'node-e-0', first.baseline, 'ms');
  for (const f of figures) {
    const ratio = Math.round(f.ratio * 100) / 100;
    emit('startup', f.metric, f.value, f.unit, { baseline: Math.round(f.baseline * 10) / 10, ratio, target: f.target });
  }
};
