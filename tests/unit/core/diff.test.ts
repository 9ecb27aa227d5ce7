import { describe, expect, it } from 'vitest';
import { currentGoal, currentState, type GoalIdentity } from '../../../schemas/index.js';
import { buildPolicy } from '../../../src/core/policy.js';
import { evaluateEmployee } from '../../../src/core/evaluate.js';
import { diffEmployee, pickGoal } from '../../../src/core/diff.js';
import { buildPlan } from '../../../src/core/plan.js';
import { makeConfig } from '../../helpers/config.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { person } from './employee-fixture.js';

const policy = buildPolicy(makeConfig());
const D = '2027-03-31';
const identity: GoalIdentity = {
  cycleId: 'FY2027',
  title: 'AI fluency development goal FY2027',
  markerPrefix: '[fluencyflow:FY2027:',
  referenceIdPrefix: 'FLUENCY-FY2027-',
};
const emp = person({
  grade: 'G6',
  id: '42',
  jobHistory: [
    { effectiveDate: '2020-01-01', grade: 'G5' },
    { effectiveDate: '2026-09-01', grade: 'G6' },
  ],
});
const decision = evaluateEmployee(policy, emp, evidenceOf({}), D);

describe('pickGoal', () => {
  const g = (over: Record<string, unknown>) => currentGoal.parse({ id: '1', title: 'x', ...over });
  it('prefers our marker, then an open goal with the standard title, then a closed one', () => {
    const goals = [
      g({ id: '5', title: identity.title, closed: true }),
      g({ id: '3', title: identity.title }),
      g({ id: '9', title: 'renamed by a manager', description: 'x\n[fluencyflow:FY2027:42]' }),
      g({ id: '1', title: 'Grow customer impact' }),
    ];
    expect(pickGoal(goals, identity, '42')?.id).toBe('9');
    expect(pickGoal(goals.slice(0, 2), identity, '42')?.id).toBe('3');
    expect(pickGoal(goals.slice(0, 1), identity, '42')?.id).toBe('5');
    expect(pickGoal([goals[3] ?? g({})], identity, '42')).toBeNull();
    // Another employee's marker is not ours.
    expect(pickGoal([g({ id: '2', description: '[fluencyflow:FY2027:421]' })], identity, '42')).toBeNull();
  });

  it('adopts a goal named in any configured language, and ours by its reference line first', () => {
    const multi: GoalIdentity = { ...identity, titles: [identity.title, 'AI活用力の育成目標（FY2027）'] };
    const ja = g({ id: '4', title: 'AI活用力の育成目標（FY2027）' });
    expect(pickGoal([ja, g({ id: '1', title: 'Grow customer impact' })], multi, '42')?.id).toBe('4');
    const referenced = g({ id: '8', title: 'renamed', description: 'text\nRef: FLUENCY-FY2027-42' });
    expect(pickGoal([ja, referenced], multi, '42')?.id).toBe('8');
    expect(
      pickGoal([g({ id: '8', title: 'renamed', description: 'text\nRef: FLUENCY-FY2027-421' })], multi, '42'),
    ).toBeNull();
  });
});

describe('diffEmployee', () => {
  it('creates goal, flag and note when the HRIS holds nothing', () => {
    const changes = diffEmployee(emp, currentState.parse({}), decision.desired, identity);
    expect(changes.map((c) => `${c.kind}:${c.action}`)).toEqual([
      'goal:create',
      'eligibility:create',
      'exception-note:create',
    ]);
  });

  it('is all noops when the HRIS already holds the desired state', () => {
    const goal = decision.desired.goal;
    const el = decision.desired.eligibility;
    if (!goal || !el) throw new Error('fixture');
    const current = currentState.parse({
      goals: [
        {
          id: '77',
          title: goal.title,
          description: goal.description,
          dueDate: goal.dueDate,
          percentComplete: goal.percentComplete,
          status: null,
        },
      ],
      eligibility: el,
      exceptionNotes: decision.desired.notes.map((n) => ({
        ...n,
        note: 'written by an earlier run, wording may differ',
      })),
    });
    expect(diffEmployee(emp, current, decision.desired, identity).every((c) => c.action === 'noop')).toBe(true);
  });

  it('adopts and reopens a closed goal with the standard title instead of creating another', () => {
    const current = currentState.parse({
      goals: [{ id: '8', title: identity.title, closed: true, percentComplete: 10 }],
    });
    const goalChange = diffEmployee(emp, current, decision.desired, identity)[0];
    expect(goalChange).toMatchObject({ kind: 'goal', action: 'update', before: { id: '8', closed: true } });
    expect(goalChange?.reason).toContain('reopen');
  });

  it('updates the flag when the value or the reason changed', () => {
    const current = currentState.parse({ eligibility: { value: 'eligible', reason: 'old' } });
    const c = diffEmployee(emp, current, decision.desired, identity).find((x) => x.kind === 'eligibility');
    expect(c).toMatchObject({ action: 'update', reason: 'eligible -> not-eligible' });
  });
});

describe('buildPlan', () => {
  it('is byte-identical for the same inputs whatever the order they came in, and keeps only writes', () => {
    const a = person({ id: '10', grade: 'G2' });
    const b = person({ id: '9', grade: 'G7' });
    const changesFor = (e: typeof a) =>
      diffEmployee(e, currentState.parse({}), evaluateEmployee(policy, e, evidenceOf({}), D).desired, identity);
    const mk = (list: ReturnType<typeof changesFor>) =>
      JSON.stringify(
        buildPlan({
          organization: 'X',
          asOf: D,
          cycle: 'FY2027',
          fingerprint: 'f',
          policyHash: 'p',
          changes: list,
          employees: 2,
          judged: 2,
          issues: [],
        }),
      );
    const one = mk([...changesFor(a), ...changesFor(b)]);
    const two = mk([...changesFor(b), ...changesFor(a)]);
    expect(one).toBe(two);
    const parsed: unknown = JSON.parse(one);
    expect(parsed).toMatchObject({ summary: { create: 4, update: 0, noop: 0 } });
    // Employee 9 sorts before 10 (numeric-aware).
    expect(one.indexOf('"employeeId":"9"')).toBeLessThan(one.indexOf('"employeeId":"10"'));
  });
});
