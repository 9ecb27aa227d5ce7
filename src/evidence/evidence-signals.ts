import { z } from 'zod';
import { credentialCheck, type CredentialOutcome } from '../../schemas/index.js';
import type { EmployeeEvidence } from '../core/evidence-view.js';

/** What the dashboard counts per department from one employee's credentials (never shown per person). */
export interface EvidenceSignals {
  outcomes: Partial<Record<CredentialOutcome, number>>;
  /** A credential that counts was issued on the day of an enrolment (a course is rarely finished the day it starts). */
  sameDayAsEnrolment: boolean;
  /** A credential whose issuer key signed many credentials within the hour (`evidence.signals.keyBurst`). */
  keyBurst: boolean;
}

const withCheck = z.looseObject({ check: credentialCheck });

export const evidenceSignalsOf = (bundle: EmployeeEvidence): EvidenceSignals => {
  const outcomes: EvidenceSignals['outcomes'] = {};
  const enrolled = new Set(bundle.enrolments.map((e) => e.enrolledOn));
  let sameDay = false;
  let keyBurst = false;
  for (const c of bundle.certifications) {
    const parsed = withCheck.safeParse(c);
    const check = parsed.success ? parsed.data.check : null;
    if (check !== null) outcomes[check.outcome] = (outcomes[check.outcome] ?? 0) + 1;
    const counts = check?.counts ?? c.revoked !== true;
    if (counts && enrolled.has(c.issuedOn)) sameDay = true;
    if (counts && check?.signals?.includes('key-burst') === true) keyBurst = true;
  }
  return { outcomes, sameDayAsEnrolment: sameDay, keyBurst };
};
