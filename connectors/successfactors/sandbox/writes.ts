/**
 * Writes the sandbox accepts: `POST Goal_<planId>` and the `upsert` function import with per-record results (a
 * goal record whose `__metadata.uri` names the set without a key is created; its result key carries the new id).
 */
import type { EntityFact } from './edmx-facts.js';
import { inWindow } from './query.js';
import type { Row, Store } from './store.js';
import { badRequest, propertyNotFound, WireError } from './wire-errors.js';

/** The plan's enum values of one field (GoalEnum): a goal's state and category must be one of them. */
const enumValues = (store: Store, planId: number, fieldId: string): string[] =>
  store.goalEnums.filter((e) => e.fieldId === fieldId && e.planId === String(planId)).map((e) => String(e.value));

const goalValueProblem = (store: Store, planId: number, row: Row): string | null => {
  for (const field of ['state', 'category']) {
    const v = row[field];
    if (typeof v !== 'string') continue;
    const valid = enumValues(store, planId, field);
    if (!valid.includes(v)) {
      return `[COE0019]Invalid value for ${field}: ${v}. Valid values of goal plan ${planId}: ${valid.join(', ')}`;
    }
  }
  return null;
};

/** A picklist field takes the external code of an active option, effective today. */
const picklistProblem = (store: Store, fact: EntityFact, row: Row): string | null => {
  const today = Date.parse(`${store.today}T00:00:00Z`);
  for (const [field, picklistId] of fact.picklists ?? []) {
    if (!(field in row) || row[field] === null) continue;
    const active = store.picklistValues.filter(
      (o) => o.PickListV2_id === picklistId && String(o.status) === 'A' && inWindow(o, { from: today, to: today }),
    );
    if (!active.some((o) => o.externalCode === row[field]))
      return (
        `[COE0019]Invalid picklist value for ${field}: ${String(row[field])} ` +
        `is not an active option of picklist ${picklistId}`
      );
  }
  return null;
};

const permissionProblem = (set: string, fact: EntityFact, how: 'create' | 'upsert'): string | null => {
  const allowed = how === 'create' ? fact.access?.creatable : fact.access?.upsertable;
  return allowed === false ? `[COE0018]You do not have permission to ${how} ${set}` : null;
};

const SF_DATE = /^\/Date\(-?\d+(?:[+-]\d{4})?\)\/$/;

/** Checks property names (whole call 400) and values (a message for the record). */
const checkProperties = (entitySet: string, fact: EntityFact, body: Row): string | null => {
  const unknown = Object.keys(body).filter((k) => k !== '__metadata' && !fact.properties.has(k));
  if (unknown.length > 0) throw propertyNotFound(entitySet, unknown);
  for (const [k, v] of Object.entries(body)) {
    const type = fact.properties.get(k)?.type;
    if (
      (type === 'Edm.DateTime' || type === 'Edm.DateTimeOffset') &&
      v !== null &&
      (typeof v !== 'string' || !SF_DATE.test(v))
    )
      return `[COE0019]Invalid property value. Property name:${k}. Property value:${String(v)}`;
  }
  return null;
};

/** Why a new goal would be refused (the message, and 403 for a permission), or null when it may be created. */
const goalCreateProblem = (
  store: Store,
  planId: number,
  fact: EntityFact,
  row: Row,
): { message: string; httpCode: number } | null => {
  const bad = (message: string) => ({ message, httpCode: 400 });
  if ('id' in row || 'guid' in row) return bad('[COE0019]id and guid are not creatable');
  if (typeof row.userId !== 'string' || !store.users.some((u) => u.userId === row.userId))
    return bad(`[COE0019]Invalid user: ${String(row.userId)}`);
  if (typeof row.name !== 'string' || row.name.length === 0) return bad('[COE0019]The goal name is required');
  const denied = permissionProblem(`Goal_${planId}`, fact, 'create');
  if (denied) return { message: denied, httpCode: 403 };
  const invalid = goalValueProblem(store, planId, row);
  return invalid ? bad(invalid) : null;
};

const insertGoal = (store: Store, planId: number, row: Row): Row => {
  const goal: Row = {
    ...row,
    id: String(store.nextGoalId++),
    planId: String(planId),
    lastModified: `/Date(${Date.now()})/`,
  };
  store.goals.get(planId)?.push(goal);
  return goal;
};

export const createGoal = (store: Store, planId: number, fact: EntityFact, body: unknown): Row => {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('[COE0015]The request body must be one JSON object');
  const row: Row = { ...body };
  const problem = checkProperties(`Goal_${planId}`, fact, row);
  if (problem) throw badRequest(problem);
  const refused = goalCreateProblem(store, planId, fact, row);
  if (refused)
    throw refused.httpCode === 403
      ? new WireError(403, 'COE_GENERAL_FORBIDDEN', refused.message)
      : badRequest(refused.message);
  return insertGoal(store, planId, row);
};

