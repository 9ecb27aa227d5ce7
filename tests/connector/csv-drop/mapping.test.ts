import { describe, expect, it } from 'vitest';
import { csvDropConfigSchema } from '../../../connectors/csv-drop/config.js';
import { parseCsv, toCsvText } from '../../../connectors/csv-drop/csv-text.js';
import {
  emptyHeld,
  parseDate,
  replay,
  rowForChange,
  rowForRevert,
  toCurrentState,
  toStatus,
  type Held,
} from '../../../connectors/csv-drop/mapping.js';
import type { OutboxRow } from '../../../connectors/csv-drop/wire-schemas.js';
import type { Change, GoalIdentity, RevertChange } from '../../../schemas/index.js';

const config = csvDropConfigSchema.parse({
  id: 'smallco',
  type: 'csv-drop',
  exports: { employees: 'e.csv', goals: 'g.csv' },
  outbox: 'out',
});
const identity: GoalIdentity = {
  cycleId: 'FY2027',
  title: 'AI fluency development goal FY2027',
  markerPrefix: '[fluencyflow:FY2027:',
  referenceIdPrefix: 'FLUENCY-FY2027-',
};
const goalRow = (over: Partial<Extract<OutboxRow, { record: 'goal' }>> = {}): OutboxRow => ({
  change_id: 'k1',
  record: 'goal',
  action: 'upsert',
  employee_id: '7',
  goal_id: '',
  goal_ref: 'FLUENCY-FY2027-7',
  title: identity.title,
  description: 'Reach practitioner.',
  due_date: '2027-12-31',
  percent_complete: 40,
  status: 'on-track',
  ...over,
});

