/**
 * SIGKILL at a random point of a real CLI `apply` (issue 12, crash safety): a fresh sandbox, `apply --yes` killed
 * after a random number of HRIS writes (or a random moment, before any write), then `apply --yes` again; the HRIS
 * must end as one uninterrupted run leaves it, with every write audited. Shared by the test and `npm run soak`.
 */
import { join } from 'node:path';
import { connectors } from '../../connectors/index.js';
import { seededRandom } from '../../src/connector-kit/sandbox-faults.js';
import type { SyntheticOrg } from '../../schemas/index.js';
import { normalised, runCli, workspaceFor } from './cli.js';
import { compare } from './fault-matrix.js';
import { manyWriteRequests } from './writes.js';

export interface KillReference {
  state: ReturnType<typeof normalised>;
  writes: number;
}

/**
 * The HRIS state after one uninterrupted CLI `apply --yes` on a fresh sandbox, and the write requests it took: the
 * range a kill point is drawn from. Both runs write as `manyWriteRequests` says (SuccessFactors in small upsert
 * batches), so there are write requests enough to stop a run between, and one in flight may hold goal creates.
 */
export const cliReference = async (type: string, org: SyntheticOrg): Promise<KillReference> => {
  const def = connectors[type];
  if (!def) throw new Error(`no connector ${type}`);
  const sandbox = await def.sandbox.start({ org, port: 0 });
  try {
    const ws = workspaceFor(sandbox, org, { connectors: [manyWriteRequests(sandbox, 'sub')] });
    const run = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    if (run.code !== 0) throw new Error(`the uninterrupted ${type} apply exited ${String(run.code)}: ${run.stderr}`);
    return { state: normalised(sandbox.snapshot()), writes: sandbox.stats().writes };
  } finally {
    await sandbox.close();
  }
};

export interface KillResult {
  /** Writes the HRIS had seen when the process died (0: killed before any). */
  writesBeforeKill: number;
  killed: boolean;
  resumedExit: number | null;
  lost: number;
  duplicates: number;
  unaudited: number;
  auditProblem: string | null;
  /** The HRIS equals the uninterrupted run's. */
  same: boolean;
}

/**
 * One kill. `random` in [0, 1) picks the point: below 0.15 a moment in the first two seconds (start-up, reads, the
 * first writes), otherwise a write count within the uninterrupted run's.
 */
export const killOnce = async (
  type: string,
  org: SyntheticOrg,
  reference: KillReference,
  random: () => number,
): Promise<KillResult> => {
  const def = connectors[type];
  if (!def) throw new Error(`no connector ${type}`);
  const sandbox = await def.sandbox.start({ org, port: 0 });
  try {
    const seed = sandbox.snapshot();
    const ws = workspaceFor(sandbox, org, { connectors: [manyWriteRequests(sandbox, 'sub')] });
    const byTime = random() < 0.15;
    const atMs = Math.floor(random() * 2000);
    const atWrites = 1 + Math.floor(random() * Math.max(1, reference.writes - 1));
    const killed = await runCli(['apply', '--yes', '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox.env,
      onSpawn: (child) => {
        const started = Date.now();
        const timer = setInterval(() => {
          if (byTime ? Date.now() - started >= atMs : sandbox.stats().writes >= atWrites) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 1);
        child.on('close', () => clearInterval(timer));
      },
    });
    const writesBeforeKill = sandbox.stats().writes;
    const resumed = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    const final = sandbox.snapshot();
    const checks = compare(reference.state, seed, final, join(ws.dir, '.fluencyflow', 'state.db'));
    const same = JSON.stringify(normalised(final)) === JSON.stringify(reference.state);
    return { writesBeforeKill, killed: killed.signal === 'SIGKILL', resumedExit: resumed.code, ...checks, same };
  } finally {
    await sandbox.close();
  }
};

/** A seeded generator in [0, 1), so a failing kill can be repeated: the fault injector's own. */
export const seeded = seededRandom;
