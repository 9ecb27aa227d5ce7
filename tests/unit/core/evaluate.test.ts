import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../../src/core/policy.js';
import { evaluateEmployee } from '../../../src/core/evaluate.js';
import { goalStatusFor } from '../../../src/core/goal.js';
import { dayNumber } from '../../../src/core/days.js';
import { makeConfig } from '../../helpers/config.js';
import { cert, datesEnding, evidenceOf } from '../../helpers/evidence.js';
import { person } from './employee-fixture.js';

const config = makeConfig();
const policy = buildPolicy(config);
const D = '2027-03-31';
const practitioner = cert('aws', 'ai-practitioner', '2026-06-01');
const foundations = cert('internal', 'ai-foundations', '2026-01-01');

describe('status per employee', () => {
  it.each([
    [
      'G4 with foundational held: meets',
      'G4',
      evidenceOf({ certs: [foundations], activeDates: datesEnding(D, 5) }),
      'meets',
    ],
    [
      'G6 with foundational only: below',
      'G6',
      evidenceOf({ certs: [foundations], activeDates: datesEnding(D, 5) }),
      'below',
    ],
    [
      'G6 with practitioner credential and 2 days: certified-inactive',
      'G6',
      evidenceOf({ certs: [practitioner], activeDates: datesEnding(D, 2) }),
      'certified-inactive',
    ],
    [
      'G6 with 9 active days but no credential: pursuing (partial evidence)',
      'G6',
      evidenceOf({ activeDates: datesEnding(D, 9) }),
      'pursuing',
    ],
    [
      'G6 enrolled in practitioner: pursuing',
      'G6',
      evidenceOf({ enrolments: [{ level: 'practitioner', enrolledOn: '2027-02-01' }] }),
      'pursuing',
    ],
    [
      'G6 enrolled after as-of: below',
      'G6',
      evidenceOf({ enrolments: [{ level: 'practitioner', enrolledOn: '2027-04-02' }] }),
      'below',
    ],
    [
      'G6 practitioner held: meets',
      'G6',
      evidenceOf({ certs: [practitioner], activeDates: datesEnding(D, 8) }),
      'meets',
    ],
  ])('%s', (_n, grade, ev, status) => {
    const d = evaluateEmployee(policy, person({ grade }), ev, D);
    expect(d.evaluation.status).toBe(status);
  });

  it('expert expected for Data Science whatever the grade (highest match wins)', () => {
    const d = evaluateEmployee(policy, person({ grade: 'G2', jobFamily: 'Data Science' }), evidenceOf({}), D);
    expect(d.evaluation.levelExpected).toBe('expert');
  });

  it('unknown and missing grades are reported, never guessed: no goal, no flag', () => {
    const unknown = evaluateEmployee(policy, person({ grade: 'X-LEGACY' }), evidenceOf({}), D);
    expect(unknown.evaluation.unjudged).toBe('grade-unknown');
    expect(unknown.desired).toEqual({ goal: null, eligibility: null, notes: [] });
    expect(unknown.issues.map((i) => i.code)).toEqual(['GRADE_UNKNOWN']);
    const missing = evaluateEmployee(policy, person({ grade: null }), evidenceOf({}), D);
    expect(missing.evaluation.unjudged).toBe('grade-missing');
    expect(missing.issues[0]?.message).toContain('has no grade');
  });

  it('inactive and terminated employees get nothing written, ever', () => {
    for (const status of ['inactive', 'terminated'] as const) {
      const d = evaluateEmployee(
        policy,
        person({ status }),
        evidenceOf({ certs: [practitioner], activeDates: datesEnding(D, 9) }),
        D,
      );
      expect(d.desired).toEqual({ goal: null, eligibility: null, notes: [] });
      expect(d.evaluation.unjudged).toBe(status);
    }
  });
});

