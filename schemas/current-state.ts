import { z } from 'zod';
import { isoDate } from './common.js';

/** Goal status in fluencyflow's own words; each connector maps them to its HRIS's values. */
export const goalStatus = z.enum(['on-track', 'behind', 'achieved']);
export type GoalStatus = z.infer<typeof goalStatus>;

/** Who last changed a value and when, where the HRIS says (SuccessFactors `lastModifiedBy`, `lastModifiedDateTime`). */
const changedByAt = {
  changedBy: z.string().optional(),
  changedAt: z.string().optional(),
};

/** A goal as the HRIS holds it now, in canonical form. */
export const currentGoal = z.object({
  /** The HRIS's goal id (BambooHR goal id, SuccessFactors Goal id, Workday Goal_Reference_ID or WID). */
  id: z.string(),
  title: z.string(),
  description: z.string().default(''),
  dueDate: isoDate.nullable().default(null),
  percentComplete: z.number().min(0).max(100).default(0),
  /** fluencyflow's status if the HRIS value maps back to one; null when it does not. */
  status: goalStatus.nullable().default(null),
  /** Closed or cancelled goals are adopted (reopened), never duplicated. */
  closed: z.boolean().default(false),
  /** The external key where the HRIS has a field for it (Workday Goal_Reference_ID). */
  referenceId: z.string().nullable().default(null),
  ...changedByAt,
});
export type CurrentGoal = z.infer<typeof currentGoal>;

export const eligibilityValue = z.enum(['eligible', 'not-eligible']);
export type EligibilityValue = z.infer<typeof eligibilityValue>;

export const eligibilityFlag = z.object({
  value: eligibilityValue.nullable(),
  reason: z.string().default(''),
  ...changedByAt,
});
export type EligibilityFlag = z.infer<typeof eligibilityFlag>;

export const exceptionNote = z.object({
  promotionDate: isoDate,
  fromGrade: z.string(),
  toGrade: z.string(),
  note: z.string(),
  /** The HRIS's row or instance id when it has one. */
  id: z.string().nullable().default(null),
});
export type ExceptionNote = z.infer<typeof exceptionNote>;

/**
 * What the HRIS holds now for one employee, as far as fluencyflow is concerned.
 * `goals` are only the candidates for this cycle's goal (standard title, marker or reference id), not every goal.
 */
export const currentState = z.object({
  goals: z.array(currentGoal).default([]),
  eligibility: eligibilityFlag.nullable().default(null),
  exceptionNotes: z.array(exceptionNote).default([]),
});
export type CurrentState = z.infer<typeof currentState>;

/** How the engine tells a connector which goals are candidates for this cycle's goal. */
export const goalIdentity = z.object({
  cycleId: z.string(),
  title: z.string(),
  /** `[fluencyflow:<cycle>:<employeeId>]` with the employee id filled in by `markerFor`. */
  markerPrefix: z.string(),
  referenceIdPrefix: z.string(),
});
export type GoalIdentity = z.infer<typeof goalIdentity>;

export const markerFor = (identity: GoalIdentity, employeeId: string): string =>
  `${identity.markerPrefix}${employeeId}]`;
export const referenceIdFor = (identity: GoalIdentity, employeeId: string): string =>
  `${identity.referenceIdPrefix}${employeeId}`;
