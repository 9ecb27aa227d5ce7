import { z } from 'zod';
import { isoDate } from './common.js';

export const fluencyStatus = z.enum(['meets', 'pursuing', 'below', 'certified-inactive']);
export type FluencyStatus = z.infer<typeof fluencyStatus>;

/** Why an employee was not judged (nothing is written for them; they are reported). */
export const unjudgedReason = z.enum(['inactive', 'terminated', 'grade-missing', 'grade-unknown']);

export const gamingSignals = z.object({
  /** A credential that counts for a level, without the use that level requires. */
  certifiedInactive: z.boolean(),
  /** Active days concentrated in the last days of the window (config `gaming.burstDays` / `burstShare`). */
  burst: z.boolean(),
  /** A credential earned faster after enrolment than the programme allows (config `gaming.minProgrammeDays`). */
  tooFast: z.boolean(),
});
export type GamingSignals = z.infer<typeof gamingSignals>;

export const promotionAssessment = z.object({
  effectiveDate: isoDate,
  fromGrade: z.string(),
  toGrade: z.string(),
  levelHeldThen: z.string().nullable(),
  levelExpected: z.string().nullable(),
  met: z.boolean(),
  missing: z.string(),
});
export type PromotionAssessment = z.infer<typeof promotionAssessment>;

/**
 * Everything the engine decided about one employee on the as-of date. The dashboard, `status`, `explain` and the
 * committee view read these; no HRIS wire detail appears here.
 */
export const employeeEvaluation = z.object({
  connector: z.string(),
  employeeId: z.string(),
  displayName: z.string(),
  department: z.string().nullable(),
  jobFamily: z.string().nullable(),
  /** Every job family the expectation was judged in. */
  jobFamilies: z.array(z.string()).default([]),
  jobTitle: z.string().nullable(),
  grade: z.string().nullable(),
  /** Rank of the grade in the order (0 = lowest), null when unknown. */
  gradeRank: z.number().int().nullable(),
  /** Null when judged. */
  unjudged: unjudgedReason.nullable(),
  levelHeld: z.string().nullable(),
  levelExpected: z.string().nullable(),
  /** Null when unjudged. */
  status: fluencyStatus.nullable(),
  /** Levels with a valid credential on the as-of date. */
  credentialLevels: z.array(z.string()),
  enrolledLevels: z.array(z.string()),
  /** Active days in the use window of the expected level (or the first level when none is expected). */
  activeDays: z.number().int(),
  windowDays: z.number().int(),
  /** Active days per week over the last 28 days. */
  activeDaysPerWeek: z.number(),
  eventsLast28: z.number().int(),
  minutesSavedLast28: z.number(),
  signals: gamingSignals,
  goal: z.object({ targetLevel: z.string(), percentComplete: z.number().int(), status: z.string() }).nullable(),
  eligibility: z
    .object({ value: z.enum(['eligible', 'not-eligible']), reason: z.string(), nextGrade: z.string().nullable() })
    .nullable(),
  promotions: z.array(promotionAssessment),
  /** Months since the last grade change, for the committee's "near promotion" view. */
  monthsInGrade: z.number().nullable(),
});
export type EmployeeEvaluation = z.infer<typeof employeeEvaluation>;

/** One employee's fluency at the end of a quarter: the history the dashboard's trend views read. */
export const levelSnapshot = z.object({
  /** `2027-Q1`. */
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  connector: z.string(),
  employeeId: z.string(),
  department: z.string().nullable(),
  jobFamily: z.string().nullable(),
  grade: z.string().nullable(),
  levelHeld: z.string().nullable(),
  levelExpected: z.string().nullable(),
  status: fluencyStatus.nullable(),
  hasGoal: z.boolean(),
  /** True for history made up by the demo (labelled as synthetic on the dashboard). */
  synthetic: z.boolean().default(false),
});
export type LevelSnapshot = z.infer<typeof levelSnapshot>;