describe('goal', () => {
  it('targets the expected level with progress from credential and use (50/50)', () => {
    const d = evaluateEmployee(
      policy,
      person({ grade: 'G6', id: '7' }),
      evidenceOf({ activeDates: datesEnding(D, 4) }),
      D,
    );
    // No credential (0 of 50) and 4 of 8 days (25 of 50): 25.
    expect(d.desired.goal).toMatchObject({
      targetLevel: 'practitioner',
      percentComplete: 25,
      dueDate: '2027-12-31',
      title: 'AI fluency development goal FY2027',
    });
    // The reference travels beside the text (a field, or a line the connector appends), never inside it.
    expect(d.desired.goal?.description).not.toContain('fluencyflow:');
    expect(d.desired.goal?.marker).toBe('Ref: FLUENCY-FY2027-7');
    expect(d.desired.goal?.description).toContain(
      'Met when you hold AWS Certified AI Practitioner or Google AI Essentials and use AI tools on at least ' +
        '8 of the last 28 days.',
    );
    expect(d.desired.goal?.referenceId).toBe('FLUENCY-FY2027-7');
  });

  it('aims at the next level up when the expected one is held, or stays (configurable)', () => {
    const ev = evidenceOf({ certs: [foundations], activeDates: datesEnding(D, 5) });
    expect(evaluateEmployee(policy, person({ grade: 'G2' }), ev, D).desired.goal?.targetLevel).toBe('practitioner');
    const stay = buildPolicy(makeConfig({ goal: { title: 'Fluency {cycle}', whenExpectedHeld: 'expected' } }));
    const d = evaluateEmployee(stay, person({ grade: 'G2' }), ev, D);
    expect(d.desired.goal).toMatchObject({
      targetLevel: 'foundational',
      percentComplete: 100,
      status: 'achieved',
      title: 'Fluency FY2027',
    });
  });

  it('honours configured weights', () => {
    const p = buildPolicy(makeConfig({ goal: { weights: { credential: 80, use: 20 } } }));
    const d = evaluateEmployee(
      p,
      person({ grade: 'G6' }),
      evidenceOf({ certs: [practitioner], activeDates: datesEnding(D, 4) }),
      D,
    );
    // 80 * 1 + 20 * 0.5 = 90.
    expect(d.desired.goal?.percentComplete).toBe(90);
  });

  it.each([
    ['start of the cycle, 0%', '2027-01-01', 0, 'on-track'],
    ['a quarter in, 20%', '2027-04-02', 20, 'behind'],
    ['a quarter in, 30%', '2027-04-02', 30, 'on-track'],
    ['after the end, 99%', '2028-01-05', 99, 'behind'],
  ])('status %s', (_n, asOf, progress, status) => {
    expect(goalStatusFor(policy, progress, false, dayNumber(asOf))).toBe(status);
  });

  it('due date is the cycle end in the cycle zone even when the cycle ends on a DST change day', () => {
    const p = buildPolicy(
      makeConfig({ cycle: { id: 'H1', start: '2026-09-01', end: '2027-03-14', zone: 'America/New_York' } }),
    );
    const d = evaluateEmployee(p, person(), evidenceOf({}), '2027-03-14');
    expect(d.desired.goal?.dueDate).toBe('2027-03-14');
    // On the last day, the whole cycle has elapsed: anything under 100% is behind.
    expect(d.desired.goal?.status).toBe('behind');
  });
});

describe('eligibility for the next grade up', () => {
  it('G5 moving to G6 needs practitioner: names what is missing', () => {
    const d = evaluateEmployee(
      policy,
      person({ grade: 'G5' }),
      evidenceOf({ certs: [practitioner], activeDates: datesEnding(D, 2) }),
      D,
    );
    expect(d.desired.eligibility).toEqual({
      value: 'not-eligible',
      reason:
        'AI fluency criterion not met for G6 (practitioner expected): ' +
        'practitioner credential but 2 active days of AI use in 28, 8 required.',
    });
  });
  it('G5 with practitioner held is eligible; the flag speaks of the criterion, never "promotable"', () => {
    const d = evaluateEmployee(
      policy,
      person({ grade: 'G5' }),
      evidenceOf({ certs: [practitioner], activeDates: datesEnding(D, 8) }),
      D,
    );
    expect(d.desired.eligibility?.value).toBe('eligible');
    expect(d.desired.eligibility?.reason).toMatch(/^AI fluency criterion met for G6/);
    expect(d.desired.eligibility?.reason).not.toMatch(/promotable/i);
  });
  it('at the top grade the flag judges the current grade', () => {
    const d = evaluateEmployee(
      policy,
      person({ grade: 'G10' }),
      evidenceOf({ certs: [practitioner], activeDates: datesEnding(D, 8) }),
      D,
    );
    expect(d.evaluation.eligibility?.nextGrade).toBeNull();
    expect(d.desired.eligibility?.reason).toContain('for G10');
  });
  it('a blocking gaming signal turns the flag to not-eligible only when configured', () => {
    const ev = evidenceOf({
      certs: [practitioner, cert('internal', 'ai-expert-review', '2027-01-01')],
      activeDates: datesEnding(D, 8),
    });
    expect(evaluateEmployee(policy, person({ grade: 'G5' }), ev, D).desired.eligibility?.value).toBe('eligible');
    const strict = buildPolicy(makeConfig({ gaming: { block: ['certified-inactive'] } }));
    const d = evaluateEmployee(strict, person({ grade: 'G5' }), ev, D);
    expect(d.evaluation.signals.certifiedInactive).toBe(true);
    expect(d.desired.eligibility).toMatchObject({ value: 'not-eligible' });
    expect(d.desired.eligibility?.reason).toContain('credential without the required AI use');
  });
});

