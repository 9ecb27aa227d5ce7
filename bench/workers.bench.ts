/**
 * Apply throughput with 1, 2 and 3 worker processes (`apply --wait`) sharing one PostgreSQL state store, against a
 * BambooHR sandbox limited to R requests per second, and the same with the lease holder SIGKILLed a third of the way
 * (`FLUENCYFLOW_BENCH_WORKERS_EMPLOYEES`, default 5000; `FLUENCYFLOW_BENCH_WORKERS_RATE`, default 100). Each run is
 * checked against the end state of the first run whose workers all finished cleanly (`referenceWorkers`). Expected: the
 * rate limit, not the worker count, bounds it (each
 * connector's apply runs on one worker at a time).
 */
import { TITLE } from '../tests/helpers/fault-matrix.js';
import { normalised } from '../tests/helpers/cli.js';
import { startPostgres } from '../tests/helpers/postgres.js';
import { runWorkers } from '../tests/helpers/workers.js';
import { generateSyntheticOrg } from '../src/demo/synthetic-org.js';
import { emit } from './emit.js';

const N = Number(process.env.FLUENCYFLOW_BENCH_WORKERS_EMPLOYEES ?? 5000);
const RATE = Number(process.env.FLUENCYFLOW_BENCH_WORKERS_RATE ?? 100);

export const run = async (): Promise<void> => {
  const org = generateSyntheticOrg({
    asOf: '2027-06-30',
    employees: N,
    seed: 14,
    standardGoalTitle: TITLE,
    cycleEnd: '2027-12-31',
  });
  const server = await startPostgres();
  try {
    let reference: string | null = null;
    let referenceWrites = 0;
    let referenceWorkers = 0;
    let lastWrites = 0;
    for (const [workers, kill] of [
      [1, false],
      [2, false],
      [3, false],
      [3, true],
    ] as const) {
      const r = await runWorkers({
        org,
        server,
        database: `bench_${workers}_${kill ? 'kill' : 'clean'}`,
        workers,
        perSecond: RATE,
        ...(kill ? { killAfterWrites: Math.floor((referenceWrites || lastWrites) / 3) } : {}),
      });
      const state = JSON.stringify(normalised(r.final));
      // The reference is the first run in which every worker finished cleanly: a run that ended with exit 3 (some
      // changes failed or have an unknown outcome, planned again by the next run) is reported but not compared against.
      const clean = r.workers.every((w) => w.result.code === 0 || w.pid === r.killedPid);
      if (reference === null && clean) {
        reference = state;
        referenceWrites = r.writes;
        referenceWorkers = workers;
      }
      lastWrites = r.writes;
      const seconds = r.elapsedMs / 1000;
      const extra = {
        workers,
        killed: kill,
        employees: N,
        rateLimit: RATE,
        writes: r.writes,
        requests: r.passed,
        requestsPerSecond: Math.round((r.passed / seconds) * 10) / 10,
        throttled: r.refused,
        seconds: Math.round(seconds * 10) / 10,
        sameAsReference: state === reference && r.writes === referenceWrites,
        referenceWorkers,
        exits: r.workers.map((w) => w.result.code ?? w.result.signal),
        // A worker that ended with exit 3 says why in its summary line (failed, unknown, not attempted).
        summaries: r.workers.map((w) => /^Applied .*$/m.exec(w.result.stdout)?.[0] ?? null),
      };
      emit('workers', 'writes_per_second', r.writes / seconds, 'writes/s', extra);
    }
  } finally {
    server.stop();
  }
};
