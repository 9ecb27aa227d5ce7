/**
 * wql/v1 as the REST directory describes it (specs/workday/rest/wql_v1.json), for the subset the connector uses:
 * `GET /dataSources?alias=`, `GET /dataSources/{ID}/fields?alias=`, and `GET|POST /data` with
 * `SELECT <fields> FROM <data source> [WHERE <field> = <literal>]`, paged by `limit` (1..100, default 20) and
 * `offset`. Two data sources, one row per instance of a custom object, `worker` naming the worker it extends: the
 * eligibility object's and the exception object's (its notes); `missing` takes the eligibility one away, as in a
 * tenant where that set-up was not done. A query outside this subset, an unknown data source or field, a GET query
 * over 2,048 characters, a bad limit: 400, in the REST validation shape.
 */
import type { RestReply } from './rest.js';
import type { WdException, WdStore, WdWorker } from './store.js';
import { widFor } from './tenant.js';

/** The WQL aliases of the two custom objects' data sources in the sandbox tenant. */
export const WQL_SOURCE = 'fluencyEligibilityInstances';
export const WQL_EXCEPTION_SOURCE = 'fluencyExceptionInstances';
const PAGE_MAX = 100;
const GET_QUERY_MAX = 2048;

/** One row of a data source: the worker, and the instance of the exception object (null for the eligibility one). */
interface Row {
  w: WdWorker;
  x: WdException | null;
}

interface Field {
  alias: string;
  type: string;
  read: (r: Row, store: WdStore) => unknown;
}

interface Source {
  alias: string;
  descriptor: string;
  fields: readonly Field[];
  rows: (store: WdStore) => Row[];
}

const eligibleRead = ({ w }: Row, store: WdStore): unknown => {
  const stored = w.eligibility?.eligible ?? '';
  const field = store.tenant.eligibility;
  if (field.kind === 'text' || stored === '') return stored;
  const option = field.values.find((v) => v.alias === stored);
  return option ? { id: option.wid, descriptor: option.name } : stored;
};

const workerField: Field = {
  alias: 'worker',
  type: 'Single instance',
  read: ({ w }) => ({ id: w.wid, descriptor: `${w.firstName} ${w.lastName}` }),
};

const SOURCES: readonly Source[] = [
  {
    alias: WQL_SOURCE,
    descriptor: 'AI Fluency Eligibility instances',
    fields: [
      { alias: 'workdayID', type: 'Text', read: ({ w }) => w.eligibility?.id ?? null },
      workerField,
      { alias: 'eligible', type: 'Text', read: eligibleRead },
      { alias: 'reason', type: 'Text', read: ({ w }) => w.eligibility?.reason ?? '' },
    ],
    rows: (store) => store.workers.filter((w) => w.eligibility !== null).map((w) => ({ w, x: null })),
  },
  {
    alias: WQL_EXCEPTION_SOURCE,
    descriptor: 'AI Fluency Exception instances',
    fields: [
      { alias: 'workdayID', type: 'Text', read: ({ x }) => x?.id ?? null },
      workerField,
      { alias: 'promotionDate', type: 'Date', read: ({ x }) => x?.promotionDate ?? null },
      { alias: 'fromGrade', type: 'Text', read: ({ x }) => x?.fromGrade ?? '' },
      { alias: 'toGrade', type: 'Text', read: ({ x }) => x?.toGrade ?? '' },
      { alias: 'note', type: 'Text', read: ({ x }) => x?.note ?? '' },
      { alias: 'noteKey', type: 'Text', read: ({ x }) => x?.key ?? '' },
    ],
    rows: (store) => store.workers.flatMap((w) => w.exceptions.map((x) => ({ w, x }))),
  },
];

const sourceId = (alias: string) => widFor(`dataSource:${alias}`);
const fieldId = (source: string, alias: string) => widFor(`dataSourceField:${source}.${alias}`);
const visible = (missing: boolean) => SOURCES.filter((s) => !(missing && s.alias === WQL_SOURCE));

/** The route a call is counted under: a query of the exception source apart from the flags'. */
export const wqlRoute = (rest: string[], params: URLSearchParams): string => {
  const base = `wql ${rest[0] ?? ''}${rest[2] ? `/${rest[2]}` : ''}`;
  return rest[0] === 'data' && new RegExp(`\\bFROM\\s+${WQL_EXCEPTION_SOURCE}\\b`, 'i').test(params.get('query') ?? '')
    ? `${base} exceptions`
    : base;
};

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

const runQuery = (store: WdStore, query: string, params: URLSearchParams, missing: boolean): RestReply => {
  const m = SELECT.exec(query);
  if (!m) return invalid('Syntax error: expected SELECT <fields> FROM <data source> [WHERE <field> = <value>]');
  const [, list = '', source = '', whereField, whereValue] = m;
  const from = visible(missing).find((s) => s.alias === source);
  if (!from) return invalid(`Invalid data source: ${source}`);
  const field = (alias: string) => from.fields.find((f) => f.alias === alias);
  const names = list.split(',').map((f) => f.trim());
  const unknown = names.filter((n) => !field(n));
  if (unknown.length > 0 || names.some((n) => n === ''))
    return invalid(`Invalid field(s) for ${source}: ${unknown.join(', ') || '(empty)'}`);
  const where = whereField === undefined ? null : field(whereField);
  if (whereField !== undefined && !where) return invalid(`Invalid field for ${source}: ${whereField}`);
  const literal = whereValue?.startsWith("'") ? whereValue.slice(1, -1).replace(/''/g, "'") : whereValue;
  const rows = from
    .rows(store)
    .filter((r) => !where || String(where.read(r, store)) === literal)
    .map((r) => Object.fromEntries(names.map((n) => [n, field(n)?.read(r, store) ?? null])));
  return pageOf(rows, params);
};

/** The wql/v1 routes below `/ccx/api/wql/v1/{tenant}/`. */
export const wqlRequest = (
  store: WdStore,
  rest: string[],
  method: string,
  params: URLSearchParams,
  body: unknown,
  quirks: { wqlSourceMissing: boolean; forbidRest: readonly string[] },
): RestReply => {
  const missing = quirks.wqlSourceMissing;
  const notFound: RestReply = { status: 404, body: { error: 'Resource not found' } };
  // Both data sources list custom object instances: without the objects' domain (customObject forbidden) no rows.
  if (rest[0] === 'data' && quirks.forbidRest.includes('customObject'))
    return { status: 403, body: { error: 'The processing user has insufficient permissions', errors: [] } };
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
  const sources = visible(missing).map((s) => ({ id: sourceId(s.alias), alias: s.alias, descriptor: s.descriptor }));
  if (rest[0] === 'dataSources' && rest.length === 1) {
    const alias = params.get('alias');
    return pageOf(alias === null ? sources : sources.filter((s) => s.alias === alias), params);
  }
  if (rest[0] === 'dataSources' && rest[2] === 'fields' && rest.length === 3) {
    const source = visible(missing).find((s) => sourceId(s.alias) === rest[1]);
    if (!source) return notFound;
    const alias = params.get('alias');
    const fields = source.fields
      .filter((f) => alias === null || f.alias === alias)
      .map((f) => ({
        id: fieldId(source.alias, f.alias),
        alias: f.alias,
        descriptor: f.alias,
        type: f.type,
      }));
    return pageOf(fields, params);
  }
  return notFound;
};
