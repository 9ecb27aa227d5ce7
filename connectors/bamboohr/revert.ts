/**
 * Undoing earlier writes (`revert <run-id>`), one at a time: goals the run created are deleted, an adopted goal is
 * put back as the run found it (the v1.1 PUT replaces the whole goal), a flag gets its old value or is cleared, an
 * exception row is deleted. Something already gone is a `noop`.
 */
import { assertNever, FluencyError, RejectedError, SetupMissingError } from '../../src/errors.js';
import type { ChangeOutcome } from '../../src/connector.js';
import type { CurrentGoal, RevertChange } from '../../schemas/index.js';
import type { ApplyContext } from './apply.js';
import { eachChange, type Written } from './each-change.js';
import { readAllGoals } from './goals-read.js';
import { fromEligibility } from './mapping.js';
import type { GoalBody } from './client.js';

const gone = (e: unknown): boolean => e instanceof FluencyError && e.code === 'FF_NOT_FOUND';

/** The goal as `restore` writes it back: its old text, due date and progress, with its sharing as it is. */
const restoreBody = (
  goal: CurrentGoal,
  employeeId: string,
  shared: number[],
  aligns: string | null,
  asOf: string,
): GoalBody => {
  const owner = Number(employeeId);
  return {
    title: goal.title,
    description: goal.description,
    dueDate: goal.dueDate ?? asOf,
    percentComplete: goal.percentComplete,
    completionDate: goal.percentComplete === 100 ? asOf : null,
    sharedWithEmployeeIds: shared.includes(owner) ? shared : [owner, ...shared],
    alignsWithOptionId: aligns,
  };
};

const restoreGoal = async (
  ctx: ApplyContext,
  employeeId: string,
  now: CurrentGoal,
  old: CurrentGoal,
  asOf: string,
): Promise<Written> => {
  const wire = ctx.knownGoal(now.id) ?? (await readAllGoals(ctx.client, employeeId)).find((g) => g.id === now.id);
  const aligns =
    wire?.alignsWithOptionId === undefined || wire.alignsWithOptionId === null ? null : String(wire.alignsWithOptionId);
  const body = restoreBody(old, employeeId, wire?.sharedWithEmployeeIds ?? [], aligns, asOf);
  if (now.closed) await ctx.client.reopenGoal(employeeId, now.id);
  const { requestId } = await ctx.client.updateGoal(employeeId, now.id, body);
  if (old.closed) await ctx.client.closeGoal(employeeId, now.id);
  return { outcome: 'applied', hrisId: now.id, requestId };
};

const revertOne = async (ctx: ApplyContext, change: RevertChange, asOf: string): Promise<Written> => {
  const { employeeId } = change;
  // What the read saw of this employee's goals or notes no longer holds once this writes there.
  if (change.kind === 'goal') ctx.seen.takeGoals(employeeId);
  if (change.kind === 'exception-note') ctx.seen.takeNotes(employeeId);
  switch (change.kind) {
    case 'goal': {
      if (change.action === 'restore' && change.after)
        return restoreGoal(ctx, employeeId, change.before, change.after, asOf);
      try {
        const { requestId } = await ctx.client.deleteGoal(employeeId, change.before.id);
        return { outcome: 'applied', hrisId: change.before.id, requestId };
      } catch (e) {
        if (gone(e)) return { outcome: 'noop' };
        throw e;
      }
    }
    case 'eligibility': {
      const { eligibility, reason } = ctx.meta;
      if (eligibility === undefined || reason === undefined)
        throw new SetupMissingError(`${ctx.configPath}.fields: BambooHR has no eligibility or reason field`, {
          connector: ctx.config.id,
        });
      const old = change.after;
      const value = old === null || old.value === null ? '' : fromEligibility(old.value, await ctx.values());
      const { requestId } = await ctx.client.updateEmployee(employeeId, {
        [eligibility.key]: value,
        [reason.key]: old?.reason ?? '',
      });
      return { outcome: 'applied', requestId };
    }
    case 'exception-note': {
      const table = ctx.meta.exceptionTable;
      const rowId = change.before.id;
      if (table === undefined)
        throw new SetupMissingError(`${ctx.configPath}.exceptionTable: BambooHR has no such table`, {
          connector: ctx.config.id,
        });
      if (rowId === null)
        throw new RejectedError('the exception row has no id to delete it by', { connector: ctx.config.id });
      const res = await ctx.client.deleteTableRow(employeeId, table.alias, rowId);
      // `success: false`: the row is not there (any more).
      return { outcome: res.success === false ? 'noop' : 'applied', hrisId: rowId, requestId: res.requestId };
    }
    default:
      return assertNever(change);
  }
};

export const revertChanges = async (
  ctx: ApplyContext,
  changes: RevertChange[],
  asOf: string,
): Promise<ChangeOutcome[]> => eachChange(changes, (change) => revertOne(ctx, change, asOf), ctx.toError, 'revert');
