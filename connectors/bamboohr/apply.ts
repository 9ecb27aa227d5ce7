/**
 * Writing a batch of changes, one at a time (BambooHR has no batch write). A failed change becomes a `failed`
 * outcome; the rest of the batch still runs.
 */
import { assertNever, SetupMissingError, type FluencyError } from '../../src/errors.js';
import type { ChangeOutcome, ReadOptions } from '../../src/connector.js';
import type { Change, EligibilityChange, ExceptionNoteChange, GoalChange } from '../../schemas/index.js';
import type { BambooClient } from './client.js';
import type { BamboohrConfig } from './config.js';
import { readAllGoals } from './goals-read.js';
import { fromEligibility, toGoalBody, toNoteRow } from './mapping.js';
import type { TenantMeta } from './tenant.js';
import type { WireGoal } from './wire-schemas.js';

export interface ApplyContext {
  client: BambooClient;
  config: BamboohrConfig;
  meta: TenantMeta;
  /** A goal seen by this session's read (its sharing and alignment), if any. */
  knownGoal: (goalId: string) => WireGoal | undefined;
  rememberGoal: (goal: WireGoal) => void;
  toError: (e: unknown) => FluencyError;
}

type Written = Omit<ChangeOutcome, 'key'>;

const applyGoal = async (ctx: ApplyContext, change: GoalChange, options: ReadOptions): Promise<Written> => {
  const { client } = ctx;
  const employeeId = change.employeeId;
  if (change.action === 'create' || change.before === null) {
    const { goal, requestId } = await client.createGoal(employeeId, toGoalBody(change.after, employeeId, options.asOf));
    ctx.rememberGoal(goal);
    return { outcome: 'applied', hrisId: goal.id, requestId };
  }
  const goalId = change.before.id;
  // The PUT replaces the whole goal: its sharing and alignment must be sent back as they are.
  let existing = ctx.knownGoal(goalId);
  if (existing === undefined) existing = (await readAllGoals(client, employeeId)).find((g) => g.id === goalId);
  if (change.before.closed) await client.reopenGoal(employeeId, goalId);
  const body = toGoalBody(change.after, employeeId, options.asOf, existing);
  const { goal, requestId } = await client.updateGoal(employeeId, goalId, body);
  ctx.rememberGoal(goal);
  return { outcome: 'applied', hrisId: goal.id, requestId };
};

const applyEligibility = async (ctx: ApplyContext, change: EligibilityChange): Promise<Written> => {
  const { eligibility, reason } = ctx.meta;
  if (eligibility === undefined || reason === undefined)
    throw new SetupMissingError(`BambooHR has no eligibility field "${ctx.config.fields.eligibility}" or reason field "${ctx.config.fields.reason}"`, {
      connector: ctx.config.id,
      where: 'fields',
    });
  const { requestId } = await ctx.client.updateEmployee(change.employeeId, {
    [eligibility.key]: fromEligibility(change.after.value, ctx.config.values),
    [reason.key]: change.after.reason,
  });
  return { outcome: 'applied', requestId };
};

const applyNote = async (ctx: ApplyContext, change: ExceptionNoteChange): Promise<Written> => {
  const table = ctx.meta.exceptionTable;
  if (table === undefined)
    throw new SetupMissingError(`BambooHR has no table "${ctx.config.exceptionTable}"`, { connector: ctx.config.id, where: 'exceptionTable' });
  const { requestId } = await ctx.client.createTableRow(change.employeeId, table.alias, toNoteRow(change.after));
  return { outcome: 'applied', requestId };
};

const applyOne = async (ctx: ApplyContext, change: Change, options: ReadOptions): Promise<Written> => {
  if (change.action === 'noop') return { outcome: 'noop' };
  switch (change.kind) {
    case 'goal':
      return applyGoal(ctx, change, options);
    case 'eligibility':
      return applyEligibility(ctx, change);
    case 'exception-note':
      return applyNote(ctx, change);
    default:
      return assertNever(change);
  }
};

export const applyChanges = async (ctx: ApplyContext, changes: Change[], options: ReadOptions): Promise<ChangeOutcome[]> => {
  const outcomes: ChangeOutcome[] = [];
  for (const change of changes) {
    try {
      outcomes.push({ key: change.key, ...(await applyOne(ctx, change, options)) });
    } catch (e) {
      const error = ctx.toError(e);
      outcomes.push({ key: change.key, outcome: 'failed', error, ...(error.requestId === undefined ? {} : { requestId: error.requestId }) });
    }
  }
  return outcomes;
};
