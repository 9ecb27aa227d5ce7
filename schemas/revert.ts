import { z } from 'zod';
import { currentGoal, eligibilityFlag, exceptionNote } from './current-state.js';

/**
 * How one write of an earlier run is undone (`fluencyflow revert <run-id>`): `delete` removes what the run created,
 * `close` closes a goal the run created where the HRIS has no goal delete, `restore` writes the value the run found
 * back (an adopted goal's old text, a flag's old value; a flag the run set where none was is cleared).
 */
export const revertAction = z.enum(['delete', 'close', 'restore']);
export type RevertAction = z.infer<typeof revertAction>;

const revertBase = {
  /** Stable hash of the reverted run and the change it undoes. */
  key: z.string(),
  connector: z.string(),
  employeeId: z.string(),
  displayName: z.string().optional(),
  action: revertAction,
  /** The key of the reverted run's change. */
  reverts: z.string(),
  reason: z.string(),
};

export const goalRevert = z.object({
  ...revertBase,
  kind: z.literal('goal'),
  /** The goal as the HRIS holds it now (what the reverted run wrote). */
  before: currentGoal,
  /** The goal as the run found it, for `restore`; null for `delete` and `close`. */
  after: currentGoal.nullable(),
});
export const eligibilityRevert = z.object({
  ...revertBase,
  kind: z.literal('eligibility'),
  before: eligibilityFlag,
  /** The flag as the run found it; null or a null value: the flag is cleared. */
  after: eligibilityFlag.nullable(),
});
export const exceptionNoteRevert = z.object({
  ...revertBase,
  kind: z.literal('exception-note'),
  /** The note as the HRIS holds it now, with its row or instance id. */
  before: exceptionNote,
  after: z.null(),
});
export const revertChange = z.discriminatedUnion('kind', [goalRevert, eligibilityRevert, exceptionNoteRevert]);
export type RevertChange = z.infer<typeof revertChange>;
export type GoalRevert = z.infer<typeof goalRevert>;
export type EligibilityRevert = z.infer<typeof eligibilityRevert>;
export type ExceptionNoteRevert = z.infer<typeof exceptionNoteRevert>;

/** A write of the reverted run that is left as it is, and why (changed since by someone else, gone, unknown). */
export const revertSkip = z.object({
  connector: z.string(),
  employeeId: z.string(),
  displayName: z.string().optional(),
  kind: z.enum(['goal', 'eligibility', 'exception-note']),
  reverts: z.string(),
  reason: z.string(),
});
export type RevertSkip = z.infer<typeof revertSkip>;

/** The part of a plan that undoes a run: present only on plans made by `revert`. */
export const revertSection = z.object({
  /** The run undone. */
  runId: z.string(),
  changes: z.array(revertChange),
  skipped: z.array(revertSkip),
});
export type RevertSection = z.infer<typeof revertSection>;
