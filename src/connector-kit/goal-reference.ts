/**
 * The goal's reference for an HRIS without a field for an external key (BambooHR, SuccessFactors): written as one
 * trailing `Ref: ...` line of the description, read back off it so the canonical description is the text for
 * people only. Goals written before this line existed end with `[fluencyflow:<cycle>:<id>]`: read the same way.
 */
import { splitReferenceLine, type CurrentGoal, type DesiredGoal, type GoalIdentity } from '../../schemas/index.js';

/** The description as the HRIS stores it: the text, then the reference line. */
export const describedWithReference = (goal: Pick<DesiredGoal, 'description' | 'marker'>): string => {
  const text = goal.description.replace(/\s+$/, '');
  const last = text.split('\n').pop()?.trim() ?? '';
  return last === goal.marker ? text : `${text}\n${goal.marker}`;
};

/** A goal read back: its reference line (or old marker) taken off the description and kept as `referenceId`. */
export const withReferenceRead = (goal: CurrentGoal, identity: GoalIdentity, employeeId: string): CurrentGoal => {
  const { description, referenceId } = splitReferenceLine(goal.description, identity, employeeId);
  return referenceId === null ? goal : { ...goal, description, referenceId };
};
