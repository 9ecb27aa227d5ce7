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
  /** The default locale's name (also the title of goals written before templates per locale). */
  title: z.string(),
  /** Every name this cycle's goal may carry, in any locale: a goal with one of them is adopted. */
  titles: z.array(z.string()).optional(),
  /** The old marker `[fluencyflow:<cycle>:<employeeId>]` with the employee id filled in by `markerFor`. */
  markerPrefix: z.string(),
  referenceIdPrefix: z.string(),
});
export type GoalIdentity = z.infer<typeof goalIdentity>;

export const markerFor = (identity: GoalIdentity, employeeId: string): string =>
  `${identity.markerPrefix}${employeeId}]`;
export const referenceIdFor = (identity: GoalIdentity, employeeId: string): string =>
  `${identity.referenceIdPrefix}${employeeId}`;

/** The reference line ending a goal's description where the HRIS has no field for an external key. */
export const REFERENCE_LINE_LABEL = 'Ref: ';
export const referenceLineFor = (identity: GoalIdentity, employeeId: string): string =>
  `${REFERENCE_LINE_LABEL}${referenceIdFor(identity, employeeId)}`;

const foldTitle = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

/** True when `title` is this cycle's goal name in some locale (or the name goals had before locales). */
export const isGoalTitle = (identity: GoalIdentity, title: string): boolean => {
  const t = foldTitle(title);
  return foldTitle(identity.title) === t || (identity.titles ?? []).some((x) => foldTitle(x) === t);
};

/**
 * A description as written into an HRIS without an external-key field -> the text for people and the goal's
 * reference: the trailing `Ref: ...` line (or the old `[fluencyflow:...]` marker line) of this employee is taken off.
 */
export const splitReferenceLine = (
  text: string,
  identity: GoalIdentity,
  employeeId: string,
): { description: string; referenceId: string | null } => {
  const lines = text.replace(/\s+$/, '').split('\n');
  const last = (lines[lines.length - 1] ?? '').trim();
  const ours = last === referenceLineFor(identity, employeeId) || last === markerFor(identity, employeeId);
  if (!ours) return { description: text, referenceId: null };
  const description = lines.slice(0, -1).join('\n').replace(/\s+$/, '');
  return { description, referenceId: referenceIdFor(identity, employeeId) };
};

/** A goal carries this employee's reference (new line or old marker) anywhere in its description. */
export const hasReference = (text: string, identity: GoalIdentity, employeeId: string): boolean => {
  const ref = referenceLineFor(identity, employeeId);
  return text.includes(markerFor(identity, employeeId)) || text.split('\n').some((l) => l.trim() === ref);
};
