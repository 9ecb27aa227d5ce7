import pLimit from 'p-limit';
import type { ChangeOutcome, ReadOptions } from '../../src/connector.js';
import type { Change, EligibilityChange, ExceptionNote, ExceptionNoteChange, GoalChange } from '../../schemas/index.js';
import { assertNever, FluencyError, NotFoundError, ProviderError, RejectedError } from '../../src/errors.js';
import { BULK_WRITE_MAX, type WorkdayClient } from './client.js';
import { writeEligibilityBatch } from './bulk-write.js';
import type { WorkdayConfig } from './config.js';
import { toExceptionNote } from './mapping.js';
import { noteFields, noteRefKey, writeNotesBatch, type NotesBulkState } from './note-write.js';
import { noteReader } from './notes-read.js';
import { customObjectXml, editAdditionalDataArgs, manageGoalsArgs } from './requests.js';
import type { WorkdayValues } from './values.js';
import type { WorkerQueue } from './worker-queue.js';

export interface ApplyDeps {
  config: WorkdayConfig;
  client: WorkdayClient;
  /** The worker's WID, for the REST read before a multi-instance write. */
  widOf: (employeeId: string) => Promise<string | null>;
  /** The WIDs of many workers (one Get_Workers for those not read yet), for bulk writes. */
  widsOf: (employeeIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  /** The tenant's values, resolved before the first write. */
  values: WorkdayValues;
  /** Where the connector's block sits in the config, and the session's warnings (the notes read's fallback). */
  configPath: string;
  warn: (message: string) => void;
  /** Whether this session writes notes with `bulk=true` (with `fields.noteReferenceId`; note-write.ts). */
  notesBulk: NotesBulkState;
  /** The session's workers with an Edit_Worker_Additional_Data note write under way (worker-queue.ts). */
  noteWrites: WorkerQueue;
}

const asError = (e: unknown, connector: string): FluencyError =>
  e instanceof FluencyError
    ? e
    : new ProviderError(e instanceof Error ? e.message : 'unexpected failure', { connector });

const applyGoal = async (deps: ApplyDeps, change: GoalChange): Promise<ChangeOutcome> => {
  // A create is never resent after an ambiguous failure: the next run reads the goal back by its Goal_Reference_ID.
  await deps.client.manageGoals(manageGoalsArgs(deps.config, change, deps.values), {
    idempotent: change.action !== 'create',
  });
  return { key: change.key, outcome: 'applied', hrisId: change.after.referenceId };
};

const noteKey = (n: Pick<ExceptionNote, 'promotionDate' | 'fromGrade' | 'toGrade' | 'note'>) =>
  JSON.stringify([n.promotionDate, n.fromGrade, n.toGrade, n.note]);

/**
 * All new notes of one worker in one write. The exception object is multi-instance and instances left out of a write
 * are deleted, so the write carries the instances the tenant holds now (read again just before the batch's writes, so
 * a note added since the plan survives too) and the new ones. The connector derives this itself: the plan holds only
 * the new note.
 */
const applyNotes = async (
  deps: ApplyDeps,
  employeeId: string,
  changes: ExceptionNoteChange[],
  asOf: string,
  held: readonly Record<string, unknown>[],
): Promise<void> => {
  const { config } = deps;
  const ref = config.fields.noteReferenceId;
  // The write replaces the worker's whole set: a held note that cannot be resent as it is (a person entered it without
  // a promotion date) would be deleted. Nothing is written for this worker; the next run tries again.
  const unsendable = held.find((m) => toExceptionNote(m, config) === null);
  if (unsendable !== undefined)
    throw new RejectedError(
      `worker ${employeeId} holds an exception note without a valid ${config.fields.promotionDate}; ` +
        "Edit_Worker_Additional_Data replaces all of the worker's notes and would delete it, so none was written",
      {
        connector: config.id,
        where: `${config.exceptionObject} instance ${String(unsendable['id'] ?? unsendable['workdayID'] ?? '?')}`,
        hint:
          'Give that note its promotion date in Workday, or write notes 100 at a time with fields.noteReferenceId ' +
          '(docs/connectors/workday.md), which replaces nothing.',
      },
    );
  const fresh = held.flatMap((m) => {
    const n = toExceptionNote(m, config);
    const own = ref === undefined ? undefined : m[ref];
    return n === null ? [] : [{ n, key: typeof own === 'string' && own !== '' ? own : undefined }];
  });
  const all = new Map<
    string,
    { n: Pick<ExceptionNote, 'promotionDate' | 'fromGrade' | 'toGrade' | 'note'>; key?: string }
  >();
  for (const x of [...fresh, ...changes.map((c) => ({ n: c.after }))])
    if (!all.has(noteKey(x.n))) all.set(noteKey(x.n), x);
  // With a Reference ID set up, every instance carries a key: a held one keeps its own (a person's value, or the one
  // fluencyflow gave it), one without gets the key its identity gives. A held key that another note's identity
  // gives (a note fluencyflow wrote, edited since by a person) yields to it: a worker's keys are unique.
  const derived = new Map([...all].map(([k, x]) => [noteRefKey(x.n), k]));
  const instances = [...all]
    .sort(([, a], [, b]) => a.n.promotionDate.localeCompare(b.n.promotionDate))
    .map(([k, { n, key }]) => {
      const owner = key === undefined ? undefined : derived.get(key);
      return noteFields(config, n, owner !== undefined && owner !== k ? undefined : key);
    });
  await deps.client.editWorkerAdditionalData(
    editAdditionalDataArgs(config, employeeId, asOf, customObjectXml(config.exceptionObject, instances)),
  );
};

/**
 * The instances the workers of a batch hold, read once for the batch just before its note writes (per worker or in
 * WQL pages, whichever is fewer calls: notes-read.ts), with their WIDs (one Get_Workers for those not read yet).
 */
const heldBy = async (deps: ApplyDeps, employeeIds: readonly string[]) => {
  const wids = await deps.widsOf(employeeIds);
  return { wids, rows: await noteReader(deps).read([...wids.values()]) };
};

/** One worker's notes by Edit_Worker_Additional_Data, after the read of what it holds (shared by the batch). */
const soapNotesOf = async (
  deps: ApplyDeps,
  held: () => ReturnType<typeof heldBy>,
  employeeId: string,
  list: ExceptionNoteChange[],
  asOf: string,
): Promise<ChangeOutcome[]> => {
  const { wids, rows } = await held();
  const wid = wids.get(employeeId);
  const instances = wid === undefined ? undefined : rows.get(wid);
  // Without the worker's instances the write would delete them: no write at all.
  if (instances === undefined)
    throw new NotFoundError(`no worker ${employeeId} to write exception notes for`, { connector: deps.config.id });
  await applyNotes(deps, employeeId, list, asOf, instances);
  return list.map((c) => ({ key: c.key, outcome: 'applied' as const }));
};

/**
 * Notes by Edit_Worker_Additional_Data, one worker a call (without a Reference ID, and the bulk path's fall-back): one
 * outcome per change.
 */
const notesBySoap = async (
  deps: ApplyDeps,
  changes: readonly ExceptionNoteChange[],
  asOf: string,
): Promise<ChangeOutcome[]> => {
  const byWorker = new Map<string, ExceptionNoteChange[]>();
  for (const c of changes) byWorker.set(c.employeeId, [...(byWorker.get(c.employeeId) ?? []), c]);
  // The read waits for another batch's writes to these workers (worker-queue.ts).
  const turn = deps.noteWrites.take([...byWorker.keys()]);
  try {
    await turn.ready;
    let read: ReturnType<typeof heldBy> | null = null;
    const held = () => (read ??= heldBy(deps, [...byWorker.keys()]));
    const limit = pLimit(deps.config.concurrency);
    const out = await Promise.all(
      [...byWorker].map(([employeeId, list]) =>
        limit(async () => {
          try {
            return await soapNotesOf(deps, held, employeeId, list, asOf);
          } catch (e) {
            const error = asError(e, deps.config.id);
            return list.map((c) => ({ key: c.key, outcome: 'failed' as const, error }));
          }
        }),
      ),
    );
    return out.flat();
  } finally {
    turn.release();
  }
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
  const flags: EligibilityChange[] = [];
  const tasks: Promise<void>[] = [];
  const run = (keys: string[], fn: () => Promise<ChangeOutcome[]>): void => {
    tasks.push(
      limit(async () => {
        try {
          for (const o of await fn()) outcomes.set(o.key, o);
        } catch (e) {
          for (const key of keys) outcomes.set(key, { key, outcome: 'failed', error: asError(e, deps.config.id) });
        }
      }),
    );
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'goal':
        run([change.key], async () => [await applyGoal(deps, change)]);
        break;
      case 'eligibility':
        flags.push(change);
        break;
      case 'exception-note':
        notesBy.set(change.employeeId, [...(notesBy.get(change.employeeId) ?? []), change]);
        break;
      default:
        assertNever(change);
    }
  }
  // Flags in bulk writes of up to 100 (customObject/v2 `bulk=true`), each after one look-up of the WIDs not read yet.
  for (let i = 0; i < flags.length; i += BULK_WRITE_MAX) {
    const batch = flags.slice(i, i + BULK_WRITE_MAX);
    run(
      batch.map((c) => c.key),
      async () => writeEligibilityBatch(deps, batch, await deps.widsOf(batch.map((c) => c.employeeId))),
    );
  }
  const notes = [...notesBy.values()].flat();
  if (deps.config.fields.noteReferenceId !== undefined && deps.notesBulk.mode !== 'off') {
    // Notes of several workers in bulk writes of up to 100, keyed by their Reference ID (note-write.ts).
    for (let i = 0; i < notes.length; i += BULK_WRITE_MAX) {
      const batch = notes.slice(i, i + BULK_WRITE_MAX);
      run(
        batch.map((c) => c.key),
        async () =>
          writeNotesBatch(deps, batch, await deps.widsOf(batch.map((c) => c.employeeId)), (rest) =>
            notesBySoap(deps, rest, options.asOf),
          ),
      );
    }
  } else if (notes.length > 0)
    // One worker per Edit_Worker_Additional_Data, after one read of what the batch's workers hold.
    run(
      notes.map((c) => c.key),
      async () => notesBySoap(deps, notes, options.asOf),
    );
  await Promise.all(tasks);
  return changes.map(
    (c) =>
      outcomes.get(c.key) ?? {
        key: c.key,
        outcome: 'failed',
        error: new ProviderError('the change was not attempted', { connector: deps.config.id }),
      },
  );
};