export interface UpsertOutcome {
  key: string | null;
  status: 'OK' | 'ERROR';
  editStatus: string | null;
  message: string | null;
  index: number;
  httpCode: number;
  inlineResults: null;
}

const URI = /^(\w+)\((?:(\d+)L|'((?:[^']|'')*)')\)$/;

/** Validates and applies one record; returns null when fine, or the message of a failed record. */
interface RecordCheck {
  key: string;
  error: string | null;
  unchanged: boolean;
  /** The record's HTTP code when it fails (400 unless said otherwise). */
  httpCode?: number;
}

const applyRecord = (store: Store, model: ReadonlyMap<string, EntityFact>, rec: Row, commit: boolean): RecordCheck => {
  const meta = rec.__metadata;
  const uri =
    typeof meta === 'object' && meta !== null && 'uri' in meta && typeof meta.uri === 'string' ? meta.uri : '';
  // A goal without a key (`Goal_<planId>`): the upsert creates it and answers its new id in the key.
  const bare = /^Goal_(\d+)$/.exec(uri);
  const bareFact = bare ? model.get(uri) : undefined;
  if (bare && bareFact) {
    const planId = Number(bare[1]);
    const fields: Row = Object.fromEntries(Object.entries(rec).filter(([k]) => k !== '__metadata'));
    const problem =
      checkProperties(uri, bareFact, rec) ?? goalCreateProblem(store, planId, bareFact, fields)?.message ?? null;
    const httpCode = goalCreateProblem(store, planId, bareFact, fields)?.httpCode;
    if (problem)
      return { key: `${uri}/id=`, error: problem, unchanged: false, ...(httpCode === undefined ? {} : { httpCode }) };
    const id = commit ? String(insertGoal(store, planId, fields).id) : '';
    return { key: `${uri}/id=${id}`, error: null, unchanged: false };
  }
  const m = URI.exec(uri);
  if (!m) throw badRequest(`[COE0016]Invalid __metadata.uri: ${uri || '(missing)'}`);
  const [, set = '', goalId, rawCode] = m;
  const fact = model.get(set);
  if (!fact) throw new WireError(404, 'COE_ENTITY_NOT_FOUND', `[COE0007]invalid entity (or function) name: ${set}`);
  const problem = checkProperties(set, fact, rec);
  const planMatch = /^Goal_(\d+)$/.exec(set);
  if (planMatch) {
    const goals = store.goals.get(Number(planMatch[1])) ?? [];
    const goal = goals.find((g) => g.id === goalId);
    const key = `${set}/id=${goalId ?? ''}`;
    if (problem) return { key, error: problem, unchanged: false };
    const denied = permissionProblem(set, fact, 'upsert');
    if (denied) return { key, error: denied, unchanged: false, httpCode: 403 };
    if (!goal) return { key, error: `[COE0018]Goal ${goalId ?? ''} does not exist`, unchanged: false };
    const invalid = goalValueProblem(store, Number(planMatch[1]), rec);
    if (invalid) return { key, error: invalid, unchanged: false };
    const fields = Object.entries(rec).filter(([k]) => k !== '__metadata' && k !== 'id');
    const unchanged = fields.every(([k, v]) => String(goal[k]) === String(v));
    if (commit) {
      for (const [k, v] of fields) goal[k] = v;
      // lastModified is an Edm.DateTime: the data centre's wall clock (the sandbox's data centre runs on UTC).
      goal.lastModified = `/Date(${Date.now()})/`;
    }
    return { key, error: null, unchanged };
  }
  const code = (rawCode ?? '').replace(/''/g, "'");
  const key = `${set}/externalCode=${code}`;
  if (problem) return { key, error: problem, unchanged: false };
  if (rec.externalCode !== code)
    return { key, error: '[COE0019]externalCode does not match the key in __metadata.uri', unchanged: false };
  const table = store.mdf.get(set);
  if (!table) throw new WireError(404, 'COE_ENTITY_NOT_FOUND', `[COE0007]invalid entity (or function) name: ${set}`);
  const denied = permissionProblem(set, fact, 'upsert');
  if (denied) return { key, error: denied, unchanged: false, httpCode: 403 };
  const invalid = picklistProblem(store, fact, rec);
  if (invalid) return { key, error: invalid, unchanged: false };
  if (typeof rec.cust_reason === 'string' && rec.cust_reason.length > 255)
    return { key, error: 'cust_reason exceeds 255 characters', unchanged: false };
  if ('cust_userId' in rec && !store.users.some((u) => u.userId === rec.cust_userId))
    return { key, error: `Invalid user: ${String(rec.cust_userId)}`, unchanged: false };
  const before = table.get(code);
  const fields = Object.entries(rec).filter(([k]) => k !== '__metadata');
  const unchanged = before !== undefined && fields.every(([k, v]) => String(before[k]) === String(v));
  if (commit)
    table.set(code, {
      ...(before ?? {}),
      ...Object.fromEntries(fields),
      lastModifiedBy: store.apiUser,
      lastModifiedDateTime: `/Date(${Date.now()}+0000)/`,
    });
  return { key, error: null, unchanged };
};