describe('csv-drop mapping', () => {
  it('reads dates in the configured format and nothing else', () => {
    expect(parseDate('06/30/2027', 'MM/dd/yyyy')).toBe('2027-06-30');
    expect(parseDate('2027-06-30', 'MM/dd/yyyy')).toBeNull();
    expect(parseDate('02/30/2027', 'MM/dd/yyyy')).toBeNull();
    expect(parseDate('  ', 'yyyy-MM-dd')).toBeNull();
  });

  it('maps status words by the config, without case, and reports the unknown as null', () => {
    expect(toStatus(' ACTIVE ', config.statuses)).toBe('active');
    expect(toStatus('On leave', config.statuses)).toBe('inactive');
    expect(toStatus('Terminated', config.statuses)).toBe('terminated');
    expect(toStatus('Contractor', config.statuses)).toBeNull();
  });

  it('an upsert creates a goal by its reference once; importing it twice changes nothing', () => {
    const held = emptyHeld();
    replay(held, goalRow());
    const once = structuredClone(held);
    replay(held, goalRow());
    expect(held).toEqual(once);
    expect(held.goals).toHaveLength(1);
    expect(held.goals[0]?.id).toBe('FLUENCY-FY2027-7');
  });

  it('an upsert by goal id adopts that goal and gives it the reference; a delete of a missing goal is nothing', () => {
    const held: Held = {
      goals: [
        { id: 'G9', ref: '', title: identity.title, description: 'old', dueDate: null, percent: 5, status: 'closed' },
      ],
      flag: null,
      notes: [],
    };
    replay(held, goalRow({ goal_id: 'G9' }));
    expect(held.goals).toEqual([
      {
        id: 'G9',
        ref: 'FLUENCY-FY2027-7',
        title: identity.title,
        description: 'Reach practitioner.',
        dueDate: '2027-12-31',
        percent: 40,
        status: 'on-track',
      },
    ]);
    replay(held, goalRow({ goal_id: 'G404', goal_ref: 'nope', action: 'delete' }));
    expect(held.goals).toHaveLength(1);
    replay(held, goalRow({ goal_id: 'G9', action: 'delete' }));
    expect(held.goals).toEqual([]);
  });

  it('a note is added once per promotion (date and new grade, any case)', () => {
    const held = emptyHeld();
    const note: OutboxRow = {
      change_id: 'n',
      record: 'exception-note',
      action: 'add',
      employee_id: '7',
      promotion_date: '2027-02-01',
      from_grade: 'G5',
      to_grade: 'G6',
      note: 'exception: justification required',
    };
    replay(held, note);
    replay(held, { ...note, to_grade: 'g6', note: 'other text' });
    expect(held.notes.map((n) => n.note)).toEqual(['exception: justification required']);
    replay(held, { ...note, action: 'delete' });
    expect(held.notes).toEqual([]);
  });

  it('what a change writes reads back as what the plan wanted (a second plan plans nothing)', () => {
    const after = {
      title: identity.title,
      description: 'Reach practitioner.',
      dueDate: '2027-12-31',
      percentComplete: 55,
      status: 'behind' as const,
      targetLevel: 'practitioner',
      marker: 'Ref: FLUENCY-FY2027-7',
      referenceId: 'FLUENCY-FY2027-7',
      cycleStart: '2027-01-01',
    };
    const changes: Change[] = [
      {
        key: 'a',
        connector: 'smallco',
        employeeId: '7',
        action: 'create',
        reason: '',
        kind: 'goal',
        before: null,
        after,
      },
      {
        key: 'b',
        connector: 'smallco',
        employeeId: '7',
        action: 'create',
        reason: '',
        kind: 'eligibility',
        before: null,
        after: { value: 'not-eligible', reason: 'no practitioner credential' },
      },
    ];
    const held = emptyHeld();
    for (const c of changes) replay(held, rowForChange(c, config.values, identity));
    const now = toCurrentState(held, config.values, identity, '7');
    expect(now.goals).toMatchObject([
      {
        title: after.title,
        description: after.description,
        dueDate: after.dueDate,
        percentComplete: 55,
        status: 'behind',
        closed: false,
        referenceId: 'FLUENCY-FY2027-7',
      },
    ]);
    expect(now.eligibility).toEqual({ value: 'not-eligible', reason: 'no practitioner credential' });
  });

  it('a revert deletes the goal by id and reference, and a flag with no old value is cleared', () => {
    const held = emptyHeld();
    replay(held, goalRow());
    replay(held, {
      change_id: 'f',
      record: 'eligibility',
      action: 'set',
      employee_id: '7',
      eligibility: 'eligible',
      reason: 'ok',
    });
    const [goal] = toCurrentState(held, config.values, identity, '7').goals;
    if (goal === undefined) throw new Error('no goal');
    const base = { connector: 'smallco', employeeId: '7', reverts: 'x', reason: '' };
    const reverts: RevertChange[] = [
      { ...base, key: 'r1', kind: 'goal', action: 'delete', before: goal, after: null },
      {
        ...base,
        key: 'r2',
        kind: 'eligibility',
        action: 'restore',
        before: { value: 'eligible', reason: 'ok' },
        after: null,
      },
    ];
    for (const r of reverts) replay(held, rowForRevert(r, config.values));
    expect(toCurrentState(held, config.values, identity, '7')).toEqual({
      goals: [],
      eligibility: null,
      exceptionNotes: [],
    });
  });

  it('writes formula-looking cells defused and quoted, and reads them back as they were', () => {
    const cells = ['=HYPERLINK("x")', '-3 days short', 'a,b', 'line\nbreak', '@sum', 'plain'];
    const text = toCsvText(['c1', 'c2', 'c3', 'c4', 'c5', 'c6'], [cells]);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain("'-3 days short");
    const table = parseCsv(text, ',');
    expect([...(table.rows[0]?.cells.values() ?? [])]).toEqual(cells);
    expect(table.rows[0]?.line).toBe(2);
  });

  it('gives each row the line it starts on, and flags a row with the wrong number of fields', () => {
    const table = parseCsv('a,b\n1,"x\ny"\n2\n3,z\n', ',');
    expect(table.rows.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(table.rows[1]?.problem).toBe('1 fields where the header has 2');
  });
});
