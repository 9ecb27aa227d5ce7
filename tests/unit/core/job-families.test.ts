import { describe, expect, it } from 'vitest';
import { evaluateEmployee } from '../../../src/core/evaluate.js';
import { expectedLevel, familiesOf } from '../../../src/core/expectation.js';
import { buildPolicy } from '../../../src/core/policy.js';
import { makeConfig } from '../../helpers/config.js';
import { cert, datesEnding, evidenceOf } from '../../helpers/evidence.js';
import { person } from './employee-fixture.js';

/** DESIGN §1/§8: an employee may belong to several job families; "expert for job families X" matches any of them. */
const policy = buildPolicy(makeConfig());
const D = '2027-03-31';

describe('every job family counts', () => {
  it('familiesOf joins jobFamilies and jobFamily without case duplicates', () => {
    expect(familiesOf({ jobFamily: 'Data Science', jobFamilies: ['Software Engineering', 'data science'] })).toEqual([
      'Software Engineering',
      'data science',
    ]);
    expect(familiesOf({ jobFamily: 'Sales', jobFamilies: [] })).toEqual(['Sales']);
    expect(familiesOf({ jobFamily: null })).toEqual([]);
  });

  it('a rule for Data Science matches a profile in Software Engineering and Data Science', () => {
    expect(expectedLevel(policy, 'G4', ['Software Engineering', 'Data Science'])).toBe('expert');
    expect(expectedLevel(policy, 'G4', ['Software Engineering'])).toBe('foundational');
    expect(expectedLevel(policy, 'G7', ['Software Engineering'])).toBe('practitioner');
    expect(expectedLevel(policy, 'G7', [])).toBe('practitioner');
  });

  it('the second family decides the expectation, the goal and the flag', () => {
    const practitioner = evidenceOf({
      certs: [cert('aws', 'ai-practitioner', '2026-06-01')],
      activeDates: datesEnding(D, 10),
    });
    const both = person({
      grade: 'G6',
      jobFamily: 'Software Engineering',
      jobFamilies: ['Software Engineering', 'Data Science'],
    });
    const one = person({ grade: 'G6', jobFamily: 'Software Engineering', jobFamilies: ['Software Engineering'] });
    const a = evaluateEmployee(policy, both, practitioner, D);
    const b = evaluateEmployee(policy, one, practitioner, D);
    expect(a.evaluation.levelExpected).toBe('expert');
    expect(a.evaluation.jobFamilies).toEqual(['Software Engineering', 'Data Science']);
    expect(a.desired.eligibility?.value).toBe('not-eligible');
    expect(a.desired.eligibility?.reason).toMatch(/expert/);
    expect(b.evaluation.levelExpected).toBe('practitioner');
    // In Software Engineering alone the next grade (G7) expects practitioner, which is held.
    expect(b.desired.eligibility?.value).toBe('eligible');
  });

  it('a promotion is judged in the families held on its effective date', () => {
    const history = [
      {
        effectiveDate: '2024-01-01',
        grade: 'G4',
        jobFamily: 'Software Engineering',
        jobFamilies: ['Software Engineering'],
      },
      {
        effectiveDate: '2026-09-01',
        grade: 'G5',
        jobFamily: 'Software Engineering',
        jobFamilies: ['Software Engineering', 'Data Science'],
      },
    ];
    const foundational = evidenceOf({
      certs: [cert('internal', 'ai-foundations', '2025-01-01')],
      activeDates: datesEnding('2026-09-01', 6),
    });
    const d = evaluateEmployee(
      policy,
      person({ grade: 'G5', jobHistory: history, jobFamilies: ['Software Engineering'] }),
      foundational,
      D,
    );
    expect(d.evaluation.promotions).toHaveLength(1);
    expect(d.evaluation.promotions[0]?.met).toBe(false);
    expect(d.desired.notes[0]?.note).toMatch(/justification required/);
    const sameFamily = history.map((h) => ({ ...h, jobFamilies: ['Software Engineering'] }));
    const e = evaluateEmployee(policy, person({ grade: 'G5', jobHistory: sameFamily }), foundational, D);
    expect(e.evaluation.promotions[0]?.met).toBe(true);
    expect(e.desired.notes).toEqual([]);
  });
});
