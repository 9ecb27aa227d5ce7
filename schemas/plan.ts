import { z } from 'zod';
import { isoDate } from './common.js';
import { currentGoal, eligibilityFlag, eligibilityValue, exceptionNote, goalStatus } from './current-state.js';
import { revertSection } from './revert.js';

export const changeKind = z.enum(['goal', 'eligibility', 'exception-note']);
export type ChangeKind = z.infer<typeof changeKind>;
export const changeAction = z.enum(['create', 'update', 'noop']);
export type ChangeAction = z.infer<typeof changeAction>;

/** The goal fluencyflow wants in the HRIS. */
export const desiredGoal = z.object({
  title: z.string(),
  description: z.string(),
  dueDate: isoDate,
  percentComplete: z.number().int().min(0).max(100),
  status: goalStatus,
  targetLevel: z.string(),
  /** The locale the text was written in (`en`, `ja`, ...). */
  locale: z.string().optional(),
  /**
   * The reference line (`Ref: FLUENCY-<cycle>-<employeeId>`) a connector appends to the description where the HRIS
   * has no field for an external key; never part of `description` itself.
   */
  marker: z.string(),
  /** Deterministic external key for HRIS with a field for it (Workday `Goal_Reference_ID`). */
  referenceId: z.string(),
  cycleStart: isoDate,
});
export type DesiredGoal = z.infer<typeof desiredGoal>;

export const desiredEligibility = z.object({ value: eligibilityValue, reason: z.string() });
export type DesiredEligibility = z.infer<typeof desiredEligibility>;

const changeBase = {
  /** Stable hash of connector, employee, kind and target: the same change has the same key on every run. */
  key: z.string(),
  connector: z.string(),
  employeeId: z.string(),
  action: changeAction,
  reason: z.string(),
  /** The employee's name as the HRIS holds it, for people reading the plan (not part of what is written). */
  displayName: z.string().optional(),
  /** The HRIS value was changed by a person since fluencyflow wrote it, and `onManualChange: revert` puts it back. */
  revertsManualChange: z.boolean().optional(),
};

export const goalChange = z.object({
  ...changeBase,
  kind: z.literal('goal'),
  before: currentGoal.nullable(),
  after: desiredGoal,
});
export const eligibilityChange = z.object({
  ...changeBase,
  kind: z.literal('eligibility'),
  before: eligibilityFlag.nullable(),
  after: desiredEligibility,
});
export const exceptionNoteChange = z.object({
  ...changeBase,
  kind: z.literal('exception-note'),
  before: exceptionNote.nullable(),
  after: exceptionNote.omit({ id: true }),
});
export const change = z.discriminatedUnion('kind', [goalChange, eligibilityChange, exceptionNoteChange]);
export type Change = z.infer<typeof change>;
export type GoalChange = z.infer<typeof goalChange>;
export type EligibilityChange = z.infer<typeof eligibilityChange>;
export type ExceptionNoteChange = z.infer<typeof exceptionNoteChange>;

/**
 * What a run did with a value that differs from fluencyflow's own (DESIGN §9): `kept` (a person's change, left as
 * it is), `reported` (the same, `onManualChange: report`), `reverted` (written back), `no-history` (no record of
 * what fluencyflow wrote there and the HRIS holds another value: left until `--adopt`), `adopted` (written by
 * `--adopt`, the new baseline).
 */
export const manualHandling = z.enum(['kept', 'reported', 'reverted', 'no-history', 'adopted']);
export type ManualHandling = z.infer<typeof manualHandling>;

/** One value in the HRIS that a person changed, or that differs without history (the plan's `!` lines). */
export const manualChange = z.object({
  connector: z.string(),
  employeeId: z.string(),
  displayName: z.string().optional(),
  kind: changeKind,
  handling: manualHandling,
  /** What the HRIS holds, in words. */
  held: z.string(),
  /** What fluencyflow last wrote there, in words (null: no history). */
  lastWritten: z.string().nullable(),
  /** What fluencyflow would write now, in words. */
  planned: z.string(),
  /** Who and when, where the HRIS says. */
  changedBy: z.string().optional(),
  changedAt: z.string().optional(),
});
export type ManualChange = z.infer<typeof manualChange>;

/** Something the run noticed and reports without guessing: unknown grade, unmatched evidence, dropped field. */
export const runIssue = z.object({
  code: z.string(),
  message: z.string(),
  connector: z.string().nullable().default(null),
  employeeId: z.string().nullable().default(null),
  /** Where: a file and line, a config path, an HRIS field. */
  where: z.string().nullable().default(null),
});
export type RunIssue = z.infer<typeof runIssue>;

export const planSummary = z.object({
  employees: z.number().int(),
  judged: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  noop: z.number().int(),
  byKind: z.record(
    z.string(),
    z.object({ create: z.number().int(), update: z.number().int(), noop: z.number().int() }),
  ),
  issues: z.record(z.string(), z.number().int()),
  /** Employees read but outside the run's scope (not written); present only when the run had a scope. */
  outOfScope: z.number().int().optional(),
  /** Values changed by hand or without history, by handling; present only when there are any. */
  manual: z.partialRecord(manualHandling, z.number().int()).optional(),
});
export type PlanSummary = z.infer<typeof planSummary>;

/** A plan: deterministic for the same inputs and as-of date (no wall-clock time inside). */
export const plan = z.object({
  format: z.literal('fluencyflow-plan/1'),
  organization: z.string(),
  asOf: isoDate,
  cycle: z.string(),
  /**
   * Hash of everything the plan was computed from as the HRIS held it; apply refuses a plan whose fingerprint moved.
   */
  fingerprint: z.string(),
  /** Hash of the policy (config) the plan was computed with. */
  policyHash: z.string(),
  /** The scope the plan covers (`department=Engineering`), when it covers less than everyone. */
  scope: z.string().optional(),
  summary: planSummary,
  /** Only changes that write (create / update); noops are counted in the summary. */
  changes: z.array(change),
  issues: z.array(runIssue),
  /** On a plan made by `revert <run-id>`: what undoes that run (then `changes` is empty). */
  revert: revertSection.optional(),
  /** Values people changed by hand, or that differ without history; present only when there are any. */
  manualChanges: z.array(manualChange).optional(),
  /** Made with `--adopt`: values that differ without history are written and become the baseline. */
  adopt: z.boolean().optional(),
});
export type Plan = z.infer<typeof plan>;

/** A plan as `plan --out` writes it: `digest` is the SHA-256 of the plan's canonical JSON (keys sorted, no digest). */
export const planFile = plan.extend({ digest: z.string().regex(/^[0-9a-f]{64}$/) });
export type PlanFile = z.infer<typeof planFile>;
