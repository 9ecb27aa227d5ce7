import type { Change, CurrentGoal, CurrentState, Employee, GoalIdentity } from '../../schemas/index.js';
import { hasReference, isGoalTitle, referenceIdFor } from '../../schemas/index.js';
import type { DesiredState } from './evaluate.js';
import { sameNote } from './exceptions.js';
import { changeKey } from './hash.js';

/**
 * Which existing goal is this cycle's fluency goal: ours by reference id or marker first, then one with the standard
 * title (open before closed, adopted and reopened). Every other goal is left exactly as it was.
 */
export const pickGoal = (
  goals: readonly CurrentGoal[],
  identity: GoalIdentity,
  employeeId: string,
): CurrentGoal | null => {
  const ref = referenceIdFor(identity, employeeId);
  const byRank = (g: CurrentGoal): number =>
    g.referenceId === ref
      ? 0
      : hasReference(g.description, identity, employeeId)
        ? 1
        : isGoalTitle(identity, g.title)
          ? g.closed
            ? 3
            : 2
          : 9;
  let best: CurrentGoal | null = null;
  for (const g of goals) {
    const r = byRank(g);
    if (r === 9) continue;
    if (best === null || r < byRank(best) || (r === byRank(best) && g.id < best.id)) best = g;
  }
  return best;
};

/** What differs between a goal the HRIS holds and one fluencyflow wants, in words (empty: the same). */
export const goalDiffers = (before: CurrentGoal, after: NonNullable<DesiredState['goal']>): string[] => {
  const diffs: string[] = [];
  if (before.closed) diffs.push('reopen');
  if (before.title !== after.title) diffs.push('title');
  if (before.description.trim() !== after.description.trim()) diffs.push('description');
  if (before.dueDate !== after.dueDate) diffs.push('due date');
  if (Math.round(before.percentComplete) !== after.percentComplete)
    diffs.push(`progress ${before.percentComplete} -> ${after.percentComplete}`);
  if (before.status !== null && before.status !== after.status)
    diffs.push(`status ${before.status} -> ${after.status}`);
  return diffs;
};

/** Desired state vs what the HRIS holds, for one employee: the changes (noops included, for counting). */
export const diffEmployee = (
  employee: Employee,
  current: CurrentState,
  desired: DesiredState,
  identity: GoalIdentity,
): Change[] => {
  const out: Change[] = [];
  const { connector, id: employeeId } = employee;
  // Each change is one object literal with its fields in plan order (no spread of a shared base): V8 builds such a
  // literal from one map, where a spread plus added fields walks map transitions for every change.

  if (desired.goal) {
    const before = pickGoal(current.goals, identity, employee.id);
    const diffs = before ? goalDiffers(before, desired.goal) : [];
    out.push({
      key: changeKey(connector, employeeId, 'goal', identity.cycleId),
      connector,
      employeeId,
      kind: 'goal',
      action: before === null ? 'create' : diffs.length > 0 ? 'update' : 'noop',
      before,
      after: desired.goal,
      reason:
        before === null
          ? `no ${identity.cycleId} fluency goal: create one for ${desired.goal.targetLevel}`
          : diffs.length > 0
            ? `goal ${before.id}: ${diffs.join(', ')}`
            : 'goal up to date',
    });
  }

  if (desired.eligibility) {
    const before = current.eligibility;
    const same =
      before !== null &&
      before.value === desired.eligibility.value &&
      before.reason.trim() === desired.eligibility.reason.trim();
    out.push({
      key: changeKey(connector, employeeId, 'eligibility', 'flag'),
      connector,
      employeeId,
      kind: 'eligibility',
      action: before === null || before.value === null ? 'create' : same ? 'noop' : 'update',
      before,
      after: desired.eligibility,
      reason: same
        ? 'flag up to date'
        : before === null || before.value === null
          ? `set ${desired.eligibility.value}`
          : before.value !== desired.eligibility.value
            ? `${before.value} -> ${desired.eligibility.value}`
            : 'reason changed',
    });
  }

  for (const note of desired.notes) {
    const existing = current.exceptionNotes.find((n) => sameNote(n, note)) ?? null;
    out.push({
      key: changeKey(connector, employeeId, 'exception-note', `${note.promotionDate}|${note.toGrade}`),
      connector,
      employeeId,
      kind: 'exception-note',
      action: existing ? 'noop' : 'create',
      before: existing,
      after: note,
      reason: existing
        ? 'note already written'
        : `promotion ${note.fromGrade} -> ${note.toGrade} on ${note.promotionDate} without the required fluency`,
    });
  }
  return out;
};
