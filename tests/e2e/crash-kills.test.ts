import { describe, expect, it } from 'vitest';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { CLI_TEST_TIMEOUT } from '../helpers/cli.js';
import { TITLE } from '../helpers/fault-matrix.js';
import { cliReference, killOnce, seeded, type KillReference } from '../helpers/kill-run.js';

/**
 * Crash safety (issue 12): ten SIGKILLs at random points of a real CLI `apply` across the three HRIS (the soak runs
 * fifty and more per HRIS), each followed by `apply`: the HRIS ends as one uninterrupted run leaves it, and every
 * write has an audited intent and outcome once the next run reconciled the killed one.
 */
const cycleEnd = '2027-12-31';
const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: 60, seed: 9, standardGoalTitle: TITLE, cycleEnd });
const KILLS: readonly [string, number][] = [
  ['bamboohr', 4],
  ['successfactors', 3],
  ['workday', 3],
];

describe.each(KILLS)('SIGKILL during apply on %s', (type, kills) => {
  let reference: Promise<KillReference> | undefined;
  const numbers = Array.from({ length: kills }, (_, i) => i + 1);
  const title = 'kill %i, then apply: the uninterrupted end state, all audited';
  it.each(numbers)(title, { timeout: CLI_TEST_TIMEOUT }, async (n) => {
    reference ??= cliReference(type, org);
    const ref = await reference;
    const result = await killOnce(type, org, ref, seeded(n * 7919 + type.length));
    expect(result.killed).toBe(true);
    expect(result.resumedExit).toBe(0);
    const { lost, duplicates, unaudited, auditProblem: audit, same } = result;
    expect({ lost, duplicates, unaudited, audit, same }).toEqual({
      lost: 0,
      duplicates: 0,
      unaudited: 0,
      audit: null,
      same: true,
    });
  });
});
