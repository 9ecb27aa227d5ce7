/**
 * Exception notes written 100 at a time (docs/connectors/workday.md, "Notes written 100 at a time"): with
 * `fields.noteReferenceId`, `POST /customObjects/{exceptionObject}?bulk=true&updateIfExists=true` takes up to 100
 * instances of several workers, each carrying a key derived from the note's identity in the Reference ID field. The
 * REST directory (customObjectDataMultiInstance_v2) says that POST creates instances, and updates one only when the
 * definition uses a Reference ID ("include the reference ID field in the request body"): then a resent or concurrent
 * write of the same note updates the same instance (DESIGN §2: never a duplicate). Nothing is replaced, so the held
 * instances are not read first. Whether the tenant's definition really uses that field cannot be read (GET
 * /definitions/{ID} answers a summary without it), so the first call of a session is verified by reading one note it
 * wrote back by `{workerWID};{referenceIdAlias}={key}`; until then a lost answer is not resent.
 */
import { createHash } from 'node:crypto';
import type { ChangeOutcome } from '../../src/connector.js';
import { FluencyError } from '../../src/errors.js';
import type { ExceptionNote, ExceptionNoteChange } from '../../schemas/index.js';
import { isMissingSetup } from './wql-pages.js';
import { inOrder, noWorker, sendBulk, type BulkItem, type BulkWriteDeps } from './bulk-write.js';
import type { WorkdayConfig } from './config.js';
import { toExceptionNote } from './mapping.js';

export const NOTES_BULK_DOC = 'docs/connectors/workday.md, "Notes written 100 at a time"';

type NoteIdentity = Pick<ExceptionNote, 'promotionDate' | 'fromGrade' | 'toGrade' | 'note'>;

/** The Reference ID value of a note: its promotion date and 12 hex digits of a SHA-256 of its identity. */
export const noteRefKey = (n: NoteIdentity): string => {
  const digest = createHash('sha256')
    .update(JSON.stringify([n.promotionDate, n.fromGrade, n.toGrade, n.note]))
    .digest('hex');
  return `ff-${n.promotionDate}-${digest.slice(0, 12)}`;
};

/**
 * A note's fields as customObject/v2 and Edit_Worker_Additional_Data take them, with its key when one is set up:
 * `key` (a held instance's own value), else the one its identity gives.
 */
export const noteFields = (config: WorkdayConfig, n: NoteIdentity, key?: string): Record<string, string> => {
  const f = config.fields;
  return {
    [f.promotionDate]: n.promotionDate,
    [f.fromGrade]: n.fromGrade,
    [f.toGrade]: n.toGrade,
    [f.note]: n.note,
    ...(f.noteReferenceId === undefined ? {} : { [f.noteReferenceId]: key ?? noteRefKey(n) }),
  };
};

/**
 * Whether bulk note writes are used in this session: `unverified` until the first call's note is read back,
 * `verified` after, `off` when that read-back failed (the rest go by Edit_Worker_Additional_Data).
 */
export interface NotesBulkState {
  mode: 'unverified' | 'verified' | 'off';
  /** The first call while it is under way: the other batches wait for its verdict. */
  first: Promise<void> | null;
}

export const notesBulkState = (): NotesBulkState => ({ mode: 'unverified', first: null });

/**
 * Why the instance read back by its Reference ID is not the note sent, or null when it is. `found` null: the tenant
 * has no instance by that id (404), which is what a definition without that Reference ID answers.
 */
const mismatch = (config: WorkdayConfig, sent: NoteIdentity, found: Record<string, unknown> | null): string | null => {
  const ref = config.fields.noteReferenceId ?? '';
  if (found === null) return 'no instance by that id (404)';
  const note = toExceptionNote(found, config);
  const same =
    note !== null &&
    note.promotionDate === sent.promotionDate &&
    note.fromGrade === sent.fromGrade &&
    note.toGrade === sent.toGrade &&
    note.note === sent.note &&
    found[ref] === noteRefKey(sent);
  return same ? null : 'the instance answered is not the note written';
};

/** A read-back Workday refuses (400: the ID form not taken; 403: no view permission): resending will not help. */
const isRefusal = (e: unknown): e is FluencyError & { status: 400 | 403 } =>
  e instanceof FluencyError && (e.status === 400 || e.status === 403);

