import { afterEach, expect } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox, SandboxQuirks } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { normalised, runCli, workspaceFor } from './cli.js';
import { manyWriteRequests } from './writes.js';

export const TITLE = 'AI fluency development goal FY2027';

/**
 * One HRIS for the end-to-end CLI tests (tests/e2e/hris-cli*.test.ts): its synthetic organisation, `start` for a fresh
 * sandbox (closed after each test), and `uninterrupted` for the state one plain `apply --yes` leaves. Call it inside
 * a describe block. `employees` (300 by default): a test that follows a few people needs fewer, and runs faster;
 * `seed` (5 by default) picks another organisation.
 */
export const hrisFixture = (type: string, size: { employees?: number; seed?: number } = {}) => {
  const def = connectors[type];
  if (!def) throw new Error(type);
  const org = generateSyntheticOrg({
    asOf: '2027-06-30',
    employees: size.employees ?? 300,
    seed: size.seed ?? 5,
    standardGoalTitle: TITLE,
    cycleEnd: '2027-12-31',
  });
  const running: RunningSandbox[] = [];
  const start = async (quirks: Partial<SandboxQuirks> = {}) => {
    const s = await def.sandbox.start({ org, port: 0, quirks });
    running.push(s);
    return s;
  };
  afterEach(async () => {
    while (running.length) await running.pop()?.close();
  });
  /**
   * The HRIS state after one uninterrupted `apply --yes` on a fresh sandbox, and the write requests it took (with
   * `manyWriteRequests`, as a run to be killed between two of them makes them): what the interrupted, throttled and
   * failing runs must end with. The same org and evidence each time, so it is computed once per HRIS, by the first
   * test that needs it.
   */
  let reference: Promise<{ state: ReturnType<typeof normalised>; writes: number }> | undefined;
  const uninterrupted = () =>
    (reference ??= (async () => {
      const sandbox = await def.sandbox.start({ org, port: 0 });
      try {
        const ws = workspaceFor(sandbox, org, { connectors: [manyWriteRequests(sandbox, 'sub')] });
        const run = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
        expect(run.code, run.stderr).toBe(0);
        return { state: normalised(sandbox.snapshot()), writes: sandbox.stats().writes };
      } finally {
        await sandbox.close();
      }
    })());
  return { org, start, uninterrupted };
};
