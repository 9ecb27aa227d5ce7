import { describe, expect, it } from 'vitest';
import { droppedKeys, resolveField, columnFor } from '../../../connectors/bamboohr/fields.js';
import {
  isCandidateGoal,
  parseBambooDate,
  toCurrentGoal,
  toEligibility,
  toEmployee,
  toExceptionNotes,
  toGoalBody,
  toJobHistory,
  toStatus,
} from '../../../connectors/bamboohr/mapping.js';
import { wireGoal } from '../../../connectors/bamboohr/wire-schemas.js';
import { desiredGoal, readOptions } from './helpers.js';

describe('parseBambooDate', () => {
  it.each([
    ['2027-02-28', '2027-02-28'],
    ['0000-00-00', null],
    ['', null],
    ['2027-02-30', null],
    ['02/03/2027', null],
    [undefined, null],
    ['2027-02-28T10:00:00Z', '2027-02-28'],
  ])('%s -> %s', (input, expected) => {
    expect(parseBambooDate(input)).toBe(expected);
  });
});

describe('toStatus', () => {
  it.each([
    [{ status: 'Active', employmentHistoryStatus: 'Full-Time', terminationDate: '0000-00-00' }, 'active'],
    [{ status: 'Inactive', employmentHistoryStatus: 'Full-Time', terminationDate: '0000-00-00' }, 'inactive'],
    [{ status: 'Inactive', employmentHistoryStatus: 'Terminated', terminationDate: '2026-12-01' }, 'terminated'],
    // Terminated by date on or before as-of, even if the status field lags.
    [{ status: 'Active', employmentHistoryStatus: 'Full-Time', terminationDate: '2027-03-01' }, 'terminated'],
    // A termination dated after as-of has not happened yet.
    [{ status: 'Active', employmentHistoryStatus: 'Full-Time', terminationDate: '2027-04-01' }, 'active'],
  ])('%o -> %s', (row, expected) => {
    expect(toStatus(row, '2027-03-01')).toBe(expected);
  });
});

describe('field resolution', () => {
  const fields = [
    { id: '-50', name: 'Job Level', type: 'text', alias: 'jobLevel' },
    { id: '4315', name: 'Eligible For Re-hire', type: 'list' },
    { id: '4400', name: 'Old Grade', type: 'text', alias: 'customGrade', deprecated: true },
    { id: '4401', name: 'Grade', type: 'text', alias: 'customGrade2' },
  ];
  it('resolves by alias, numeric id or display name, and requests by alias or else id', () => {
    expect(resolveField(fields, 'jobLevel')?.key).toBe('jobLevel');
    expect(resolveField(fields, '-50')?.key).toBe('jobLevel');
    expect(resolveField(fields, 'eligible for re-hire')?.key).toBe('4315');
    expect(resolveField(fields, 'customGrade')).toBeUndefined();
    expect(resolveField(fields, 'nope')).toBeUndefined();
  });
  it('finds the jobInfo column carrying a field and the keys a report dropped', () => {
    const jobLevel = resolveField(fields, 'jobLevel');
    expect(
      columnFor(
        { alias: 'jobInfo', fields: [{ id: '-50', name: 'Job Level', alias: 'jobLevel', type: 'text' }] },
        jobLevel,
      ),
    ).toBe('jobLevel');
    expect(columnFor({ alias: 'jobInfo', fields: [] }, jobLevel)).toBeUndefined();
    expect(droppedKeys(['a', 'b', '4315'], [{ id: 'a' }, { id: '4315' }])).toEqual(['b']);
  });
});