/** The warning when the tenant does not match notes on the Reference ID (the rest of the session writes by SOAP). */
const fallbackWarning = (config: WorkdayConfig, configPath: string, why: string): string =>
  `FF_SETUP_MISSING: ${configPath}.fields.noteReferenceId: the exception object ${config.exceptionObject} does not ` +
  `answer a note by its Reference ID ${config.fields.noteReferenceId ?? ''} (${why}); its definition must use that ` +
  `Text field as Reference ID, or bulk writes could duplicate notes. The other notes of this session are written ` +
  `one worker per Edit_Worker_Additional_Data; see ${NOTES_BULK_DOC}`;

export interface NoteWriteDeps extends Pick<BulkWriteDeps, 'config' | 'client'> {
  configPath: string;
  warn: (message: string) => void;
  notesBulk: NotesBulkState;
}

/**
 * One call of at most 100 notes (`wids`: employee ids to worker WIDs). The session's first call goes alone: its first
 * applied note is read back by its Reference ID, and a failed read-back (or a first call refused whole, as a tenant
 * without that field refuses it) turns bulk writes off; then `fallback` writes what this call did not.
 */
export const writeNotesBatch = async (
  deps: NoteWriteDeps,
  changes: readonly ExceptionNoteChange[],
  wids: ReadonlyMap<string, string>,
  fallback: (changes: readonly ExceptionNoteChange[]) => Promise<ChangeOutcome[]>,
): Promise<ChangeOutcome[]> => {
  const { config, notesBulk: state } = deps;
  const keys = changes.map((c) => c.key);
  while (state.first !== null) await state.first;
  if (state.mode === 'off') return fallback(changes);
  const outcomes = new Map<string, ChangeOutcome>();
  const items: (BulkItem & { change: ExceptionNoteChange; wid: string })[] = [];
  for (const change of changes) {
    const wid = wids.get(change.employeeId);
    if (wid === undefined) outcomes.set(change.key, noWorker(config, change.key, change.employeeId));
    else
      items.push({
        key: change.key,
        change,
        wid,
        instance: { worker: { id: wid }, ...noteFields(config, change.after) },
      });
  }
  if (items.length === 0) return inOrder(config, keys, outcomes);
  if (state.mode === 'verified') {
    for (const [key, o] of await sendBulk(deps, config.exceptionObject, items)) outcomes.set(key, o);
    return inOrder(config, keys, outcomes);
  }
  let release = () => {};
  state.first = new Promise<void>((resolve) => (release = resolve));
  try {
    const sent = await sendBulk(deps, config.exceptionObject, items, { idempotent: false });
    const applied = items.find((i) => sent.get(i.key)?.outcome === 'applied');
    const failures = [...sent.values()].flatMap((o) => (o.outcome === 'failed' && o.error ? [o.error] : []));
    let why: string | null = null;
    if (applied === undefined) {
      // Refused whole for a reason of set-up (an unknown field, no such object): SOAP writes them all instead.
      const setup = failures.find((e) => isMissingSetup(e));
      if (setup === undefined) {
        for (const [key, o] of sent) outcomes.set(key, o);
        return inOrder(config, keys, outcomes);
      }
      why = `the bulk write was refused: ${setup.code}: ${setup.message}`;
    } else {
      const ref = config.fields.noteReferenceId ?? '';
      // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObject v2: GET
      // /customObjects/{alias}/{ID}, ID = {businessObjectWID};{referenceIdAlias}={referenceIdValue})
      const id = `${applied.wid};${ref}=${noteRefKey(applied.change.after)}`;
      let found: Record<string, unknown> | null;
      try {
        found = await deps.client.customObjectById(config.exceptionObject, id);
        why = mismatch(config, applied.change.after, found);
      } catch (e) {
        // A refusal (400: the ID form not taken; 403: the user may not view the object) is a verdict: the key cannot
        // be verified, so bulk writes stop. Not answered (a failing tenant): the notes stand as sent, the next call
        // verifies again.
        if (!isRefusal(e)) {
          for (const [key, o] of sent) outcomes.set(key, o);
          return inOrder(config, keys, outcomes);
        }
        why =
          e.status === 403
            ? `reading it back was refused: ${e.code} (403); the API user also needs Get on the object's domain`
            : `reading it back was refused: ${e.code} (400)`;
      }
    }
    for (const [key, o] of sent) if (why === null || o.outcome === 'applied') outcomes.set(key, o);
    if (why === null) {
      state.mode = 'verified';
      return inOrder(config, keys, outcomes);
    }
    state.mode = 'off';
    deps.warn(fallbackWarning(config, deps.configPath, why));
    const rest = changes.filter((c) => !outcomes.has(c.key));
    for (const o of await fallback(rest)) outcomes.set(o.key, o);
    return inOrder(config, keys, outcomes);
  } finally {
    state.first = null;
    release();
  }
};
