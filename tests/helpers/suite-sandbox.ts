import { afterAll, beforeAll } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { TITLE } from './hris-fixture.js';

/**
 * One registered connector for a suite of tests: its synthetic organisation (as of 2027-06-30 unless `o.asOf`), and
 * its sandbox, started before the suite's tests and closed after them. Call it inside the describe block (a contract
 * suite's `describe.each`), or at the top of a file that is one suite.
 */
export const suiteSandbox = (type: string, o: { employees: number; seed: number; asOf?: string }) => {
  const def = connectors[type];
  if (!def) throw new Error(type);
  const org = generateSyntheticOrg({
    asOf: o.asOf ?? '2027-06-30',
    employees: o.employees,
    seed: o.seed,
    standardGoalTitle: TITLE,
    cycleEnd: '2027-12-31',
  });
  let running: RunningSandbox | undefined;
  beforeAll(async () => {
    running = await def.sandbox.start({ org, port: 0 });
  });
  afterAll(async () => {
    await running?.close();
  });
  const sandbox = (): RunningSandbox => {
    if (!running) throw new Error('the sandbox starts before the tests (beforeAll)');
    return running;
  };
  return { org, sandbox };
};