describe('history and notes', () => {
  const rows = [
    { id: '3', employeeId: '7', date: '2026-05-01', jobLevel: 'G5', jobTitle: 'Lead' },
    { id: '1', employeeId: '7', date: '2020-01-01', jobLevel: 'G3', jobTitle: 'Dev' },
    { id: '9', employeeId: '7', date: '2027-06-01', jobLevel: 'G6', jobTitle: 'Head' },
    { id: '2', employeeId: '7', date: '0000-00-00', jobLevel: 'G4', jobTitle: '' },
  ];
  it('sorts rows in no order by date and ignores rows after as-of and undated rows', () => {
    const h = toJobHistory(rows, { grade: 'jobLevel', jobFamily: undefined }, '2027-03-01', 'Engineering');
    expect(h.map((e) => [e.effectiveDate, e.grade])).toEqual([
      ['2020-01-01', 'G3'],
      ['2026-05-01', 'G5'],
    ]);
    expect(h.every((e) => e.jobFamily === 'Engineering')).toBe(true);
  });
  it('maps exception rows to notes and skips undated ones', () => {
    const notes = toExceptionNotes([
      {
        id: '5',
        employeeId: '7',
        date: '2026-05-01',
        customPromotionFrom: 'G4',
        customPromotionTo: 'G5',
        customNote: 'exception: justification required',
      },
      { id: '6', employeeId: '7', date: '', customNote: 'x' },
    ]);
    expect(notes).toEqual([
      {
        promotionDate: '2026-05-01',
        fromGrade: 'G4',
        toGrade: 'G5',
        note: 'exception: justification required',
        id: '5',
      },
    ]);
  });
});

describe('goals and eligibility', () => {
  const goal = wireGoal.parse({
    id: 12,
    title: 'Other',
    description: null,
    percentComplete: 100,
    sharedWithEmployeeIds: [7, 3],
    dueDate: '2027-12-31',
    status: 'closed',
  });
  it('maps a wire goal: null description, completed -> achieved, closed flag', () => {
    expect(toCurrentGoal(goal)).toMatchObject({
      id: '12',
      description: '',
      percentComplete: 100,
      status: 'achieved',
      closed: true,
      referenceId: null,
    });
  });
  it('a candidate has the standard title or our marker in the description', () => {
    expect(isCandidateGoal(goal, readOptions.goal, '7')).toBe(false);
    expect(isCandidateGoal({ ...goal, description: 'x [fluencyflow:FY2027:7]' }, readOptions.goal, '7')).toBe(true);
    expect(isCandidateGoal({ ...goal, description: 'x [fluencyflow:FY2027:70]' }, readOptions.goal, '7')).toBe(false);
    expect(isCandidateGoal({ ...goal, title: readOptions.goal.title }, readOptions.goal, '7')).toBe(true);
  });
  it('a goal body includes the owner, keeps sharing, and has a completion date only at 100%', () => {
    const open = toGoalBody(desiredGoal('7', 40), '7', '2027-03-01', {
      sharedWithEmployeeIds: [3],
      alignsWithOptionId: '9',
    });
    expect(open).toMatchObject({
      percentComplete: 40,
      completionDate: null,
      sharedWithEmployeeIds: [7, 3],
      alignsWithOptionId: '9',
    });
    const done = toGoalBody(desiredGoal('7', 80, 'achieved'), '7', '2027-03-01');
    expect(done).toMatchObject({ percentComplete: 100, completionDate: '2027-03-01', sharedWithEmployeeIds: [7] });
    // BambooHR has no external-key field: the description ends with the reference line, once.
    expect(open.description).toBe(`${desiredGoal('7', 40).description}\nRef: fluencyflow-FY2027-7`);
  });

  it("reads the employee's language from the configured field only", () => {
    const row = { id: '7', status: 'Active', customPreferredLanguage: 'ja' };
    expect(
      toEmployee(
        'sub',
        row,
        { grade: undefined, jobFamily: undefined, locale: 'customPreferredLanguage' },
        [],
        '2027-03-01',
      ).locale,
    ).toBe('ja');
    expect(toEmployee('sub', row, { grade: undefined, jobFamily: undefined }, [], '2027-03-01').locale).toBeNull();
    expect(
      toEmployee(
        'sub',
        { ...row, customPreferredLanguage: '' },
        { grade: undefined, jobFamily: undefined, locale: 'customPreferredLanguage' },
        [],
        '2027-03-01',
      ).locale,
    ).toBeNull();
  });
  it('maps list option texts back to canonical values, empty to null', () => {
    const values = { eligible: 'Yes - AI', notEligible: 'No - AI' };
    expect(toEligibility('Yes - AI', 'ok', values)).toEqual({ value: 'eligible', reason: 'ok' });
    expect(toEligibility('No - AI', undefined, values)).toEqual({ value: 'not-eligible', reason: '' });
    expect(toEligibility('', '', values)).toEqual({ value: null, reason: '' });
  });
});
