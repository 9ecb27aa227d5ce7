import { describe, expect, it } from 'vitest';
import { successfactorsConfigSchema } from '../../../connectors/successfactors/config.js';
import {
  detectPromotions,
  eligibilityRecord,
  exceptionRecord,
  goalCreateBody,
  goalUpdateRecord,
  isCandidateGoal,
  slicesAsOf,
  toCurrentGoal,
  toEligibility,
  toEmployee,
  type Values,
} from '../../../connectors/successfactors/mapping.js';
import { isoDateToSf } from '../../../connectors/successfactors/dates.js';
import { empJobRow, goalRow, userRow, type EmpJobRow } from '../../../connectors/successfactors/wire-schemas.js';

const config = successfactorsConfigSchema.parse({
  id: 'eu',
  type: 'successfactors',
  apiServer: 'api4.successfactors.com',
  companyId: 'ACME',
  auth: { clientId: { env: 'X' }, userId: 'api', privateKey: { file: 'k.pem' } },
  goalPlanId: 3,
  mdfObject: 'cust_AIFluencyEligibility',
  exceptionObject: 'cust_AIFluencyException',
});

/** Values as the tenant resolution hands them to the mapping (the default sandbox plan's states). */
const values: Values = {
  goalStatus: { 'on-track': 'On Track', behind: 'Behind', achieved: 'Completed' },
  closedStates: ['Cancelled'],
  eligible: 'eligible',
  notEligible: 'not-eligible',
  category: 'Learning and Growth',
};

const slice = (over: Partial<Record<string, unknown>>): EmpJobRow =>
  empJobRow.parse({
    userId: 'u1',
    seqNumber: '1',
    startDate: isoDateToSf('2020-01-01'),
    payGrade: 'G1',
    payGradeNav: { paygradeLevel: '10' },
    jobCodeNav: { jobFunction: 'Sales', jobLevel: 'L1' },
    ...over,
  });

const identity = {
  cycleId: 'FY27',
  title: 'AI fluency development goal FY27',
  markerPrefix: '[fluencyflow:FY27:',
  referenceIdPrefix: 'ff-FY27-',
};

describe('config', () => {
  it('defaults the data centre zone and page sizes; values are overrides only, read from the tenant otherwise', () => {
    expect(config.dataCentreZone).toBe('UTC');
    expect(config.values).toEqual({});
    expect(config.pageSize).toBe(1000);
    expect(config.upsertBatchSize).toBe(1000);
  });
  it('refuses inline secrets, a page size over 1000 and an MDF name without cust_', () => {
    const base = {
      id: 'eu',
      type: 'successfactors',
      apiServer: 'h',
      companyId: 'C',
      goalPlanId: 3,
      mdfObject: 'cust_A',
      exceptionObject: 'cust_B',
    };
    expect(
      successfactorsConfigSchema.safeParse({
        ...base,
        auth: { clientId: 'inline', userId: 'u', privateKey: { env: 'K' } },
      }).success,
    ).toBe(false);
    expect(
      successfactorsConfigSchema.safeParse({
        ...base,
        auth: { clientId: { env: 'C' }, userId: 'u', privateKey: { env: 'K' } },
        pageSize: 5000,
      }).success,
    ).toBe(false);
    expect(
      successfactorsConfigSchema.safeParse({
        ...base,
        mdfObject: 'Eligibility',
        auth: { clientId: { env: 'C' }, userId: 'u', privateKey: { env: 'K' } },
      }).success,
    ).toBe(false);
  });
});

describe('job history', () => {
  const rows = [
    slice({
      startDate: isoDateToSf('2024-06-01'),
      seqNumber: '1',
      payGrade: 'G3',
      event: '8',
      payGradeNav: { paygradeLevel: '30' },
    }),
    slice({ startDate: isoDateToSf('2020-01-01'), event: 'H' }),
    slice({
      startDate: isoDateToSf('2022-03-01'),
      seqNumber: '2',
      payGrade: 'G2',
      event: '6',
      payGradeNav: { paygradeLevel: '20' },
    }),
    slice({ startDate: isoDateToSf('2022-03-01'), seqNumber: '1', payGrade: 'G1', event: '5' }),
    slice({ startDate: isoDateToSf('2031-01-01'), payGrade: 'G4', event: '8', payGradeNav: { paygradeLevel: '40' } }),
  ];

  it('sorts on the client and keeps the last sequence of a day, ignoring rows after as-of', () => {
    expect(slicesAsOf(rows, '2025-01-01').map((r) => r.payGrade)).toEqual(['G1', 'G2', 'G3']);
  });

  it('finds promotions by event 8 or by a higher pay-grade level', () => {
    const found = detectPromotions(slicesAsOf(rows, '2025-01-01'));
    expect(found).toEqual([
      { date: '2022-03-01', from: 'G1', to: 'G2', byEvent: false },
      { date: '2024-06-01', from: 'G2', to: 'G3', byEvent: true },
    ]);
  });

  it('maps user and slices to the canonical employee as of a date', () => {
    const user = userRow.parse({
      userId: 'u1',
      status: 't',
      firstName: 'Zoë',
      lastName: "O'Brien",
      email: 'z@example.com',
      empId: 'E1',
      hireDate: isoDateToSf('2020-01-01'),
    });
    const e = toEmployee('eu', user, rows, { asOf: '2025-01-01', grade: 'payGrade' });
    expect(e).toMatchObject({
      id: 'u1',
      grade: 'G3',
      jobFamily: 'Sales',
      status: 'active',
      hireDate: '2020-01-01',
      employeeNumber: 'E1',
    });
    expect(e?.jobHistory.map((h) => [h.effectiveDate, h.grade, h.event])).toEqual([
      ['2020-01-01', 'G1', 'H'],
      ['2022-03-01', 'G2', '6'],
      ['2024-06-01', 'G3', '8'],
    ]);
    expect(toEmployee('eu', user, rows, { asOf: '2025-01-01', grade: 'jobLevel' })?.grade).toBe('L1');
    expect(toEmployee('eu', user, rows, { asOf: '2019-01-01', grade: 'payGrade' })).toBeNull();
    // The user's language for the goal's text: defaultLocale, null when the tenant holds none.
    expect(e?.locale).toBeNull();
    expect(
      toEmployee('eu', userRow.parse({ ...user, defaultLocale: 'ja_JP' }), rows, {
        asOf: '2025-01-01',
        grade: 'payGrade',
      })?.locale,
    ).toBe('ja_JP');
  });

  it('reads termination (event 26) and inactive users', () => {
    const user = userRow.parse({ userId: 'u1', status: 'f' });
    expect(
      toEmployee('eu', user, [...rows, slice({ startDate: isoDateToSf('2024-12-01'), event: '26' })], {
        asOf: '2025-01-01',
        grade: 'payGrade',
      })?.status,
    ).toBe('terminated');
    expect(toEmployee('eu', user, rows, { asOf: '2025-01-01', grade: 'payGrade' })?.status).toBe('inactive');
  });
});

