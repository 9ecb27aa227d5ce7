import type { Change, EmployeeEvaluation } from '../../schemas/index.js';
import type { EmployeeRecord, ReadOptions } from '../connector.js';
import {
  diffEmployee,
  employeeFingerprint,
  evaluateEmployee,
  type EmployeeDecision,
  type EmployeeEvidence,
  type Policy,
} from '../core/index.js';

/** What the engine makes of one employee: the policy's decision, the changes (noops included) and the fingerprint. */
export interface RecordOutcome {
  decision: EmployeeDecision;
  changes: Change[];
  /** The hash of the employee as read, for the plan's fingerprint. */
  fingerprint: string;
}

/** The gaming signals in words for a change's reason (shown in plans; never written into the HRIS by themselves). */
const signalWords = (s: EmployeeEvaluation['signals']): string =>
  [
    s.certifiedInactive ? 'certified-inactive' : null,
    s.burst ? 'burst of use before the as-of date' : null,
    s.tooFast ? 'credential earned too fast' : null,
  ]
    .filter((x) => x !== null)
    .join(', ');

/**
 * One employee through the pure policy and the diff against what the HRIS holds: the step `evaluateOrg` takes for
 * everyone, and `planStream` for an organisation too large to hold at once.
 */
export const evaluateRecord = (
  policy: Policy,
  options: ReadOptions,
  r: EmployeeRecord,
  evidence: EmployeeEvidence,
): RecordOutcome => {
  const decision = evaluateEmployee(policy, r.employee, evidence, options.asOf);
  const signals = signalWords(decision.evaluation.signals);
  const named = decision.evaluation.displayName ? { displayName: decision.evaluation.displayName } : {};
  const changes = diffEmployee(r.employee, r.current, decision.desired, options.goal).map((c) => ({
    ...c,
    ...named,
    ...(signals && c.kind !== 'exception-note' ? { reason: `${c.reason} [signals: ${signals}]` } : {}),
  }));
  return { decision, changes, fingerprint: employeeFingerprint(r.employee, r.current) };
};
