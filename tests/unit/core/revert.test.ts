import { describe, expect, it } from 'vitest';
import type { CurrentGoal, CurrentState, DesiredGoal, GoalIdentity } from '../../../schemas/index.js';
import {
  planRevert,
  revertFingerprint,
  revertKey,
  revertSummary,
  type LaterWrite,
  type RunWrite,
} from '../../../src/core/revert.js';

const identity: GoalIdentity = {
  cycleId: 'FY2027',
  title: 'AI fluency goal',
  markerPrefix: '[fluencyflow:FY2027:',
  referenceIdPrefix: 'ff-FY2027-',
};

const desired = (employeeId: string, over: Partial<DesiredGoal> = {}): DesiredGoal => ({
  title: 'AI fluency goal',
  description: `Reach practitioner.\n[fluencyflow:FY2027:${employeeId}]`,
  dueDate: '2027-12-31',
  percentComplete: 40,
  status: 'on-track',
  targetLevel: 'practitioner',
  marker: `[fluencyflow:FY2027:${employeeId}]`,
  referenceId: `ff-FY2027-${employeeId}`,
  cycleStart: '2027-01-01',
  ...over,
});

/** The goal as the HRIS holds it once `d` was written. */
const held = (id: string, d: DesiredGoal, over: Partial<CurrentGoal> = {}): CurrentGoal => ({
  id,
  title: d.title,
  description: d.description,
  dueDate: d.dueDate,
  percentComplete: d.percentComplete,
  status: d.status,
  closed: false,
  referenceId: null,
  ...over,
});

const write = (
  employeeId: string,
  kind: string,
  before: unknown,
  after: unknown,
  over: Partial<RunWrite> = {},
): RunWrite => ({
  connector: 'us',
  employeeId,
  changeKey: `${kind}-${employeeId}`,
  kind,
  action: before === null ? 'create' : 'update',
  before,
  after,
  outcome: 'applied',
  ...over,
});

const state = (over: Partial<CurrentState> = {}): CurrentState => ({
  goals: [],
  eligibility: null,
  exceptionNotes: [],
  ...over,
});

const plan = (
  writes: RunWrite[],
  now: Record<string, CurrentState>,
  laterWrite: (k: string) => LaterWrite | null = () => null,
) =>
  planRevert({
    runId: 'run-1',
    writes,
    laterWrite,
    heldNow: (_c, id) => (now[id] ? { current: now[id], displayName: `Person ${id}` } : null),
    identity,
    goalRemoval: () => 'delete',
  });

const note = { promotionDate: '2027-03-01', fromGrade: 'G5', toGrade: 'G6', note: 'justification required' };