describe('goals, flag and notes', () => {
  const row = goalRow.parse({
    id: '77',
    userId: 'u1',
    name: 'Other',
    metric: `text\n[fluencyflow:FY27:u1]`,
    due: isoDateToSf('2027-12-31'),
    done: 40,
    state: 'Cancelled',
  });

  it('finds candidates by title or marker, and reads closed states', () => {
    expect(isCandidateGoal(row, identity, 'u1')).toBe(true);
    expect(isCandidateGoal(row, identity, 'u2')).toBe(false);
    expect(isCandidateGoal({ ...row, name: identity.title, metric: null }, identity, 'u2')).toBe(true);
    expect(toCurrentGoal(values, row)).toMatchObject({
      id: '77',
      dueDate: '2027-12-31',
      percentComplete: 40,
      closed: true,
      status: null,
    });
    expect(toCurrentGoal(values, { ...row, state: 'behind' }).status).toBe('behind');
  });

  it('maps the flag through the value map, unknown values to null', () => {
    const none = { lastModifiedBy: null, lastModifiedDateTime: null };
    expect(
      toEligibility(values, { externalCode: 'u1', cust_eligible: 'not-eligible', cust_reason: 'r', ...none }),
    ).toEqual({ value: 'not-eligible', reason: 'r' });
    expect(toEligibility(values, { externalCode: 'u1', cust_eligible: 'maybe', cust_reason: null, ...none })).toEqual({
      value: null,
      reason: '',
    });
  });

  it("names who changed the flag last and when, from the record's lastModifiedBy and lastModifiedDateTime", () => {
    const row = { externalCode: 'u1', cust_eligible: 'eligible', cust_reason: 'by hand' };
    const at = Date.UTC(2027, 5, 1, 9, 30);
    expect(
      toEligibility(values, { ...row, lastModifiedBy: 'hrbp.jane', lastModifiedDateTime: `/Date(${at}+0000)/` }),
    ).toEqual({
      value: 'eligible',
      reason: 'by hand',
      changedBy: 'hrbp.jane',
      changedAt: '2027-06-01T09:30:00Z',
    });
  });

  it('builds upsert records with the key in __metadata.uri', () => {
    expect(eligibilityRecord(config, values, "o'k", { value: 'eligible', reason: 'x'.repeat(300) })).toMatchObject({
      __metadata: { uri: "cust_AIFluencyEligibility('o''k')", type: 'SFOData.cust_AIFluencyEligibility' },
      externalCode: "o'k",
      cust_eligible: 'eligible',
    });
    expect(
      eligibilityRecord(config, values, 'u', { value: 'eligible', reason: 'x'.repeat(300) }).cust_reason,
    ).toHaveLength(255);
    expect(
      exceptionRecord(config, 'u1', { promotionDate: '2026-05-01', fromGrade: 'G3', toGrade: 'G4', note: 'n' }),
    ).toMatchObject({
      __metadata: { uri: "cust_AIFluencyException('u1-2026-05-01')" },
      externalCode: 'u1-2026-05-01',
      cust_userId: 'u1',
      cust_promotionDate: '/Date(1777593600000)/',
    });
    const desired = {
      title: 't',
      description: 'd',
      dueDate: '2027-12-31',
      percentComplete: 50,
      status: 'behind' as const,
      targetLevel: 'p',
      marker: 'm',
      referenceId: 'r',
      cycleStart: '2027-01-01',
    };
    expect(goalUpdateRecord(config, values, '77', desired)).toMatchObject({
      __metadata: { uri: 'Goal_3(77L)' },
      id: '77',
      state: 'Behind',
      done: 50,
    });
    expect(goalCreateBody(values, 'u1', desired)).toMatchObject({
      userId: 'u1',
      type: 'user',
      category: 'Learning and Growth',
      start: isoDateToSf('2027-01-01'),
    });
    // No external-key field on Goal: the reference is the last line of metric, on create and update alike.
    expect(goalCreateBody(values, 'u1', desired).metric).toBe('d\nm');
    expect(goalUpdateRecord(config, values, '77', desired).metric).toBe('d\nm');
    expect(
      goalCreateBody(
        { ...values, category: null, goalStatus: { ...values.goalStatus, behind: 'behind' } },
        'u1',
        desired,
      ),
    ).not.toHaveProperty('category');
    expect(
      eligibilityRecord(config, { ...values, eligible: 'Y' }, 'u', { value: 'eligible', reason: '' }).cust_eligible,
    ).toBe('Y');
  });
});
