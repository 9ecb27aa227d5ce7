/**
 * Several `fluencyflow apply` worker processes (the real CLI) sharing one PostgreSQL state store, against a BambooHR
 * sandbox behind a rate limit of R requests per second; optionally the worker holding the lease is SIGKILLed once
 * the HRIS has seen a number of writes. Shared by the e2e test and the throughput bench (`bench/workers.ts`).
 */
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { connectors } from '../../connectors/index.js';
import type { SandboxSnapshot } from '../../src/connector.js';
import type { SyntheticOrg } from '../../schemas/index.js';
import type { PgTarget } from '../../src/state/pg-db.js';
import { runCli, workspaceFor, type CliResult } from './cli.js';
import { PG_PASSWORD, PG_USER, type PgServer } from './postgres.js';
import { rateLimitedFront } from './rate-limit.js';

const PASSWORD_ENV = 'FF_TEST_STATE_PASSWORD';

export interface WorkersRun {
  seed: SandboxSnapshot;
  final: SandboxSnapshot;
  /** Writes the HRIS received (successful write requests). */
  writes: number;
  /** Requests the rate limit passed on to the sandbox, and refused with 429. */
  passed: number;
  refused: number;
  elapsedMs: number;
  workers: { pid: number; result: CliResult }[];
  /** The pid of the worker killed mid-apply, if one was. */
  killedPid: number | null;
  target: PgTarget;
}

/** The pid holding connector `sub`'s lease, read from the database as an operator would. */
const leaseHolder = async (server: PgServer, database: string): Promise<number | null> => {
  const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: PG_USER, password: PG_PASSWORD, database });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>("SELECT pid FROM locks WHERE name = 'connector:sub'");
    return r.rows[0]?.pid ?? null;
  } finally {
    await c.end();
  }
};

export const runWorkers = async (opts: {
  org: SyntheticOrg;
  server: PgServer;
  database: string;
  workers: number;
  perSecond: number;
  /** SIGKILL the lease holder once the HRIS has seen this many writes. */
  killAfterWrites?: number;
}): Promise<WorkersRun> => {
  const def = connectors['bamboohr'];
  if (!def) throw new Error('no bamboohr connector');
  const sandbox = await def.sandbox.start({ org: opts.org, port: 0 });
  const front = await rateLimitedFront(sandbox.baseUrl, opts.perSecond);
  try {
    const seed = sandbox.snapshot();
    const url = await opts.server.createDatabase(opts.database);
    const ws = workspaceFor(sandbox, opts.org, {
      state: url,
      statePassword: { env: PASSWORD_ENV },
      connectors: [{ ...sandbox.connectorConfig('sub'), baseUrl: front.baseUrl }],
    });
    const env = { ...sandbox.env, [PASSWORD_ENV]: PG_PASSWORD };
    const children: ChildProcess[] = [];
    let killedPid: number | null = null;
    let watching: NodeJS.Timeout | null = null;
    const kill = opts.killAfterWrites;
    if (kill !== undefined) {
      let busy = false;
      watching = setInterval(() => {
        if (busy || sandbox.stats().writes < kill) return;
        busy = true;
        void leaseHolder(opts.server, opts.database).then((pid) => {
          const child = children.find((c) => c.pid === pid);
          if (child && watching) {
            clearInterval(watching);
            watching = null;
            killedPid = pid;
            child.kill('SIGKILL');
          }
          busy = false;
        });
      }, 5);
    }
    const started = performance.now();
    const args = ['apply', '--yes', '--wait', '3600', '--config', ws.config];
    const results = await Promise.all(
      Array.from({ length: opts.workers }, () => runCli(args, { cwd: ws.dir, env, onSpawn: (c) => children.push(c) })),
    );
    const elapsedMs = performance.now() - started;
    if (watching) clearInterval(watching);
    return {
      seed,
      final: sandbox.snapshot(),
      writes: sandbox.stats().writes,
      passed: front.counts().passed,
      refused: front.counts().refused,
      elapsedMs,
      workers: results.map((result, i) => ({ pid: children[i]?.pid ?? 0, result })),
      killedPid,
      target: { url, password: PG_PASSWORD },
    };
  } finally {
    await front.close();
    await sandbox.close();
  }
};
