/**
 * One batch of at most 1000 records through `POST /odata/v2/upsert?strictTransactionIsolate=true`, with an outcome
 * per record. A batch that creates goals is never resent blindly: when its outcome is unknown (the connection broke
 * after the request left, a 5xx, an unreadable answer) the goals are read back by user and title first; the ones
 * found are written, and only the rest (and the idempotent records) are sent once more.
 */
import { FluencyError, ResponseShapeError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/index.js';
import { findGoals, upsert } from './client.js';
import { readPaging, type SuccessFactorsConfig } from './config.js';
import { toError, upsertRecordError, upsertAt } from './to-error.js';
import type { UpsertResult } from './wire-schemas.js';

export interface BatchRecord {
  record: Record<string, unknown>;
  /** The id to report when the HRIS key is not the natural one (goals). */
  hrisId?: string;
  /** A goal create: the user and title that find it again after an unknown outcome. */
  create?: { userId: string; title: string };
}

type RecordOutcome = { ok: true; hrisId: string | undefined } | { ok: false; error: FluencyError };

interface BatchDeps {
  http: HttpClient;
  config: SuccessFactorsConfig;
}

/** Errors after which SuccessFactors may or may not have acted on the request. */
const UNKNOWN_OUTCOME = new Set(['FF_NETWORK', 'FF_PROVIDER_ERROR', 'FF_UNEXPECTED_RESPONSE', 'FF_DEADLINE']);

/** At most one resend after an unknown outcome, and only of what the read-back did not find. */
const MAX_SENDS = 2;

/** The new goal's id from an upsert result key (`Goal_3/id=123`). */
const createdId = (key: string | null | undefined): string | undefined => /\/id=(\d+)$/.exec(key ?? '')?.[1];

const noResult = (config: SuccessFactorsConfig, text: string): RecordOutcome => ({
  ok: false,
  error: new ResponseShapeError(text, { connector: config.id }),
});

const outcomeOf = (config: SuccessFactorsConfig, r: BatchRecord, result: UpsertResult | undefined): RecordOutcome => {
  if (!result) return noResult(config, 'SuccessFactors returned no result for this record');
  const httpCode = result.httpCode === null || result.httpCode === undefined ? null : Number(result.httpCode);
  const ok = (result.status ?? '').toUpperCase() === 'OK' && (httpCode === null || httpCode < 400);
  if (!ok)
    return {
      ok: false,
      error: upsertRecordError(upsertAt(config.id), httpCode, result.message ?? null, result.key ?? null),
    };
  const hrisId = r.create ? createdId(result.key) : (r.hrisId ?? result.key ?? undefined);
  return { ok: true, hrisId };
};

const send = async (deps: BatchDeps, records: readonly BatchRecord[]): Promise<RecordOutcome[]> => {
  const idempotent = records.every((r) => r.create === undefined);
  const results = await upsert(
    deps.http,
    records.map((r) => r.record),
    { idempotent },
  );
  return records.map((r, position) => {
    const byIndex = results.find((x) => x.index !== null && x.index !== undefined && Number(x.index) === position);
    return outcomeOf(deps.config, r, byIndex ?? results[position]);
  });
};

const createKey = (c: { userId: string; title: string }): string => `${c.userId}|${c.title}`;

/** The goals of these creates that are there now, by user and title (one look-up per title and chunk of users). */
const readBack = async (deps: BatchDeps, creates: readonly BatchRecord[]): Promise<Map<string, string>> => {
  const { config, http } = deps;
  const byTitle = new Map<string, string[]>();
  for (const { create } of creates)
    if (create) byTitle.set(create.title, [...(byTitle.get(create.title) ?? []), create.userId]);
  const found = new Map<string, string>();
  for (const [title, userIds] of byTitle) {
    const o = { ...readPaging(config), name: title };
    const rows = await findGoals(http, config.goalPlanId, userIds, o);
    for (const row of rows) if (!found.has(`${row.userId}|${row.name}`)) found.set(`${row.userId}|${row.name}`, row.id);
  }
  return found;
};

/** Writes one batch; one outcome per record, in order. A failed call is an outcome for each record, not a throw. */
export const writeBatch = async (deps: BatchDeps, batch: readonly BatchRecord[]): Promise<RecordOutcome[]> => {
  const outcomes = new Map<BatchRecord, RecordOutcome>();
  let pending = [...batch];
  for (let sends = 1; pending.length > 0; sends++) {
    let error: FluencyError;
    try {
      const results = await send(deps, pending);
      pending.forEach((r, i) => outcomes.set(r, results[i] ?? noResult(deps.config, 'no result for this record')));
      break;
    } catch (e) {
      error = toError(e, upsertAt(deps.config.id));
    }
    const creates = pending.filter((r) => r.create !== undefined);
    if (UNKNOWN_OUTCOME.has(error.code) && creates.length > 0) {
      try {
        const found = await readBack(deps, creates);
        for (const r of creates) {
          const id = r.create ? found.get(createKey(r.create)) : undefined;
          if (id !== undefined) outcomes.set(r, { ok: true, hrisId: id });
        }
        pending = pending.filter((r) => !outcomes.has(r));
      } catch (readError) {
        // Nothing is resent when the read-back itself fails: the next plan reads the goals again.
        error = toError(readError, { connector: deps.config.id, where: 'read back goals after an upsert' });
        sends = MAX_SENDS;
      }
    } else sends = MAX_SENDS;
    if (sends >= MAX_SENDS) {
      for (const r of pending) outcomes.set(r, { ok: false, error });
      break;
    }
  }
  return batch.map((r) => outcomes.get(r) ?? noResult(deps.config, 'record not written'));
};