describe('planRevert: the inverse of a run', () => {
  it('deletes a goal the run created, restores a flag it changed, clears a flag it set, deletes a note it added', () => {
    const g1 = desired('1');
    const section = plan(
      [
        write('1', 'goal', null, g1),
        write('1', 'eligibility', { value: 'eligible', reason: 'old' }, { value: 'not-eligible', reason: 'new' }),
        write('2', 'eligibility', null, { value: 'eligible', reason: 'met' }),
        write('2', 'exception-note', null, note),
      ],
      {
        '1': state({ goals: [held('g-1', g1)], eligibility: { value: 'not-eligible', reason: 'new' } }),
        '2': state({ eligibility: { value: 'eligible', reason: 'met' }, exceptionNotes: [{ ...note, id: 'row-9' }] }),
      },
    );
    expect(section.skipped).toEqual([]);
    expect(section.changes.map((c) => [c.employeeId, c.kind, c.action, c.after])).toEqual([
      ['1', 'goal', 'delete', null],
      ['1', 'eligibility', 'restore', { value: 'eligible', reason: 'old' }],
      ['2', 'eligibility', 'restore', null],
      ['2', 'exception-note', 'delete', null],
    ]);
    const goal = section.changes[0];
    expect(goal?.kind === 'goal' ? goal.before.id : null).toBe('g-1');
    const row = section.changes[3];
    expect(row?.kind === 'exception-note' ? row.before.id : null).toBe('row-9');
    expect(section.changes.every((c) => c.displayName === `Person ${c.employeeId}`)).toBe(true);
    expect(section.changes[0]?.key).toBe(revertKey('run-1', 'goal-1'));
  });

  it('restores an adopted goal to what the run found, and closes instead of deleting where the HRIS cannot delete', () => {
    const found: CurrentGoal = {
      id: 'g-7',
      title: 'AI fluency goal',
      description: 'by the manager',
      dueDate: '2027-06-30',
      percentComplete: 10,
      status: null,
      closed: true,
      referenceId: null,
    };
    const d7 = desired('7');
    const d8 = desired('8');
    const section = planRevert({
      runId: 'run-1',
      writes: [write('7', 'goal', found, d7), write('8', 'goal', null, d8)],
      laterWrite: () => null,
      heldNow: (_c, id) => ({ current: state({ goals: [held(`g-${id}`, id === '7' ? d7 : d8)] }) }),
      identity,
      goalRemoval: () => 'close',
    });
    expect(section.changes.map((c) => [c.employeeId, c.action, c.after])).toEqual([
      ['7', 'restore', found],
      ['8', 'close', null],
    ]);
    expect(section.changes[1]?.reason).toContain('no goal delete');
  });

  it('leaves values changed since alone and says by whom: someone else, or a later fluencyflow run', () => {
    const g = desired('1');
    const section = plan(
      [
        write('1', 'goal', null, g),
        write('1', 'eligibility', null, { value: 'eligible', reason: 'met' }),
        write('2', 'eligibility', null, { value: 'eligible', reason: 'met' }),
        write('2', 'exception-note', null, note),
      ],
      {
        '1': state({
          goals: [held('g-1', g, { percentComplete: 90 })],
          eligibility: { value: 'not-eligible', reason: 'HRBP decision' },
        }),
        '2': state({ eligibility: { value: 'eligible', reason: 'met again' }, exceptionNotes: [] }),
      },
      (key) => (key === 'eligibility-2' ? { runId: 'run-2', seq: 9, outcome: 'applied' } : null),
    );
    expect(section.changes).toEqual([]);
    expect(section.skipped.map((s) => [s.employeeId, s.kind, s.reason])).toEqual([
      ['1', 'goal', 'the goal was changed since by someone else (progress 40 -> 90)'],
      [
        '1',
        'eligibility',
        'the flag was changed since by someone else (the run wrote eligible, the HRIS holds not-eligible)',
      ],
      ['2', 'eligibility', 'the flag was changed since by fluencyflow run run-2 (its reason was edited)'],
      [
        '2',
        'exception-note',
        'the exception note of 2027-03-01 is no longer in the HRIS (removed since by someone else)',
      ],
    ]);
    expect(section.skipped.every((s) => s.displayName === `Person ${s.employeeId}`)).toBe(true);
  });

  it('does not plan again what a revert undid already, unless a later run wrote it again since', () => {
    const flag = { value: 'eligible' as const, reason: 'met' };
    const writes = [write('1', 'eligibility', null, flag), write('2', 'eligibility', null, flag)];
    const undoneBy = (n: number): LaterWrite => ({ runId: 'revert-1', seq: n, outcome: 'applied' });
    const section = plan(writes, { '1': state(), '2': state({ eligibility: flag }) }, (key) =>
      key === revertKey('run-1', 'eligibility-1') || key === revertKey('run-1', 'eligibility-2')
        ? undoneBy(5)
        : key === 'eligibility-2'
          ? { runId: 'run-3', seq: 8, outcome: 'applied' }
          : null,
    );
    expect(section.skipped.map((s) => [s.employeeId, s.reason])).toEqual([
      ['1', 'already undone by revert run revert-1'],
    ]);
    expect(section.changes.map((c) => c.employeeId)).toEqual(['2']);
  });

  it('undoes only what was written: failed and noop outcomes are ignored; an unknown one only when the HRIS holds it', () => {
    const flag = { value: 'eligible' as const, reason: 'met' };
    const section = plan(
      [
        write('1', 'eligibility', null, flag, { outcome: 'failed' }),
        write('2', 'eligibility', null, flag, { outcome: 'noop' }),
        write('3', 'eligibility', null, flag, { outcome: 'unknown' }),
        write('4', 'eligibility', null, flag, { outcome: 'unknown' }),
        write('5', 'eligibility', null, flag),
      ],
      {
        '1': state({ eligibility: flag }),
        '2': state({ eligibility: flag }),
        '3': state({ eligibility: flag }),
        '4': state(),
      },
    );
    expect(section.changes.map((c) => c.employeeId)).toEqual(['3']);
    expect(section.skipped.map((s) => [s.employeeId, s.reason])).toEqual([
      [
        '4',
        'the flag was changed since by someone else (the run wrote eligible, the HRIS holds not set) ' +
          "(the write's outcome was never known)",
      ],
      ['5', 'the employee is no longer in the HRIS'],
    ]);
  });

  it('summarises and fingerprints the plan: the fingerprint moves when the HRIS does', () => {
    const flag = { value: 'eligible' as const, reason: 'met' };
    const a = plan([write('1', 'eligibility', null, flag)], { '1': state({ eligibility: flag }) });
    const b = plan([write('1', 'eligibility', null, flag)], {
      '1': state({ eligibility: { ...flag, reason: 'edited' } }),
    });
    expect(revertSummary(a)).toMatchObject({
      employees: 1,
      update: 1,
      noop: 0,
      byKind: { eligibility: { update: 1, noop: 0 } },
    });
    expect(revertSummary(b)).toMatchObject({ employees: 1, update: 0, noop: 1 });
    expect(revertFingerprint(a)).toBe(
      revertFingerprint(plan([write('1', 'eligibility', null, flag)], { '1': state({ eligibility: flag }) })),
    );
    expect(revertFingerprint(a)).not.toBe(revertFingerprint(b));
  });
});
