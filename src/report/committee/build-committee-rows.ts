import { z } from 'zod';
import type { EmployeeEvaluation, PromotionAssessment } from '../../../schemas/evaluation.js';
import type { ManualChange } from '../../../schemas/plan.js';

/** One employee on the promotion committee's list. Individuals appear here on purpose, never on the dashboard. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- declared once as a schema, read as its type
const committeeRow = z.object({
  connector: z.string(),
  employeeId: z.string(),
  name: z.string(),
  department: z.string().nullable(),
  jobTitle: z.string().nullable(),
  grade: z.string(),
  nextGrade: z.string().nullable(),
  monthsInGrade: z.number(),
  flag: z.enum(['eligible', 'not-eligible']),
  reason: z.string(),
  /** One line per promotion that happened without the required fluency. */
  exceptionNotes: z.array(z.string()),
  /** What a person changed by hand in the HRIS and fluencyflow keeps (the HRIS holds it, not `flag`), or null. */
  manualOverride: z.string().nullable(),
});
export type CommitteeRow = z.infer<typeof committeeRow>;

export interface CommitteeOptions {
  evaluations: readonly EmployeeEvaluation[];
  /** Months in grade from which someone counts as near promotion (config `promotion.nearPromotionMonths`). */
  nearPromotionMonths: number;
  /** Only this department (compared without case). */
  department?: string | undefined;
  /** An employee already flagged eligible is listed this many months before `nearPromotionMonths` (default 3). */
  eligibleLeadMonths?: number | undefined;
  /** Values people changed by hand that fluencyflow keeps (`onManualChange: keep`). */
  overrides?: readonly ManualChange[] | undefined;
}

const KIND_WORDS: Record<ManualChange['kind'], string> = {
  eligibility: 'flag',
  goal: 'goal',
  'exception-note': 'note',
};

/** A kept override in one line: `flag set by hand to eligible by hrbp on 2027-06-01 (fluencyflow: not-eligible)`. */
export const overrideText = (m: ManualChange): string => {
  const by =
    m.changedBy || m.changedAt ? ` by ${m.changedBy ?? 'someone'}${m.changedAt ? ` on ${m.changedAt}` : ''}` : '';
  return `${KIND_WORDS[m.kind]} set by hand to ${m.held}${by} (fluencyflow would write ${m.planned}); kept`;
};

/** The exception note as the HRIS holds it, in one line. */
const exceptionNote = (p: PromotionAssessment): string =>
  `${p.effectiveDate}: ${p.fromGrade} to ${p.toGrade}; level held then ${p.levelHeldThen ?? 'none'}, ` +
  `expected ${p.levelExpected ?? 'none'}; missing: ${p.missing}. Exception: justification required.`;

/**
 * Judged (active, graded) employees near promotion: in grade for at least `nearPromotionMonths`, or flagged
 * eligible and within `eligibleLeadMonths` of it. Sorted by department, then name.
 */
export const buildCommitteeRows = (options: CommitteeOptions): CommitteeRow[] => {
  const lead = options.eligibleLeadMonths ?? 3;
  const department = options.department?.toLowerCase();
  const rows: CommitteeRow[] = [];
  const overrides = new Map<string, string[]>();
  for (const m of options.overrides ?? []) {
    const key = `${m.connector}\u0000${m.employeeId}`;
    overrides.set(key, [...(overrides.get(key) ?? []), overrideText(m)]);
  }
  for (const e of options.evaluations) {
    if (e.unjudged !== null || e.eligibility === null || e.monthsInGrade === null || e.grade === null) continue;
    if (department !== undefined && (e.department ?? '').toLowerCase() !== department) continue;
    const near =
      e.monthsInGrade >= options.nearPromotionMonths ||
      (e.eligibility.value === 'eligible' && e.monthsInGrade >= options.nearPromotionMonths - lead);
    if (!near) continue;
    rows.push({
      connector: e.connector,
      employeeId: e.employeeId,
      name: e.displayName,
      department: e.department,
      jobTitle: e.jobTitle,
      grade: e.grade,
      nextGrade: e.eligibility.nextGrade,
      monthsInGrade: e.monthsInGrade,
      flag: e.eligibility.value,
      reason: e.eligibility.reason,
      exceptionNotes: e.promotions.filter((p) => !p.met).map(exceptionNote),
      manualOverride: overrides.get(`${e.connector}\u0000${e.employeeId}`)?.join('; ') ?? null,
    });
  }
  return rows.sort(
    (a, b) =>
      (a.department ?? '').localeCompare(b.department ?? '') ||
      a.name.localeCompare(b.name) ||
      a.connector.localeCompare(b.connector) ||
      a.employeeId.localeCompare(b.employeeId),
  );
};
