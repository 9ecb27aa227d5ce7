/**
 * Undoing earlier writes (`revert <run-id>`). Workday's public APIs have no goal delete: a goal the run created is
 * archived (`Manage_Goals` with `Goal_Archived` true; a later apply un-archives it by its Goal_Reference_ID). An
 * adopted goal gets its old values back through `Manage_Goals`; a flag set where none was, and an exception note,
 * are deleted through customObject/v2 `DELETE`; an old flag value goes back through `Edit_Worker_Additional_Data`.
 */
import type { ChangeOutcome, ReadOptions } from '../../src/connector.js';
import type { CurrentGoal, GoalRevert, RevertChange } from '../../schemas/index.js';
import { assertNever, FluencyError, ProviderError } from '../../src/errors.js';
import type { ApplyDeps } from './apply.js';
import { composeDescription } from './goal-text.js';
import { customObjectXml, editAdditionalDataArgs } from './requests.js';

const workerRef = (employeeId: string) => ({ ID: { attributes: { 'wd:type': 'Employee_ID' }, $value: employeeId } });

/** Manage_Goals on the goal by its WID: archived (`close`), or its old values back (`restore`). */
const manageGoalArgs = (deps: ApplyDeps, change: GoalRevert, old: CurrentGoal | null) => {
  const status = old?.status ? deps.values.goalStatus[old.status] : null;
  return {
    attributes: { 'wd:version': deps.config.version, 'wd:Add_Only': 'false' },
    Business_Process_Parameters: { Auto_Complete: true, Run_Now: true },
    Manage_Goals_Data: {
      Worker_Reference: workerRef(change.employeeId),
      Worker_Goal_Detail_Data: {
        Goal_Reference: { ID: { attributes: { 'wd:type': 'WID' }, $value: change.before.id } },
        ...(old
          ? {
              Name: old.title,
              Description: composeDescription(old.description, old.percentComplete),
              ...(old.dueDate === null ? {} : { Due_Date: old.dueDate }),
              ...(status
                ? { Status_Reference: { ID: { attributes: { 'wd:type': status.type }, $value: status.id } } }
                : {}),
            }
          : {}),
        Goal_Archived: old === null ? true : old.closed,
      },
    },
  };
};

const revertOne = async (deps: ApplyDeps, change: RevertChange, options: ReadOptions): Promise<ChangeOutcome> => {
  const { config, client } = deps;
  const done = (found = true): ChangeOutcome => ({ key: change.key, outcome: found ? 'applied' : 'noop' });
  switch (change.kind) {
    case 'goal':
      await client.manageGoals(manageGoalArgs(deps, change, change.action === 'restore' ? change.after : null), {
        idempotent: true,
      });
      return done();
    case 'eligibility': {
      const old = change.after;
      if (old === null || old.value === null) {
        const wid = await deps.widOf(change.employeeId);
        return done(wid !== null && (await client.deleteCustomObject(config.customObject, wid)));
      }
      const chosen = old.value === 'eligible' ? deps.values.eligibility.eligible : deps.values.eligibility.notEligible;
      const value = deps.values.eligibility.kind === 'list' ? { listAlias: chosen } : chosen;
      const xml = customObjectXml(config.customObject, [
        { [config.fields.eligible]: value, [config.fields.reason]: old.reason },
      ]);
      await client.editWorkerAdditionalData(editAdditionalDataArgs(config, change.employeeId, options.asOf, xml));
      return done();
    }
    case 'exception-note': {
      const id = change.before.id;
      if (id === null)
        throw new ProviderError('the exception note has no instance id to delete it by', { connector: config.id });
      return done(await client.deleteCustomObject(config.exceptionObject, id));
    }
    default:
      return assertNever(change);
  }
};

export const revertChanges = async (
  deps: ApplyDeps,
  changes: RevertChange[],
  options: ReadOptions,
): Promise<ChangeOutcome[]> => {
  const outcomes: ChangeOutcome[] = [];
  for (const change of changes) {
    try {
      outcomes.push(await revertOne(deps, change, options));
    } catch (e) {
      const error =
        e instanceof FluencyError
          ? e
          : new ProviderError(e instanceof Error ? e.message : 'unexpected failure', { connector: deps.config.id });
      outcomes.push({ key: change.key, outcome: 'failed', error });
    }
  }
  return outcomes;
};
