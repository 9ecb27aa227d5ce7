/**
 * Workday's delta read through the engine (DESIGN §9, reads): after hires, terminations, a hand-set flag and job
 * changes, some entered now and effective later, the merged read plans exactly what a full read plans, as of today
 * and as of a later date when the future-dated ones have become effective.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';
import type { OrgEvaluation } from '../../../src/engine/evaluate-org.js';
import { copyWithoutReadCache, planOf, planReading } from '../../helpers/delta-plan.js';
import { engineFor } from '../../helpers/engine.js';

const AS_OF = '2027-06-30';
const plus = (days: number): string => DateTime.fromISO(AS_OF, { zone: 'UTC' }).plus({ days }).toISODate() ?? AS_OF;
const org = generateSyntheticOrg({
  asOf: AS_OF,
  employees: 60,
  seed: 11,
  standardGoalTitle: 'AI fluency development goal FY2027',
  cycleEnd: '2027-12-31',
});

let sandbox: WorkdaySandbox;
let dir: string;
let state: string;
beforeAll(async () => {
  sandbox = await startWorkdaySandbox({ org, port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'ff-wd-delta-'));
  state = join(dir, 'state.db');
});
afterAll(async () => sandbox.close());

const planWith = (o: { asOf?: string; state?: string } = {}) =>
  planReading(sandbox, org, { ...o, state: o.state ?? state });
/** A full read on a copy of the state store without its read cache: the reference. */
const fresh = (asOf?: string) => planWith({ state: copyWithoutReadCache(state), ...(asOf ? { asOf } : {}) });
const changedIn = (line: string | undefined) => Number(/(\d+) changed/.exec(line ?? '')?.[1] ?? -1);
const recordOf = (ev: OrgEvaluation, id: string) => ev.records.find((r) => r.employee.id === id);

describe('Workday reads by delta', () => {
  it('an unchanged re-run reads by delta: one log query, the flags in WQL pages, no worker read whole', async () => {
    const engine = engineFor(sandbox, org, { state });
    try {
      await engine.apply();
    } finally {
      await engine.close();
    }
    const catchUp = await planWith();
    expect(catchUp.reads).toEqual([expect.stringMatching(/read by delta \([1-9]\d* changed, 0 removed/)]);
    expect(planOf(catchUp.ev)).toEqual(planOf((await fresh()).ev));
    // The apply's writes were goal and note events and flags: those parts are read again, nobody's history. Calls:
    // the log query, the goals of the workers with a goal event, the active references.
    expect(catchUp.byRoute['POST Human_Resources Get_Workers']).toBe(3);
    const again = await planWith();
    const full = await fresh();
    expect(planOf(again.ev)).toEqual(planOf(full.ev));
    expect(again.reads).toEqual([expect.stringMatching(/read by delta \(0 changed, 0 removed/)]);
    expect(full.ev.plan.changes).toEqual([]);
    // No worker read whole: Get_Workers for the log query and the active references only, no REST per worker.
    expect(again.byRoute['GET customObject single'] ?? 0).toBe(0);
    expect(again.byRoute['GET customObject multi'] ?? 0).toBe(0);
    expect(again.requests).toBeLessThan(full.requests / 3);
  });

  it('hires, terminations, hand-set flags and job changes, now and future-dated, plan as a full read', async () => {
    const active = org.employees.filter((e) => e.status === 'active' && e.grade !== null);
    const [t1, t2, f1, g1, g2] = active.slice(3);
    if (!t1 || !t2 || !f1 || !g1 || !g2) throw new Error('the org has too few active workers');
    const grade = (i: number) => org.grades[i] ?? '';
    const hire = (employeeId: string, hireDate: string) =>
      sandbox.hireByHand({
        employeeId,
        firstName: 'New',
        lastName: employeeId,
        email: `${employeeId.toLowerCase()}@example.com`,
        department: 'Engineering',
        jobFamily: 'Engineering',
        grade: grade(3),
        hireDate,
      });
    hire('N100', plus(-3));
    hire('N200', plus(10));
    sandbox.terminateByHand(t1.id, plus(-1));
    sandbox.terminateByHand(t2.id, plus(10));
    sandbox.setFlagByHand(f1.id, { value: 'eligible', reason: 'committee decision', by: 'hrbp.jones' });
    sandbox.setGradeByHand?.(g1.id, grade(0), plus(-2));
    sandbox.setGradeByHand?.(g2.id, grade(0), plus(12));

    const today = await planWith();
    expect(planOf(today.ev)).toEqual(planOf((await fresh()).ev));
    expect(today.reads).toEqual([expect.stringMatching(/read by delta/)]);
    // The six touched people that exist today (N200 is not hired yet), and nobody else.
    expect(changedIn(today.reads[0])).toBe(6);
    expect(recordOf(today.ev, 'N100')?.employee.status).toBe('active');
    expect(recordOf(today.ev, 'N200')).toBeUndefined();
    expect(recordOf(today.ev, t1.id)?.employee.status).toBe('terminated');
    expect(recordOf(today.ev, t2.id)?.employee.status).toBe('active');
    expect(recordOf(today.ev, g1.id)?.employee.grade).toBe(grade(0));
    expect(recordOf(today.ev, g2.id)?.employee.grade).toBe(g2.grade);

    // Later: nothing entered since, but the future-dated hire, termination and job change are now effective.
    const later = await planWith({ asOf: plus(15) });
    const reference = await fresh(plus(15));
    expect(planOf(later.ev)).toEqual(planOf(reference.ev));
    expect(later.reads).toEqual([expect.stringMatching(/read by delta/)]);
    // At least the three that became effective: the hire, the termination and the job change.
    expect(changedIn(later.reads[0])).toBeGreaterThanOrEqual(3);
    expect(recordOf(later.ev, 'N200')?.employee.status).toBe('active');
    expect(recordOf(later.ev, t2.id)?.employee.status).toBe('terminated');
    expect(recordOf(later.ev, g2.id)?.employee.grade).toBe(grade(0));
    expect(later.requests).toBeLessThan(reference.requests);
  });
});

describe('Workday reads are dated by when they began, not by the last whole second', () => {
  let own: WorkdaySandbox;
  beforeAll(async () => {
    own = await startWorkdaySandbox({ org, port: 0 });
  });
  afterAll(async () => own.close());

  it('a plan right after an apply sees every write of it (no manual changes, nothing to do)', async () => {
    // Without waiting: a read dated by the lower bound of Workday's time (its `Date` header, whole seconds) misses
    // the writes of the last second, and the plan reports them as deleted by hand (connectors/workday/server-time.ts).
    for (let i = 0; i < 3; i++) {
      const ownState = join(mkdtempSync(join(tmpdir(), 'ff-wd-settled-')), 'state.db');
      const engine = engineFor(own, org, { state: ownState });
      try {
        await engine.apply();
      } finally {
        await engine.close();
      }
      const next = await planReading(own, org, { state: ownState });
      expect(next.reads).toEqual([expect.stringMatching(/read by delta/)]);
      expect(next.ev.plan.changes).toEqual([]);
      expect(next.ev.manualChanges).toEqual([]);
    }
  });
});
