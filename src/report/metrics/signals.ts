import type { CredentialOutcome } from '../../../schemas/index.js';
import type { EvidenceSignals } from '../../evidence/evidence-signals.js';
import type { MetricTable } from '../metrics-schema.js';
import { applyMinGroupSize, groupBy, OTHER } from '../privacy.js';
import { share } from '../stats.js';
import { departmentLabel, type ReportContext } from './context.js';
import { makeTable } from './table.js';

const evidenceOf = (ctx: ReportContext, e: { connector: string; employeeId: string }): EvidenceSignals | undefined =>
  ctx.input.evidence?.get(`${e.connector}:${e.employeeId}`);

const EVIDENCE_COLUMNS = [
  { key: 'sameDay', label: 'Same day as enrolment', unit: 'count' as const },
  { key: 'keyBurst', label: 'Key burst', unit: 'count' as const },
];

const OUTCOMES: readonly { key: CredentialOutcome; label: string }[] = [
  { key: 'verified', label: 'Verified' },
  { key: 'unverifiable', label: 'Unverifiable' },
  { key: 'forged', label: 'Forged' },
  { key: 'revoked', label: 'Revoked' },
  { key: 'expired', label: 'Expired' },
  { key: 'issuer-not-trusted', label: 'Issuer not trusted' },
  { key: 'hr-export', label: 'HR export' },
];

/** Credentials of the department's judged employees by verification outcome (DESIGN §9), next to the signals. */
export const credentialOutcomesByDepartment = (ctx: ReportContext): MetricTable => {
  const outcome = applyMinGroupSize(
    groupBy(ctx.judged, (e) => departmentLabel(e.department)),
    { minGroupSize: ctx.input.minGroupSize, mode: 'merge' },
  );
  outcome.groups.sort(
    (a, b) => Number(a.label === OTHER) - Number(b.label === OTHER) || a.label.localeCompare(b.label),
  );
  return makeTable(ctx, {
    id: 'credential-outcomes-by-department',
    title: 'Credentials by verification outcome, by department',
    definition:
      "Credentials held by the department's judged employees on the as-of date, by outcome: " +
      'verified (signature by a key of the issuer, status checked), unverifiable (unsigned, no key, ' +
      'unsupported proof or missing status list), forged (signature mismatch), ' +
      "revoked (from the status list's date), expired, issuer not trusted (not in evidence.trust), " +
      'HR export (rows of certifications.csv, trusted as they are). Credentials that match no employee are ' +
      'not in any department.',
    groupLabel: 'Department',
    mode: 'merge',
    columns: [
      { key: 'employees', label: 'Employees', unit: 'count' },
      ...OUTCOMES.map((o) => ({ key: o.key, label: o.label, unit: 'count' as const })),
    ],
    outcome,
    values: (members) => ({
      employees: members.length,
      ...Object.fromEntries(
        OUTCOMES.map((o) => [o.key, members.reduce((n, e) => n + (evidenceOf(ctx, e)?.outcomes[o.key] ?? 0), 0)]),
      ),
    }),
  });
};

/** The gaming signals per department: certified-inactive share first (the one the incentive design warns about). */
export const signalsByDepartment = (ctx: ReportContext): MetricTable => {
  const withEvidence = ctx.input.evidence !== undefined;
  const outcome = applyMinGroupSize(
    groupBy(ctx.judged, (e) => departmentLabel(e.department)),
    { minGroupSize: ctx.input.minGroupSize, mode: 'merge' },
  );
  const rateOf = (g: { members: readonly { signals: { certifiedInactive: boolean } }[] }) =>
    g.members.filter((e) => e.signals.certifiedInactive).length / g.members.length;
  // Highest rate first, Other last.
  outcome.groups.sort(
    (a, b) =>
      Number(a.label === OTHER) - Number(b.label === OTHER) || rateOf(b) - rateOf(a) || a.label.localeCompare(b.label),
  );
  return makeTable(ctx, {
    id: 'signals-by-department',
    title: 'Certified-inactive rate and other gaming signals by department',
    definition:
      'Certified-inactive: judged employees with a credential that counts for a level but without the AI use ' +
      "that level requires, as a share of the department's judged employees. Burst: " +
      'use concentrated in the last days of the window. Too fast: a credential earned sooner after enrolment ' +
      'than the programme allows. Same day: a counting credential issued on the day of an enrolment. ' +
      'Key burst: a counting credential whose issuer key signed at least ' +
      'evidence.signals.keyBurst.credentials credentials within evidence.signals.keyBurst.minutes. ' +
      'Signals are reported, not judged.',
    groupLabel: 'Department',
    mode: 'merge',
    columns: [
      { key: 'employees', label: 'Employees', unit: 'count' },
      { key: 'count:certifiedInactive', label: 'Certified-inactive', unit: 'count' },
      { key: 'share:certifiedInactive', label: 'Certified-inactive %', unit: 'share' },
      { key: 'burst', label: 'Burst', unit: 'count' },
      { key: 'tooFast', label: 'Too fast', unit: 'count' },
      // Signals from the credentials themselves, when the engine passed the evidence.
      ...(withEvidence ? EVIDENCE_COLUMNS : []),
    ],
    outcome,
    values: (members) => {
      const inactive = members.filter((e) => e.signals.certifiedInactive).length;
      return {
        employees: members.length,
        'count:certifiedInactive': inactive,
        'share:certifiedInactive': share(inactive, members.length),
        burst: members.filter((e) => e.signals.burst).length,
        tooFast: members.filter((e) => e.signals.tooFast).length,
        ...(withEvidence
          ? {
              sameDay: members.filter((e) => evidenceOf(ctx, e)?.sameDayAsEnrolment === true).length,
              keyBurst: members.filter((e) => evidenceOf(ctx, e)?.keyBurst === true).length,
            }
          : {}),
      };
    },
  });
};
