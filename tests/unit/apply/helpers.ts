import type { Change, Plan } from '../../../schemas/index.js';

/** A computed change of employee `employeeId`'s eligibility flag (unset before) to `value`. */
export const flagChange = (
  employeeId: string,
  value: 'eligible' | 'not-eligible',
  action: Change['action'],
  reason: string,
): Change => ({
  key: `k-${employeeId}`,
  connector: 'us',
  employeeId,
  kind: 'eligibility',
  action,
  reason: 'computed',
  before: { value: null, reason: '' },
  after: { value, reason },
});

/** A plan of `changes` with the given summary, made for one fixed organisation, cycle, HRIS state and policy. */
export const planOf = (changes: Change[], summary: Plan['summary']): Plan => ({
  format: 'fluencyflow-plan/1',
  organization: 'Example',
  asOf: '2027-06-30',
  cycle: 'FY2027',
  fingerprint: 'f'.repeat(64),
  policyHash: 'p'.repeat(64),
  summary,
  changes,
  issues: [],
});
