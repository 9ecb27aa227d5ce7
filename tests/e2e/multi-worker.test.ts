import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { StateStore } from '../../src/state/state-store.js';
import { CLI_TEST_TIMEOUT, normalised } from '../helpers/cli.js';
import { TITLE, compare } from '../helpers/fault-matrix.js';
import { startPostgres, type PgServer } from '../helpers/postgres.js';
import { runWorkers, type WorkersRun } from '../helpers/workers.js';

/**
 * Several workers (issue 14): three `fluencyflow apply --wait` processes share one PostgreSQL state store against a
 * rate-limited BambooHR sandbox; the one holding the connector's lease is SIGKILLed mid-apply. Another takes the
 * lease over, reconciles the killed run's open intent and finishes; the HRIS ends as a single worker leaves it, with
 * every write made once, and the audit names the worker (pid and host, through its run) behind each record.
 * The 5,000-employee figures come from `bench/workers.ts`; here the organisation is small enough for `npm test`.
 */
const EMPLOYEES = 120;
const PER_SECOND = 50;
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: EMPLOYEES,
  seed: 14,
  standardGoalTitle: TITLE,
  cycleEnd: '2027-12-31',
});

let server: PgServer | null = null;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(() => server?.stop());

const pgServer = (): PgServer => {
  if (server === null) throw new Error('the PostgreSQL server did not start');
  return server;
};

describe('three workers on one PostgreSQL, one SIGKILLed mid-apply', () => {
  let single: WorkersRun;

  it('one worker alone: the reference run', { timeout: CLI_TEST_TIMEOUT }, async () => {
    single = await runWorkers({ org, server: pgServer(), database: 'single', workers: 1, perSecond: PER_SECOND });
    expect(single.workers.map((w) => w.result.code)).toEqual([0]);
    expect(single.writes).toBeGreaterThan(EMPLOYEES);
  });

  it(
    'three workers, the lease holder killed: the same HRIS, each write once, all audited',
    { timeout: CLI_TEST_TIMEOUT },
    async () => {
      const run = await runWorkers({
        org,
        server: pgServer(),
        database: 'three',
        workers: 3,
        perSecond: PER_SECOND,
        killAfterWrites: Math.floor(single.writes / 3),
      });
      const killed = run.workers.filter((w) => w.result.signal === 'SIGKILL');
      expect(killed.map((w) => w.pid)).toEqual([run.killedPid]);
      const survivors = run.workers.filter((w) => w.result.signal !== 'SIGKILL');
      expect(survivors.map((w) => [w.result.code, w.result.stderr.match(/FF_\w+/)?.[0] ?? null])).toEqual([
        [0, null],
        [0, null],
      ]);
      // The end state of the single worker; none written twice, none missing (the write in flight at the kill was
      // either made by the killed worker and found in place, or not made and made once by the next).
      expect(normalised(run.final)).toEqual(normalised(single.final));
      expect(run.writes).toBe(single.writes);
      const checks = compare(normalised(single.final), run.seed, run.final, run.target);
      expect(checks).toEqual({ lost: 0, duplicates: 0, unaudited: 0, auditProblem: null });

      // Who did what: every audit record (as `audit export` writes it) names the pid and host of its run's worker.
      const store = new StateStore(run.target);
      try {
        const rows = [...store.auditRows()];
        const pids = new Set(run.workers.map((w) => w.pid));
        expect(rows.every((r) => pids.has(Number(r.worker_pid)) && r.worker_host === hostname())).toBe(true);
        const intentsByPid = new Map<number, number>();
        for (const r of rows.filter((x) => x.phase === 'intent'))
          intentsByPid.set(Number(r.worker_pid), (intentsByPid.get(Number(r.worker_pid)) ?? 0) + 1);
        // The killed worker wrote some, one survivor the rest; the last to get the lease found nothing left to do.
        expect(intentsByPid.get(run.killedPid ?? -1)).toBeGreaterThan(0);
        expect([...intentsByPid.keys()].filter((p) => p !== run.killedPid)).toHaveLength(1);
        const killedRun = store
          .lastRuns(10)
          .find((r) => rows.some((x) => x.run_id === r.id && Number(x.worker_pid) === run.killedPid));
        expect(killedRun?.status).toBe('interrupted');
        // Its writes in flight at the kill were given their outcome by the worker that took the lease over.
        const ofKilled = rows.filter((r) => r.run_id === killedRun?.id);
        const answered = new Set(ofKilled.filter((r) => r.phase === 'outcome').map((r) => Number(r.intent_seq)));
        const reconciled = ofKilled.filter((r) =>
          String(r.error_message ?? '').includes(`after run ${killedRun?.id ?? '?'} was interrupted`),
        );
        const intents = ofKilled.filter((r) => r.phase === 'intent');
        expect(intents.every((r) => answered.has(Number(r.seq)))).toBe(true);
        const ownOutcomes = ofKilled.filter((r) => r.phase === 'outcome' && !reconciled.includes(r));
        expect(reconciled).toHaveLength(intents.length - ownOutcomes.length);
        expect(store.verifyAudit()).toMatchObject({ problem: null, openIntents: 0, missingTriggers: [] });
        process.stderr.write(
          `multi-worker: ${run.writes} writes, ${run.refused} throttled, killed pid ${run.killedPid ?? '-'} after ` +
            `${intentsByPid.get(run.killedPid ?? -1) ?? 0} intents, ${reconciled.length} reconciled by the ` +
            `next worker\n`,
        );
      } finally {
        store.close();
      }
    },
  );
});
