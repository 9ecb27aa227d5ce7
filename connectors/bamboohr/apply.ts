/**
 * Writing a batch of changes, one at a time (BambooHR has no batch write). A failed change becomes a `failed`
 * outcome; the rest of the batch still runs.
 *
 * Creates look up their marker first (src/connector.ts): a goal or an exception row that another run wrote since
 * the plan was made is adopted, not duplicated. For an employee this session's read covered, that read is the
 * look-up (seen.ts): it was made by this run, a saved plan's included, and nothing of ours wrote there since. Two runs
 * at once can both find nothing and both create; each reads again after its create, and the younger of two twins
 * yields (it is deleted and the older one adopted). That read-back is what keeps two runs from duplicating anything
 * (DESIGN §2): BambooHR has no idempotency key and no conditional create.
 */
import { assertNever, SetupMissingError, type FluencyError } from '../../src/errors.js';
import type { ChangeOutcome, ReadOptions } from '../../src/connector.js';
import type { Change, DesiredGoal, EligibilityChange, ExceptionNoteChange, GoalChange } from '../../schemas/index.js';
import type { BambooClient } from './client.js';
import type { BamboohrConfig } from './config.js';
import { eachChange, type Written } from './each-change.js';
import { readAllGoals } from './goals-read.js';
import {
  fromEligibility,
  isCandidateGoal,
  toExceptionNotes,
  toGoalBody,
  toNoteRow,
  type EligibilityValues,
} from './mapping.js';
import type { SeenByRead } from './seen.js';
import type { TenantMeta } from './tenant.js';
import type { WireGoal, WireTableRow } from './wire-schemas.js';

export interface ApplyContext {
  client: BambooClient;
  config: BamboohrConfig;
  /** Where this connector's block sits in the config. */
  configPath: string;
  meta: TenantMeta;
  /** The eligibility options resolved from the tenant (asked only when a flag is written). */
  values: () => Promise<EligibilityValues>;
  /** A goal seen by this session's read (its sharing and alignment), if any. */
  knownGoal: (goalId: string) => WireGoal | undefined;
  rememberGoal: (goal: WireGoal) => void;
  /** What this session's read saw of each employee, taken by the first write to their goals or notes. */
  seen: SeenByRead;
  /** The connector's translator; `where` names the change that failed (its kind). */
  toError: (e: unknown, where: string) => FluencyError;
}

const byId = (a: { id?: string | undefined }, b: { id?: string | undefined }): number =>
  Number(a.id ?? Infinity) - Number(b.id ?? Infinity) || String(a.id).localeCompare(String(b.id));

/** This cycle's goals of one employee, in every status, oldest first: those `read` saw, else read now. */
const candidateGoals = async (
  ctx: ApplyContext,
  employeeId: string,
  options: ReadOptions,
  read?: readonly WireGoal[],
): Promise<WireGoal[]> =>
  (read ?? (await readAllGoals(ctx.client, employeeId)))
    .filter((g) => isCandidateGoal(g, options.goal, employeeId))
    .sort(byId);

/** Reopens a closed goal, then replaces it with `after`, keeping its sharing and alignment. */
const adoptGoal = async (
  ctx: ApplyContext,
  employeeId: string,
  goal: WireGoal,
  after: DesiredGoal,
  asOf: string,
): Promise<Written> => {
  if (goal.status === 'closed') await ctx.client.reopenGoal(employeeId, goal.id);
  const body = toGoalBody(after, employeeId, asOf, goal);
  const { goal: written, requestId } = await ctx.client.updateGoal(employeeId, goal.id, body);
  ctx.rememberGoal(written);
  return { outcome: 'applied', hrisId: written.id, requestId };
};

const createGoal = async (
  ctx: ApplyContext,
  change: GoalChange,
  options: ReadOptions,
  read: readonly WireGoal[] | undefined,
): Promise<Written> => {
  const { employeeId } = change;
  const [there] = await candidateGoals(ctx, employeeId, options, read);
  if (there !== undefined) return adoptGoal(ctx, employeeId, there, change.after, options.asOf);
  const body = toGoalBody(change.after, employeeId, options.asOf);
  const { goal, requestId } = await ctx.client.createGoal(employeeId, body);
  const [oldest] = await candidateGoals(ctx, employeeId, options);
  if (oldest === undefined || oldest.id === goal.id) {
    ctx.rememberGoal(goal);
    return { outcome: 'applied', hrisId: goal.id, requestId };
  }
  // A concurrent run created the same goal first: ours yields.
  await ctx.client.deleteGoal(employeeId, goal.id);
  return adoptGoal(ctx, employeeId, oldest, change.after, options.asOf);
};