export interface UpsertOptions {
  strictTransactionIsolate: boolean;
  /** Returns a forced failure message for the nth record of the sandbox's life (quirks), or null. */
  forcedFailure: (rec: Row) => string | null;
}

export const runUpsert = (
  store: Store,
  model: ReadonlyMap<string, EntityFact>,
  body: unknown,
  o: UpsertOptions,
): UpsertOutcome[] => {
  const records: unknown[] = Array.isArray(body) ? body : [body];
  if (records.length > 1000)
    throw new WireError(400, 'BadRequestException', 'Upsert content exceeds the limitation, the maximum size is 1000');
  const rows = records.map((r) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r))
      throw badRequest('[COE0015]Each upsert record must be a JSON object');
    return { ...r };
  });
  // First pass: validate everything (names fail the whole call), collect record errors.
  const checked = rows.map((r) => {
    const res = applyRecord(store, model, r, false);
    return { ...res, error: res.error ?? o.forcedFailure(r) };
  });
  const anyFailed = checked.some((c) => c.error !== null);
  return checked.map((c, index) => {
    if (c.error !== null) {
      const httpCode = c.httpCode ?? 400;
      return { key: c.key, status: 'ERROR', editStatus: null, message: c.error, index, httpCode, inlineResults: null };
    }
    // Without strictTransactionIsolate one bad record fails the whole call (KBA 2936182).
    if (anyFailed && !o.strictTransactionIsolate)
      return {
        key: c.key,
        status: 'ERROR',
        editStatus: null,
        message: 'Rolled back: another record in the request failed',
        index,
        httpCode: 500,
        inlineResults: null,
      };
    const row = rows[index];
    const done = row ? applyRecord(store, model, row, true) : c;
    return c.unchanged
      ? {
          key: c.key,
          status: 'OK',
          editStatus: null,
          message:
            '[Warning!] This record was not saved because there were no new changes compared to the existing record.',
          index,
          httpCode: 200,
          inlineResults: null,
        }
      : {
          key: done.key,
          status: 'OK',
          editStatus: 'UPSERTED',
          message: null,
          index,
          httpCode: 204,
          inlineResults: null,
        };
  });
};

/**
 * `DELETE <EntitySet>(<key>)` on a goal (`Goal_<planId>(<id>L)`, sap:deletable in the PMGM EDMX) or a custom MDF
 * record (`cust_X('<externalCode>')`): 204 with no body; a key that is not there is a 404; an entity set the API
 * user may not write is a 403.
 */
export const deleteEntity = (store: Store, model: ReadonlyMap<string, EntityFact>, segment: string): void => {
  const m = URI.exec(segment);
  if (!m) throw badRequest(`[COE0016]Invalid key predicate: ${segment}`);
  const [, set = '', goalId, rawCode] = m;
  const fact = model.get(set);
  if (!fact) throw new WireError(404, 'COE_ENTITY_NOT_FOUND', `[COE0007]invalid entity (or function) name: ${set}`);
  if (fact.access?.updatable === false)
    throw new WireError(403, 'COE_GENERAL_FORBIDDEN', `[COE0018]You do not have permission to delete ${set}`);
  const planMatch = /^Goal_(\d+)$/.exec(set);
  const missing = () => new WireError(404, 'COE_RESOURCE_NOT_FOUND', `[COE0008]Entity ${segment} was not found`);
  if (planMatch) {
    if (goalId === undefined) throw badRequest(`[COE0016]Goal keys are Int64 literals: ${segment}`);
    const goals = store.goals.get(Number(planMatch[1])) ?? [];
    const at = goals.findIndex((g) => g.id === goalId);
    if (at < 0) throw missing();
    goals.splice(at, 1);
    return;
  }
  const table = store.mdf.get(set);
  const code = (rawCode ?? '').replace(/''/g, "'");
  if (!table || rawCode === undefined) throw badRequest(`[COE0016]${set} is not deletable by this key: ${segment}`);
  if (!table.delete(code)) throw missing();
};
