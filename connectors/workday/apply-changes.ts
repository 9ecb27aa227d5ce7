import pLimit from 'p-limit';
import type { ChangeOutcome, ReadOptions } from '../../src/connector.js';
import type { Change, EligibilityChange, ExceptionNote, ExceptionNoteChange, GoalChange } from '../../schemas/index.js';
import { assertNever, FluencyError, ProviderError } from '../../src/errors.js';
import type { WorkdayClient } from './client.js';
import type { WorkdayConfig } from './config.js';
import { toExceptionNote } from './mapping.js';
import { customObjectXml, editAdditionalDataArgs, manageGoalsArgs } from './requests.js';
import type { WorkdayValues } from './values.js';

export interface ApplyDeps {
  config: WorkdayConfig;
  client: WorkdayClient;
  /** The worker's WID, for the REST read before a multi-instance write. */
  widOf: (employeeId: string) => Promise<string | null>;
  /** The tenant's values, resolved before the first write. */
  values: WorkdayValues;
}

const asError = (e: unknown): FluencyError =>
  e instanceof FluencyError
    ? e
    : new ProviderError(e instanceof Error ? e.message : 'unexpected failure', { connector: 'workday' });

const applyGoal = async (deps: ApplyDeps, change: GoalChange): Promise<ChangeOutcome> => {
  // A create is never resent after an ambiguous failure: the next run reads the goal back by its Goal_Reference_ID.
  await deps.client.manageGoals(manageGoalsArgs(deps.config, change, deps.values), {
    idempotent: change.action !== 'create',
  });
  return { key: change.key, outcome: 'applied', hrisId: change.after.referenceId };
};

const applyEligibility = async (deps: ApplyDeps, change: EligibilityChange, asOf: string): Promise<ChangeOutcome> => {
  const { config, values } = deps;
  const chosen = change.after.value === 'eligible' ? values.eligibility.eligible : values.eligibility.notEligible;
  const value = values.eligibility.kind === 'list' ? { listAlias: chosen } : chosen;
  const xml = customObjectXml(config.customObject, [
    { [config.fields.eligible]: value, [config.fields.reason]: change.after.reason },
  ]);
  await deps.client.editWorkerAdditionalData(editAdditionalDataArgs(config, change.employeeId, asOf, xml));
  return { key: change.key, outcome: 'applied' };
};

const noteKey = (n: Pick<ExceptionNote, 'promotionDate' | 'fromGrade' | 'toGrade' | 'note'>) =>
  JSON.stringify([n.promotionDate, n.fromGrade, n.toGrade, n.note]);

/**
 * All new notes of one worker in one write. The exception object is multi-instance and instances left out of a write
 * are deleted, so the write carries the instances the tenant holds now (read again just before), the ones the plan
 * saw (`existing`) and the new ones.
 */
const applyNotes = async (
  deps: ApplyDeps,
  employeeId: string,
  changes: ExceptionNoteChange[],
  asOf: string,
): Promise<void> => {
  const { config } = deps;
  const wid = await deps.widOf(employeeId);
  const fresh =
    wid === null
      ? []
      : (await deps.client.customObjectInstances(config.exceptionObject, wid))
          .map((m) => toExceptionNote(m, config))
          .filter((n) => n !== null);
  const all = new Map<string, Pick<ExceptionNote, 'promotionDate' | 'fromGrade' | 'toGrade' | 'note'>>();
  for (const n of [...fresh, ...changes.flatMap((c) => c.existing), ...changes.map((c) => c.after)])
    all.set(noteKey(n), n);
  const instances = [...all.values()]
    .sort((a, b) => a.promotionDate.localeCompare(b.promotionDate))
    .map((n) => ({
      [config.fields.promotionDate]: n.promotionDate,
      [config.fields.fromGrade]: n.fromGrade,
      [config.fields.toGrade]: n.toGrade,
      [config.fields.note]: n.note,
    }));
  await deps.client.editWorkerAdditionalData(
    editAdditionalDataArgs(config, employeeId, asOf, customObjectXml(config.exceptionObject, instances)),
  );
};

/** Applies a batch: one outcome per change, in order; a failed change is an outcome, not a throw. */
export const applyChanges = async (
  deps: ApplyDeps,
  changes: Change[],
  options: ReadOptions,
): Promise<ChangeOutcome[]> => {
  const limit = pLimit(deps.config.concurrency);
  const outcomes = new Map<string, ChangeOutcome>();
  const notesBy = new Map<string, ExceptionNoteChange[]>();
  const tasks: Promise<void>[] = [];
  const run = (keys: string[], fn: () => Promise<ChangeOutcome[]>) =>
    tasks.push(
      limit(async () => {
        try {
          for (const o of await fn()) outcomes.set(o.key, o);
        } catch (e) {
          for (const key of keys) outcomes.set(key, { key, outcome: 'failed', error: asError(e) });
        }
      }),
    );
  for (const change of changes) {
    switch (change.kind) {
      case 'goal':
        run([change.key], async () => [await applyGoal(deps, change)]);
        break;
      case 'eligibility':
        run([change.key], async () => [await applyEligibility(deps, change, options.asOf)]);
        break;
      case 'exception-note':
        notesBy.set(change.employeeId, [...(notesBy.get(change.employeeId) ?? []), change]);
        break;
      default:
        assertNever(change);
    }
  }
  for (const [employeeId, list] of notesBy)
    run(
      list.map((c) => c.key),
      async () => {
        await applyNotes(deps, employeeId, list, options.asOf);
        return list.map((c) => ({ key: c.key, outcome: 'applied' as const }));
      },
    );
  await Promise.all(tasks);
  return changes.map(
    (c) =>
      outcomes.get(c.key) ?? {
        key: c.key,
        outcome: 'failed',
        error: new ProviderError('the change was not attempted', { connector: 'workday' }),
      },
  );
};
