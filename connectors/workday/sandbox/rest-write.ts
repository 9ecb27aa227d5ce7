/**
 * customObject/v2 `POST /customObjects/{alias}` on the single-instance worker object (the multi-instance one:
 * rest-write-multi.ts), as the REST directory
 * describes it (specs/workday/rest/customObjectDataSingleInstance_v2.json): one JSON object, or with `bulk=true` a
 * JSON array of at most 100 instances, each naming the worker it extends; `updateIfExists=true` updates an instance
 * that is there (without it, an existing instance is an error). A call with any invalid instance writes nothing and
 * answers 400 in the REST validation shape, each error with the `path` of its instance (`[3].eligible`): the spec
 * names `path` ("the path of the field related to the error"); the all-or-nothing rule is this sandbox's reading.
 */
import type { CustomObjects } from './ops/edit-additional-data.js';
import type { RestReply } from './rest.js';
import { invalid, itemsOf, objectOf, written, type ItemError } from './rest-body.js';
import { exceptionWrite } from './rest-write-multi.js';
import type { WdStore, WdWorker } from './store.js';

const REASON_MAX = 2000;
const FIELDS = new Set(['worker', 'eligible', 'reason']);

interface WriteOptions {
  bulk: boolean;
  updateIfExists: boolean;
  /** Employee ids whose instances the tenant refuses (a validation rule on the object), for partial-failure tests. */
  refuse: ReadonlySet<string>;
  /** The multi-instance object's Reference ID field, or null when its definition uses none (rest-write-multi.ts). */
  referenceId: string | null;
  /** Whether a REST write of a note enters the transaction log (the `restWritesLogged` quirk). */
  logged: boolean;
  /** Whether a note's `promotionDate` may be left empty (the `notesDateOptional` quirk). */
  dateOptional: boolean;
}

/** The stored value of `eligible`: the text, or the alias of the active list option named by `{id}` (WID or alias). */
const eligibleOf = (store: WdStore, raw: unknown): string | null => {
  const field = store.tenant.eligibility;
  if (field.kind === 'text') return typeof raw === 'string' ? raw : null;
  const id = objectOf(raw)?.id;
  const option = field.values.find((v) => !v.inactive && (v.wid === id || v.alias === id));
  return option?.alias ?? null;
};

const checkItem = (
  store: WdStore,
  item: unknown,
  at: string,
  o: WriteOptions,
): { errors: ItemError[]; worker: WdWorker | null; eligible: string | null; reason: string | null } => {
  const errors: ItemError[] = [];
  const fail = (field: string, error: string) => errors.push({ error, field, path: `${at}${at ? '.' : ''}${field}` });
  const obj = objectOf(item);
  if (!obj) {
    errors.push({ error: 'A custom object instance must be a JSON object', field: '', path: at });
    return { errors, worker: null, eligible: null, reason: null };
  }
  for (const key of Object.keys(obj)) if (!FIELDS.has(key)) fail(key, `Unknown field: ${key}`);
  const workerId = objectOf(obj.worker)?.id;
  const worker = typeof workerId === 'string' ? (store.byWid.get(workerId) ?? null) : null;
  if (!worker) fail('worker', `Invalid instance id for worker: ${typeof workerId === 'string' ? workerId : '-'}`);
  else if (worker.eligibility && !o.updateIfExists)
    fail('worker', 'A custom object instance already exists for this worker; send updateIfExists=true to update it');
  else if (o.refuse.has(worker.employeeId))
    fail('worker', `The tenant refused the instance of worker ${worker.employeeId}`);
  const eligible = 'eligible' in obj ? eligibleOf(store, obj.eligible) : null;
  if ('eligible' in obj && eligible === null)
    fail(
      'eligible',
      store.tenant.eligibility.kind === 'text'
        ? 'eligible is a text field'
        : `eligible is a custom list: send {"id": <an active option>}, not ${JSON.stringify(obj.eligible)}`,
    );
  const reason = obj.reason;
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > REASON_MAX))
    fail('reason', `reason is a text field of at most ${REASON_MAX} characters`);
  return { errors, worker, eligible, reason: typeof reason === 'string' ? reason : null };
};

export const customObjectWrite = (
  store: WdStore,
  objects: CustomObjects,
  rest: string[],
  body: unknown,
  o: WriteOptions,
): RestReply => {
  const [first, alias] = rest;
  if (first !== 'customObjects' || rest.length !== 2) return { status: 404, body: { error: 'Resource not found' } };
  if (alias === objects.multi) return exceptionWrite(store, body, o);
  if (alias !== objects.single) return { status: 404, body: { error: `Custom object alias ${alias ?? ''} not found` } };
  const items = itemsOf(body, o.bulk);
  if (!Array.isArray(items)) return items;
  const checked = items.map((item, i) => checkItem(store, item, o.bulk ? `[${i}]` : '', o));
  const errors = checked.flatMap((c) => c.errors);
  if (errors.length > 0) return invalid(errors);
  for (const c of checked) {
    if (!c.worker) continue;
    const before = c.worker.eligibility;
    c.worker.eligibility = {
      id: before?.id ?? store.nextWid(),
      eligible: c.eligible ?? before?.eligible ?? '',
      reason: c.reason ?? before?.reason ?? '',
    };
  }
  return written(o.bulk);
};
