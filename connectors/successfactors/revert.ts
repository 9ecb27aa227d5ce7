/**
 * Undoing earlier writes (`revert <run-id>`): goals the run created and exception records are deleted
 * (`DELETE Goal_<planId>(<id>L)`, `DELETE <exceptionObject>('<code>')`), a flag set where none was has its record
 * deleted, and old values go back through `upsert`, whose per-record results are read. An entity already gone (404)
 * is a `noop`.
 */
import type { ChangeOutcome } from '../../src/connector.js';
import type { CurrentGoal, RevertChange } from '../../schemas/index.js';
import { FluencyError, ResponseShapeError, assertNever } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/index.js';
import { deleteEntity, upsert } from './client.js';
import type { SuccessFactorsConfig } from './config.js';
import { eligibilityRecord, statusToState, type Values } from './mapping.js';
import { isoDateToSf } from './dates.js';
import { toError, upsertRecordError, upsertAt } from './to-error.js';

export interface RevertDeps {
  http: HttpClient;
  config: SuccessFactorsConfig;
  values: () => Promise<Values>;
}

const quoteKey = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The goal as the run found it: name, text, due date, progress and state (closed, or its status's state). */
const goalRestoreRecord = (config: SuccessFactorsConfig, values: Values, goalId: string, goal: CurrentGoal) => {
  const state = goal.closed
    ? values.closedStates[0]
    : goal.status === null
      ? undefined
      : statusToState(values, goal.status);
  return {
    __metadata: { uri: `Goal_${config.goalPlanId}(${goalId}L)`, type: `SFOData.Goal_${config.goalPlanId}` },
    id: goalId,
    name: goal.title,
    metric: goal.description,
    ...(state === undefined ? {} : { state }),
    ...(goal.dueDate === null ? {} : { due: isoDateToSf(goal.dueDate) }),
    done: goal.percentComplete,
  };
};

const deleted = async (key: string, remove: () => Promise<void>): Promise<ChangeOutcome> => {
  try {
    await remove();
    return { key, outcome: 'applied' };
  } catch (e) {
    if (e instanceof FluencyError && e.code === 'FF_NOT_FOUND') return { key, outcome: 'noop' };
    throw e;
  }
};

export const revertChanges = async (deps: RevertDeps, changes: RevertChange[]): Promise<ChangeOutcome[]> => {
  const { http, config } = deps;
  const values = await deps.values();
  const outcomes = new Map<string, ChangeOutcome>();
  const records: { key: string; record: Record<string, unknown> }[] = [];
  const run = async (key: string, fn: () => Promise<ChangeOutcome>) => {
    try {
      outcomes.set(key, await fn());
    } catch (e) {
      outcomes.set(key, { key, outcome: 'failed', error: toError(e, { connector: config.id, where: 'revert' }) });
    }
  };
  for (const c of changes) {
    switch (c.kind) {
      case 'goal':
        if (c.action === 'restore' && c.after)
          records.push({ key: c.key, record: goalRestoreRecord(config, values, c.before.id, c.after) });
        else
          await run(c.key, () =>
            deleted(c.key, () => deleteEntity(http, `Goal_${config.goalPlanId}`, `${c.before.id}L`)),
          );
        break;
      case 'eligibility': {
        const old = c.after;
        if (old === null || old.value === null)
          await run(c.key, () => deleted(c.key, () => deleteEntity(http, config.mdfObject, quoteKey(c.employeeId))));
        else
          records.push({
            key: c.key,
            record: eligibilityRecord(config, values, c.employeeId, { value: old.value, reason: old.reason }),
          });
        break;
      }
      case 'exception-note': {
        const code = c.before.id;
        if (code === null)
          outcomes.set(c.key, {
            key: c.key,
            outcome: 'failed',
            error: new ResponseShapeError('the exception record has no externalCode', { connector: config.id }),
          });
        else await run(c.key, () => deleted(c.key, () => deleteEntity(http, config.exceptionObject, quoteKey(code))));
        break;
      }
      default:
        assertNever(c);
    }
  }
  if (records.length > 0) {
    try {
      const results = await upsert(
        http,
        records.map((r) => r.record),
      );
      records.forEach((r, i) => {
        const result =
          results.find((x) => x.index !== null && x.index !== undefined && Number(x.index) === i) ?? results[i];
        const httpCode = result?.httpCode === null || result?.httpCode === undefined ? null : Number(result.httpCode);
        const ok =
          result !== undefined && (result.status ?? '').toUpperCase() === 'OK' && (httpCode === null || httpCode < 400);
        outcomes.set(
          r.key,
          ok
            ? { key: r.key, outcome: 'applied' }
            : {
                key: r.key,
                outcome: 'failed',
                error: upsertRecordError(upsertAt(config.id), httpCode, result?.message ?? null, result?.key ?? null),
              },
        );
      });
    } catch (e) {
      const error = toError(e, upsertAt(config.id));
      for (const r of records) outcomes.set(r.key, { key: r.key, outcome: 'failed', error });
    }
  }
  return changes.map(
    (c) =>
      outcomes.get(c.key) ?? {
        key: c.key,
        outcome: 'failed',
        error: new ResponseShapeError('change was not processed', { connector: config.id }),
      },
  );
};