const applyGoal = async (ctx: ApplyContext, change: GoalChange, options: ReadOptions): Promise<Written> => {
  const { employeeId } = change;
  const read = ctx.seen.takeGoals(employeeId);
  if (change.action === 'create' || change.before === null) return createGoal(ctx, change, options, read);
  const goalId = change.before.id;
  // The PUT replaces the whole goal: its sharing and alignment must be sent back as they are.
  const existing = ctx.knownGoal(goalId) ?? (await readAllGoals(ctx.client, employeeId)).find((g) => g.id === goalId);
  if (change.before.closed) await ctx.client.reopenGoal(employeeId, goalId);
  const body = toGoalBody(change.after, employeeId, options.asOf, existing);
  const { goal, requestId } = await ctx.client.updateGoal(employeeId, goalId, body);
  ctx.rememberGoal(goal);
  return { outcome: 'applied', hrisId: goal.id, requestId };
};

const applyEligibility = async (ctx: ApplyContext, change: EligibilityChange): Promise<Written> => {
  const { eligibility, reason } = ctx.meta;
  if (eligibility === undefined || reason === undefined) {
    const where = `${ctx.configPath}.fields.${eligibility === undefined ? 'eligibility' : 'reason'}`;
    const ref = eligibility === undefined ? ctx.config.fields.eligibility : ctx.config.fields.reason;
    throw new SetupMissingError(`${where}: BambooHR has no field "${ref}"`, { connector: ctx.config.id, where });
  }
  const { requestId } = await ctx.client.updateEmployee(change.employeeId, {
    [eligibility.key]: fromEligibility(change.after.value, await ctx.values()),
    [reason.key]: change.after.reason,
  });
  return { outcome: 'applied', requestId };
};

/** The rows of this promotion's note (same date and new grade, as the plan matches notes), oldest first. */
const noteRows = async (
  ctx: ApplyContext,
  employeeId: string,
  table: string,
  note: ExceptionNoteChange['after'],
  read?: readonly WireTableRow[],
) => {
  const grade = (g: string): string => g.trim().toLowerCase();
  return toExceptionNotes(read ?? (await ctx.client.tableRows(employeeId, table)))
    .filter((n) => n.promotionDate === note.promotionDate && grade(n.toGrade) === grade(note.toGrade))
    .sort((a, b) => byId({ id: a.id ?? undefined }, { id: b.id ?? undefined }));
};

const applyNote = async (ctx: ApplyContext, change: ExceptionNoteChange): Promise<Written> => {
  const table = ctx.meta.exceptionTable;
  if (table === undefined) {
    const where = `${ctx.configPath}.exceptionTable`;
    const said = `${where}: BambooHR has no table "${ctx.config.exceptionTable}"`;
    throw new SetupMissingError(said, { connector: ctx.config.id, where });
  }
  const { employeeId } = change;
  const [there] = await noteRows(ctx, employeeId, table.alias, change.after, ctx.seen.takeNotes(employeeId));
  if (there !== undefined) return { outcome: 'noop', ...(there.id === null ? {} : { hrisId: there.id }) };
  const { requestId } = await ctx.client.createTableRow(employeeId, table.alias, toNoteRow(change.after));
  // The create answers no row id: read back, and if a concurrent run wrote the same note, keep the oldest row.
  const [kept, ...twins] = await noteRows(ctx, employeeId, table.alias, change.after);
  // `success: false` means the row is gone already: the other run deleted it first.
  for (const twin of twins) if (twin.id !== null) await ctx.client.deleteTableRow(employeeId, table.alias, twin.id);
  return { outcome: 'applied', requestId, ...(kept?.id == null ? {} : { hrisId: kept.id }) };
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

export const applyChanges = async (
  ctx: ApplyContext,
  changes: Change[],
  options: ReadOptions,
): Promise<ChangeOutcome[]> => eachChange(changes, (change) => applyOne(ctx, change, options), ctx.toError, 'apply');
