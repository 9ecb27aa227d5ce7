/**
 * wql/v1 as the REST directory describes it (specs/workday/rest/wql_v1.json), for the subset the connector uses:
 * `GET /dataSources?alias=`, `GET /dataSources/{ID}/fields?alias=`, and `GET|POST /data` with
 * `SELECT <fields> FROM <data source> [WHERE <field> = <literal>]`, paged by `limit` (1..100, default 20) and
 * `offset`. The one data source is the eligibility custom object's (one row per instance, `worker` naming the
 * worker it extends); `missing` takes it away, as in a tenant where the set-up was not done. A query outside this
 * subset, an unknown data source or field, a GET query over 2,048 characters, a bad limit: 400, in the REST
 * validation shape.
 */
import type { RestReply } from './rest.js';
import type { WdStore, WdWorker } from './store.js';
import { widFor } from './tenant.js';

/** The WQL alias of the eligibility object's data source in the sandbox tenant. */
export const WQL_SOURCE = 'fluencyEligibilityInstances';
const PAGE_MAX = 100;
const GET_QUERY_MAX = 2048;

interface Field {
  alias: string;
  type: string;
  read: (w: WdWorker, store: WdStore) => unknown;
}

const eligibleRead = (w: WdWorker, store: WdStore): unknown => {
  const stored = w.eligibility?.eligible ?? '';
  const field = store.tenant.eligibility;
  if (field.kind === 'text' || stored === '') return stored;
  const option = field.values.find((v) => v.alias === stored);
  return option ? { id: option.wid, descriptor: option.name } : stored;
};

const FIELDS: readonly Field[] = [
  { alias: 'workdayID', type: 'Text', read: (w) => w.eligibility?.id ?? null },
  {
    alias: 'worker',
    type: 'Single instance',
    read: (w) => ({ id: w.wid, descriptor: `${w.firstName} ${w.lastName}` }),
  },
  { alias: 'eligible', type: 'Text', read: eligibleRead },
  { alias: 'reason', type: 'Text', read: (w) => w.eligibility?.reason ?? '' },
];

const SOURCE_ID = widFor(`dataSource:${WQL_SOURCE}`);
const fieldId = (alias: string) => widFor(`dataSourceField:${WQL_SOURCE}.${alias}`);

const invalid = (error: string, field = 'query'): RestReply => ({
  status: 400,
  body: { error: 'Invalid request', errors: [{ error, field }] },
});

/** `limit` and `offset` as the directory defines them, or the 400 for values outside them. */
const paging = (params: URLSearchParams): { limit: number; offset: number } | RestReply => {
  const limit = Number(params.get('limit') ?? '20');
  const offset = Number(params.get('offset') ?? '0');
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX)
    return invalid(`limit must be between 1 and ${PAGE_MAX}`, 'limit');
  if (!Number.isInteger(offset) || offset < 0) return invalid('offset must be 0 or more', 'offset');
  return { limit, offset };
};

const pageOf = <T>(items: readonly T[], params: URLSearchParams): RestReply => {
  const p = paging(params);
  if ('status' in p) return p;
  return { status: 200, body: { total: items.length, data: items.slice(p.offset, p.offset + p.limit) } };
};

const NAME = '[A-Za-z][A-Za-z0-9_]*';
const SELECT = new RegExp(
  `^\\s*SELECT\\s+(.+?)\\s+FROM\\s+(${NAME})(?:\\s+WHERE\\s+(${NAME})\\s*=\\s*(true|false|'(?:[^']|'')*'))?\\s*$`,
  'i',
);

const readField = (alias: string, w: WdWorker, store: WdStore): unknown =>
  FIELDS.find((f) => f.alias === alias)?.read(w, store) ?? null;

const runQuery = (store: WdStore, query: string, params: URLSearchParams, missing: boolean): RestReply => {
  const m = SELECT.exec(query);
  if (!m) return invalid('Syntax error: expected SELECT <fields> FROM <data source> [WHERE <field> = <value>]');
  const [, list = '', source = '', whereField, whereValue] = m;
  if (source !== WQL_SOURCE || missing) return invalid(`Invalid data source: ${source}`);
  const names = list.split(',').map((f) => f.trim());
  const unknown = names.filter((n) => !FIELDS.some((f) => f.alias === n));
  if (unknown.length > 0 || names.some((n) => n === ''))
    return invalid(`Invalid field(s) for ${source}: ${unknown.join(', ') || '(empty)'}`);
  const where = whereField === undefined ? null : FIELDS.find((f) => f.alias === whereField);
  if (whereField !== undefined && !where) return invalid(`Invalid field for ${source}: ${whereField}`);
  const literal = whereValue?.startsWith("'") ? whereValue.slice(1, -1).replace(/''/g, "'") : whereValue;
  const rows = store.workers
    .filter((w) => w.eligibility !== null)
    .filter((w) => !where || String(where.read(w, store)) === literal)
    .map((w) => Object.fromEntries(names.map((n) => [n, readField(n, w, store)])));
  return pageOf(rows, params);
};

/** The wql/v1 routes below `/ccx/api/wql/v1/{tenant}/`. */
export const wqlRequest = (
  store: WdStore,
  rest: string[],
  method: string,
  params: URLSearchParams,
  body: unknown,
  missing: boolean,
): RestReply => {
  const notFound: RestReply = { status: 404, body: { error: 'Resource not found' } };
  if (rest[0] === 'data' && rest.length === 1) {
    if (method === 'GET') {
      const query = params.get('query');
      if (query === null || query.trim() === '') return invalid('query is required');
      if (query.length > GET_QUERY_MAX) return invalid(`a GET query is at most ${GET_QUERY_MAX} characters; use POST`);
      return runQuery(store, query, params, missing);
    }
    const query = typeof body === 'object' && body !== null && 'query' in body ? body.query : undefined;
    if (typeof query !== 'string' || query.trim() === '') return invalid('query is required', 'adhocQuery');
    return runQuery(store, query, params, missing);
  }
  if (method !== 'GET') return { status: 405, body: { error: 'Method not allowed' } };
  const sources = missing ? [] : [{ id: SOURCE_ID, alias: WQL_SOURCE, descriptor: 'AI Fluency Eligibility instances' }];
  if (rest[0] === 'dataSources' && rest.length === 1) {
    const alias = params.get('alias');
    return pageOf(alias === null ? sources : sources.filter((s) => s.alias === alias), params);
  }
  if (rest[0] === 'dataSources' && rest[2] === 'fields' && rest.length === 3) {
    if (!sources.some((s) => s.id === rest[1])) return notFound;
    const alias = params.get('alias');
    const fields = FIELDS.filter((f) => alias === null || f.alias === alias).map((f) => ({
      id: fieldId(f.alias),
      alias: f.alias,
      descriptor: f.alias,
      type: f.type,
    }));
    return pageOf(fields, params);
  }
  return notFound;
};
