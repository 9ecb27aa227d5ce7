/**
 * customObject/v2 `POST /customObjects/{alias}` on the multi-instance worker object (the exception notes), as
 * specs/workday/rest/customObjectDataMultiInstance_v2.json describes it: the POST *creates* instances ("If the object
 * does not exist, a new object is created regardless of this setting"); only a definition that uses a Reference ID
 * gives an instance to match, so `updateIfExists=true` updates the worker's instance with the same Reference ID value
 * and, without it, such an instance is an error. A definition without one (`referenceId` null, the tenant variation)
 * creates a new instance for every item, resent or not: the duplicates a bulk note write risks. Items are checked as
 * the single-instance write checks them (unknown field, worker, date, text lengths), all or nothing, errors naming
 * `[i].field`. A REST write enters the transaction log only with `logged` (not said by anything published).
 */
import { DateTime } from 'luxon';
import type { RestReply } from './rest.js';
import { invalid, itemsOf, objectOf, written, type ItemError } from './rest-body.js';
import type { WdException, WdStore, WdWorker } from './store.js';

const TEXT_MAX = 2000;
const TEXTS = ['fromGrade', 'toGrade', 'note', 'noteKey'] as const;
const FIELDS = new Set<string>(['worker', 'promotionDate', ...TEXTS]);

export interface MultiWriteOptions {
  bulk: boolean;
  updateIfExists: boolean;
  /** Employee ids whose instances the tenant refuses (a validation rule on the object). */
  refuse: ReadonlySet<string>;
  /** The field the definition uses as its Reference ID, or null when it uses none. */
  referenceId: string | null;
  /** Whether a REST write enters the worker's transaction log (as Edit Worker Additional Data). */
  logged?: boolean;
  /** Whether `promotionDate` may be absent (the tenant did not make it required). */
  dateOptional?: boolean;
}

interface Checked {
  errors: ItemError[];
  worker: WdWorker | null;
  fields: Partial<Record<'promotionDate' | (typeof TEXTS)[number], string>>;
  /** The instance with the same Reference ID value, under a definition that has one. */
  match: WdException | null;
}

const checkItem = (store: WdStore, item: unknown, at: string, o: MultiWriteOptions): Checked => {
  const errors: ItemError[] = [];
  const fail = (field: string, error: string) => errors.push({ error, field, path: `${at}${at ? '.' : ''}${field}` });
  const out: Checked = { errors, worker: null, fields: {}, match: null };
  const obj = objectOf(item);
  if (!obj) {
    errors.push({ error: 'A custom object instance must be a JSON object', field: '', path: at });
    return out;
  }
  for (const key of Object.keys(obj)) if (!FIELDS.has(key)) fail(key, `Unknown field: ${key}`);
  const workerId = objectOf(obj.worker)?.id;
  out.worker = typeof workerId === 'string' ? (store.byWid.get(workerId) ?? null) : null;
  if (!out.worker) fail('worker', `Invalid instance id for worker: ${typeof workerId === 'string' ? workerId : '-'}`);
  else if (o.refuse.has(out.worker.employeeId))
    fail('worker', `The tenant refused the instance of worker ${out.worker.employeeId}`);
  for (const f of TEXTS) {
    const v = obj[f];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > TEXT_MAX) fail(f, `${f} is a text field of at most ${TEXT_MAX} characters`);
    else out.fields[f] = v;
  }
  if (o.referenceId !== null) {
    const ref = out.fields.noteKey;
    if (!ref) fail(o.referenceId, `The reference ID ${o.referenceId} is required`);
    else if (out.worker) {
      out.match = out.worker.exceptions.find((x) => x.key === ref) ?? null;
      if (out.match && !o.updateIfExists)
        fail(o.referenceId, `An instance with ${o.referenceId} ${ref} exists; send updateIfExists=true to update it`);
    }
  }
  const date = obj.promotionDate;
  if (date === undefined && (o.dateOptional === true || out.match !== null)) {
    // Left out: allowed where the tenant did not make the field required, and in an update, which takes only the
    // fields to change (the instance keeps its date).
  } else if (typeof date !== 'string' || !DateTime.fromFormat(date, 'yyyy-MM-dd').isValid)
    fail('promotionDate', `promotionDate is a date (yyyy-mm-dd), not ${JSON.stringify(date)}`);
  else out.fields.promotionDate = date;
  return out;
};

export const exceptionWrite = (store: WdStore, body: unknown, o: MultiWriteOptions): RestReply => {
  const items = itemsOf(body, o.bulk);
  if (!Array.isArray(items)) return items;
  const checked = items.map((item, i) => checkItem(store, item, o.bulk ? `[${i}]` : '', o));
  // Two items of one call with the same worker and Reference ID value: the later one is refused.
  const seen = new Set<string>();
  checked.forEach((c, i) => {
    const ref = c.fields.noteKey;
    if (o.referenceId === null || !c.worker || !ref) return;
    const id = `${c.worker.wid};${ref}`;
    if (seen.has(id))
      c.errors.push({
        error: `${o.referenceId} ${ref} appears twice for one worker`,
        field: o.referenceId,
        path: `${o.bulk ? `[${i}].` : ''}${o.referenceId}`,
      });
    seen.add(id);
  });
  const errors = checked.flatMap((c) => c.errors);
  if (errors.length > 0) return invalid(errors);
  for (const c of checked) {
    const w = c.worker;
    if (!w) continue;
    const f = c.fields;
    const x = c.match;
    if (x) {
      x.promotionDate = f.promotionDate ?? x.promotionDate;
      x.fromGrade = f.fromGrade ?? x.fromGrade;
      x.toGrade = f.toGrade ?? x.toGrade;
      x.note = f.note ?? x.note;
    } else
      w.exceptions.push({
        id: store.nextWid(),
        promotionDate: f.promotionDate ?? '',
        fromGrade: f.fromGrade ?? '',
        toGrade: f.toGrade ?? '',
        note: f.note ?? '',
        key: f.noteKey ?? '',
      });
    if (o.logged) store.logEvent(w, 'Edit Worker Additional Data', store.asOf);
  }
  return written(o.bulk);
};