describe('gaming signals', () => {
  it('burst: most active days in the last week of the window', () => {
    const burst = evaluateEmployee(
      policy,
      person(),
      evidenceOf({ activeDates: [...datesEnding(D, 7), '2027-03-10'] }),
      D,
    );
    expect(burst.evaluation.signals.burst).toBe(true);
    const steady = evaluateEmployee(
      policy,
      person(),
      evidenceOf({ activeDates: ['2027-03-05', '2027-03-12', '2027-03-19', '2027-03-26', D] }),
      D,
    );
    expect(steady.evaluation.signals.burst).toBe(false);
  });
  it('too fast: credential issued sooner after enrolment than the programme allows', () => {
    const p = buildPolicy(makeConfig({ gaming: { minProgrammeDays: { 'aws:ai-practitioner': 30 } } }));
    const fast = evidenceOf({
      certs: [cert('aws', 'ai-practitioner', '2027-03-10')],
      enrolments: [{ level: 'practitioner', enrolledOn: '2027-03-01' }],
    });
    expect(evaluateEmployee(p, person(), fast, D).evaluation.signals.tooFast).toBe(true);
    const ok = evidenceOf({
      certs: [cert('aws', 'ai-practitioner', '2027-03-10')],
      enrolments: [{ level: 'practitioner', enrolledOn: '2027-01-01' }],
    });
    expect(evaluateEmployee(p, person(), ok, D).evaluation.signals.tooFast).toBe(false);
  });
});

describe('exception notes for promotions in the look-back window', () => {
  const history = [
    { effectiveDate: '2024-01-01', grade: 'G4' },
    { effectiveDate: '2026-06-01', grade: 'G6' }, // a two-grade jump: one promotion, inside the window
    { effectiveDate: '2027-02-01', grade: 'G6', jobTitle: 'lateral move' },
    { effectiveDate: '2027-05-01', grade: 'G7' }, // after as-of: does not count yet
  ];
  it('one note per promotion made without the required fluency, with "justification required"', () => {
    const d = evaluateEmployee(policy, person({ grade: 'G6', jobHistory: history }), evidenceOf({}), D);
    expect(d.desired.notes).toHaveLength(1);
    expect(d.desired.notes[0]).toMatchObject({ promotionDate: '2026-06-01', fromGrade: 'G4', toGrade: 'G6' });
    expect(d.desired.notes[0]?.note).toContain('justification required');
    expect(d.desired.notes[0]?.note).toContain('no practitioner credential');
  });
  it('judges the level held on the effective date, not today', () => {
    // Held practitioner on 2026-06-01 (credential + 8 days before it), nothing today: no note.
    const ev = evidenceOf({
      certs: [cert('aws', 'ai-practitioner', '2026-01-01', '2026-12-31')],
      activeDates: datesEnding('2026-06-01', 8),
    });
    const d = evaluateEmployee(policy, person({ grade: 'G6', jobHistory: history }), ev, D);
    expect(d.evaluation.promotions[0]?.met).toBe(true);
    expect(d.desired.notes).toHaveLength(0);
  });
  it('promotions older than the look-back are left alone', () => {
    const p = buildPolicy(makeConfig({ promotion: { lookbackDays: 200 } }));
    expect(
      evaluateEmployee(p, person({ grade: 'G6', jobHistory: history }), evidenceOf({}), D).desired.notes,
    ).toHaveLength(0);
  });
});
