/**
 * Applies a batch of changes: every write (goal creates and updates, flags, notes) goes through `upsert` calls of
 * at most 1000 records (KBA 3145174) whose per-record results are read. Goals are created by upsert too, not one
 * `POST Goal_<planId>` each: `Goal_<planId>` is upsertable [PMGM EDMX], so a thousand new goals cost one call. A
 * create is looked up first (by user and title) so a goal made by an earlier, interrupted run is updated instead.
 */
import type { ChangeOutcome, ReadOptions } from '../../src/connector.js';
import type { Change, GoalChange } from '../../schemas/index.js';
import { FluencyError, RejectedError, ResponseShapeError, assertNever } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/index.js';
import { readPaging, type SuccessFactorsConfig } from './config.js';
import { findGoals } from './client.js';
import { chunk } from './odata.js';
import { eligibilityRecord, exceptionRecord, goalCreateRecord, goalUpdateRecord, type Values } from './mapping.js';
import { toError } from './to-error.js';
import { writeBatch, type BatchRecord } from './upsert-batch.js';
import type { GoalRow } from './wire-schemas.js';

export interface ApplyDeps {
  http: HttpClient;
  config: SuccessFactorsConfig;
  /** The tenant's values (goal states, category, eligibility codes), resolved once per session. */
  values: () => Promise<Values>;
}

interface PendingRecord extends BatchRecord {
  index: number;
}

const failed = (key: string, error: FluencyError): ChangeOutcome => ({ key, outcome: 'failed', error });

/** The goals already there for these creates, by `userId|title` (one look-up per title and chunk of users). */
const existingGoals = async (
  deps: ApplyDeps,
  creates: readonly { change: GoalChange }[],
): Promise<Map<string, GoalRow>> => {
  const { config, http } = deps;
  const existing = new Map<string, GoalRow>();
  const byTitle = new Map<string, string[]>();
  for (const { change } of creates)
    byTitle.set(change.after.title, [...(byTitle.get(change.after.title) ?? []), change.employeeId]);
  for (const [title, userIds] of byTitle) {
    const rows = await findGoals(http, config.goalPlanId, userIds, { ...readPaging(config), name: title });
    for (const r of rows) if (!existing.has(`${r.userId}|${r.name}`)) existing.set(`${r.userId}|${r.name}`, r);
  }
  return existing;
};

export const applyChanges = async (
  deps: ApplyDeps,
  changes: Change[],
  _options: ReadOptions,
): Promise<ChangeOutcome[]> => {
  const { config } = deps;
  // A value the tenant would refuse stops the whole batch before any write (DESIGN §9).
  const values = await deps.values();
  const outcomes: (ChangeOutcome | undefined)[] = new Array<ChangeOutcome | undefined>(changes.length);
  const records: PendingRecord[] = [];
  const creates: { index: number; change: GoalChange }[] = [];

  const queueGoalUpdate = (index: number, change: GoalChange, goalId: string) => {
    if (!/^\d+$/.test(goalId)) {
      outcomes[index] = failed(
        change.key,
        new RejectedError(`goal id "${goalId}" is not a SuccessFactors goal id`, { connector: config.id }),
      );
      return;
    }
    records.push({ index, record: goalUpdateRecord(config, values, goalId, change.after), hrisId: goalId });
  };

  changes.forEach((change, index) => {
    switch (change.kind) {
      case 'goal':
        if (change.action === 'update' && change.before) queueGoalUpdate(index, change, change.before.id);
        else creates.push({ index, change });
        break;
      case 'eligibility':
        records.push({ index, record: eligibilityRecord(config, values, change.employeeId, change.after) });
        break;
      case 'exception-note':
        records.push({ index, record: exceptionRecord(config, change.employeeId, change.after) });
        break;
      default:
        assertNever(change);
    }
  });

  if (creates.length > 0) {
    try {
      const existing = await existingGoals(deps, creates);
      for (const { index, change } of creates) {
        const found = existing.get(`${change.employeeId}|${change.after.title}`);
        if (found) queueGoalUpdate(index, change, found.id);
        else
          records.push({
            index,
            record: goalCreateRecord(config, values, change.employeeId, change.after),
            create: { userId: change.employeeId, title: change.after.title },
          });
      }
    } catch (e) {
      const err = toError(e, { connector: config.id, where: 'find goals before create' });
      for (const { index, change } of creates) outcomes[index] = failed(change.key, err);
    }
  }

  for (const batch of chunk(records, config.upsertBatchSize)) {
    const results = await writeBatch(deps, batch);
    batch.forEach((pending, position) => {
      const change = changes[pending.index];
      const result = results[position];
      if (!change || !result) return;
      outcomes[pending.index] = result.ok
        ? { key: change.key, outcome: 'applied', hrisId: result.hrisId ?? change.employeeId }
        : failed(change.key, result.error);
    });
  }

  return changes.map(
    (c, i) =>
      outcomes[i] ?? failed(c.key, new ResponseShapeError('change was not processed', { connector: config.id })),
  );
};
