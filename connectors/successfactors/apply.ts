/**
 * Applies a batch of changes: goal creates one `POST` each (after a bulk look-up by user and title), everything
 * else (goal updates, flags, notes) in `upsert` calls of at most 1000 records whose per-record results are read.
 */
import type { ChangeOutcome, ReadOptions } from '../../src/connector.js';
import type { Change, GoalChange } from '../../schemas/index.js';
import { FluencyError, RejectedError, ResponseShapeError, assertNever } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/index.js';
import type { SuccessFactorsConfig } from './config.js';
import { createGoal, findGoals, upsert } from './client.js';
import { chunk } from './odata.js';
import { eligibilityRecord, exceptionRecord, goalCreateBody, goalUpdateRecord, type Values } from './mapping.js';
import { toFluencyError, upsertRecordError } from './to-error.js';
import type { GoalRow } from './wire-schemas.js';

export interface ApplyDeps {
  http: HttpClient;
  config: SuccessFactorsConfig;
  /** The tenant's values (goal states, category, eligibility codes), resolved once per session. */
  values: () => Promise<Values>;
}

interface PendingRecord {
  index: number;
  record: Record<string, unknown>;
  /** The id to report when the HRIS key is not the natural one (goals). */
  hrisId?: string;
}

const failed = (key: string, error: FluencyError): ChangeOutcome => ({ key, outcome: 'failed', error });

export const applyChanges = async (deps: ApplyDeps, changes: Change[], _options: ReadOptions): Promise<ChangeOutcome[]> => {
  const { config, http } = deps;
  // A value the tenant would refuse stops the whole batch before any write (DESIGN §9).
  const values = await deps.values();
  const outcomes: (ChangeOutcome | undefined)[] = new Array<ChangeOutcome | undefined>(changes.length);
  const records: PendingRecord[] = [];
  const creates: { index: number; change: GoalChange }[] = [];

  const queueGoalUpdate = (index: number, change: GoalChange, goalId: string) => {
    if (!/^\d+$/.test(goalId)) {
      outcomes[index] = failed(change.key, new RejectedError(`goal id "${goalId}" is not a SuccessFactors goal id`, { connector: config.id }));
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
    // Look the goals up first (one call per chunk of users): a goal made by an earlier, interrupted run is updated, not duplicated.
    const existing = new Map<string, GoalRow>();
    const byTitle = new Map<string, string[]>();
    for (const { change } of creates) byTitle.set(change.after.title, [...(byTitle.get(change.after.title) ?? []), change.employeeId]);
    try {
      for (const [title, userIds] of byTitle) {
        const rows = await findGoals(http, config.goalPlanId, userIds, { pageSize: config.pageSize, chunkSize: config.filterChunkSize, name: title });
        for (const r of rows) if (!existing.has(`${r.userId}|${r.name}`)) existing.set(`${r.userId}|${r.name}`, r);
      }
    } catch (e) {
      const err = toFluencyError(e, config.id);
      for (const { index, change } of creates) outcomes[index] = failed(change.key, err);
      creates.length = 0;
    }
    for (const { index, change } of creates) {
      const found = existing.get(`${change.employeeId}|${change.after.title}`);
      if (found) {
        queueGoalUpdate(index, change, found.id);
        continue;
      }
      try {
        const id = await createGoal(http, config.goalPlanId, goalCreateBody(values, change.employeeId, change.after));
        outcomes[index] = { key: change.key, outcome: 'applied', hrisId: id };
      } catch (e) {
        outcomes[index] = failed(change.key, toFluencyError(e, config.id));
      }
    }
  }

  for (const batch of chunk(records, config.upsertBatchSize)) {
    try {
      const results = await upsert(http, batch.map((r) => r.record));
      batch.forEach((pending, position) => {
        const change = changes[pending.index];
        if (!change) return;
        const result = results.find((r) => r.index !== null && r.index !== undefined && Number(r.index) === position) ?? results[position];
        if (!result) {
          outcomes[pending.index] = failed(change.key, new ResponseShapeError('SuccessFactors returned no result for this record', { connector: config.id }));
          return;
        }
        const httpCode = result.httpCode === null || result.httpCode === undefined ? null : Number(result.httpCode);
        const ok = (result.status ?? '').toUpperCase() === 'OK' && (httpCode === null || httpCode < 400);
        outcomes[pending.index] = ok
          ? { key: change.key, outcome: 'applied', hrisId: pending.hrisId ?? result.key ?? change.employeeId }
          : failed(change.key, upsertRecordError(config.id, httpCode, result.message ?? null, result.key ?? null));
      });
    } catch (e) {
      const err = toFluencyError(e, config.id);
      for (const pending of batch) {
        const change = changes[pending.index];
        if (change) outcomes[pending.index] = failed(change.key, err);
      }
    }
  }

  return changes.map(
    (c, i) => outcomes[i] ?? failed(c.key, new ResponseShapeError('change was not processed', { connector: config.id })),
  );
};
