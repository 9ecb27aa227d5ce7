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
  const { displayName } = decision.evaluation;
  const changes = diffEmployee(r.employee, r.current, decision.desired, options.goal);
  // The changes are this call's own: set in place rather than copied with spreads (a copy per change, on every
  // employee). The reason keeps its place and the name comes last, as the plan has always written them.
  for (const c of changes) {
    if (signals && c.kind !== 'exception-note') c.reason = `${c.reason} [signals: ${signals}]`;
    if (displayName) c.displayName = displayName;
  }
  return { decision, changes, fingerprint: employeeFingerprint(r.employee, r.current) };
};
