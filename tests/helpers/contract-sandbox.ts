import { afterAll, beforeAll } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { TITLE } from './hris-fixture.js';

/**
 * One registered connector for a contract suite (tests/contract): its synthetic organisation, and its sandbox,
 * started before the suite's tests and closed after them. Call it inside the `describe.each` block.
 */
export const contractSandbox = (type: string, size: { employees: number; seed: number }) => {
  const def = connectors[type];
  if (!def) throw new Error(type);
  const org = generateSyntheticOrg({
    asOf: '2027-06-30',
    employees: size.employees,
    seed: size.seed,
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
