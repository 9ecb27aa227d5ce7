import { randomBytes } from 'node:crypto';
import { same, type SandboxCredentials } from './auth.js';
import type { WdException, WdStore, WdWorker } from './store.js';
import type { CustomObjects } from './ops/edit-additional-data.js';
import { widFor, type WdTenant } from './tenant.js';

export interface RestReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface TokenBook {
  issue(ttlSeconds: number): { token: string; expiresIn: number };
  valid(token: string): boolean;
  expireAll(): void;
}

export const createTokenBook = (): TokenBook => {
  const tokens = new Map<string, number>();
  return {
    issue(ttlSeconds) {
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, Date.now() + ttlSeconds * 1000);
      return { token, expiresIn: ttlSeconds };
    },
    valid(token) {
      const until = tokens.get(token);
      return until !== undefined && until > Date.now();
    },
    expireAll() {
      tokens.clear();
    },
  };
};

/** POST /ccx/oauth2/{tenant}/token, refresh_token grant, client credentials in Basic auth or the form. */
export const tokenEndpoint = (
  form: URLSearchParams,
  basic: { user: string; pass: string } | null,
  creds: SandboxCredentials,
  book: TokenBook,
  ttl: number,
): RestReply => {
  const clientId = basic?.user ?? form.get('client_id') ?? '';
  const clientSecret = basic?.pass ?? form.get('client_secret') ?? '';
  if (!same(clientId, creds.clientId) || !same(clientSecret, creds.clientSecret))
    return { status: 401, body: { error: 'invalid_client', error_description: 'Invalid client credentials' } };
  if (form.get('grant_type') !== 'refresh_token') return { status: 400, body: { error: 'unsupported_grant_type' } };
  if (!same(form.get('refresh_token') ?? '', creds.refreshToken))
    return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } };
  const { token, expiresIn } = book.issue(ttl);
  return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn } };
};

/** A multi-instance instance as customObject/v2 answers it. */
const exceptionJson = (worker: WdWorker, x: WdException) => ({
  id: x.id,
  worker: { id: worker.wid, descriptor: `${worker.firstName} ${worker.lastName}` },
  promotionDate: x.promotionDate,
  fromGrade: x.fromGrade,
  toGrade: x.toGrade,
  note: x.note,
  noteKey: x.key,
});

/**
 * A multi-instance instance by its id, or by `{workerWID};{referenceIdAlias}={value}` (customObjectDataMultiInstance_v2
 * GET, PUT, DELETE `/customObjects/{alias}/{customObjectID}`), which resolves only when the definition uses that
 * field as its Reference ID (`referenceId`, the alias, or null: none).
 */
const exceptionById = (
  store: WdStore,
  id: string,
  referenceId: string | null,
): { worker: WdWorker; x: WdException } | null => {
  const m = /^([^;]+);([^=]+)=(.*)$/.exec(id);
  if (m) {
    const [, wid = '', alias, value] = m;
    const worker = store.byWid.get(wid);
    if (!worker || referenceId === null || alias !== referenceId) return null;
    const x = worker.exceptions.find((e) => e.key === value);
    return x ? { worker, x } : null;
  }
  for (const worker of store.workers) {
    const x = worker.exceptions.find((e) => e.id === id);
    if (x) return { worker, x };
  }
  return null;
};

const notFound = (what: string): RestReply => ({ status: 404, body: { error: `${what} not found` } });

/**
 * customObject/v2 reads: GET /customObjects/{alias}/{ID} (single instance by the worker's WID, `{}` when the worker
 * has none; multi instance by `exceptionById`) and GET /workers/{workerWID}/customObjects/{alias} (multi instance,
 * `{total, data}`).
 */
export const customObjectRead = (
  store: WdStore,
  objects: CustomObjects,
  rest: string[],
  referenceId: string | null,
): RestReply => {
  if (rest[0] === 'customObjects' && rest.length === 3) {
    const [, alias, id] = rest;
    if (alias !== objects.single && alias !== objects.multi) return notFound(`Custom object alias ${alias ?? ''}`);
    if (alias === objects.multi) {
      const found = exceptionById(store, id ?? '', referenceId);
      return found ? { status: 200, body: exceptionJson(found.worker, found.x) } : notFound('Resource');
    }
    const worker = store.byWid.get(id ?? '');
    if (!worker) return notFound('Resource');
    const e = worker.eligibility;
    return {
      status: 200,
      body: e
        ? {
            id: e.id,
            worker: { id: worker.wid, descriptor: `${worker.firstName} ${worker.lastName}` },
            eligible: listRead(store.tenant, e.eligible),
            reason: e.reason,
          }
        : {},
    };
  }
  if (rest[0] === 'workers' && rest[2] === 'customObjects' && rest.length === 4) {
    const worker = store.byWid.get(rest[1] ?? '');
    const alias = rest[3];
    if (alias !== objects.multi)
      return alias === objects.single
        ? { status: 400, body: { error: `${alias} is a single-instance custom object` } }
        : notFound(`Custom object alias ${alias ?? ''}`);
    if (!worker) return notFound('Resource');
    return {
      status: 200,
      body: {
        total: worker.exceptions.length,
        data: worker.exceptions.map((x) => exceptionJson(worker, x)),
      },
    };
  }
  return notFound('Resource');
};

/** A custom list field reads back as the option's instance (`{id, descriptor}`); a text field as its text. */
const listRead = (tenant: WdTenant, stored: string): unknown => {
  if (tenant.eligibility.kind === 'text' || stored === '') return stored;
  const option = tenant.eligibility.values.find((v) => v.alias === stored);
  return option ? { id: option.wid, descriptor: option.name } : stored;
};

/** `{total, data}` for one page of a collection, as Workday REST pages with `limit` (its maximum) and `offset`. */
const page = <T>(items: readonly T[], params: URLSearchParams, max: number): RestReply => {
  const limit = Number(params.get('limit') ?? '20');
  const offset = Number(params.get('offset') ?? '0');
  if (!Number.isInteger(limit) || limit < 1 || limit > max || !Number.isInteger(offset) || offset < 0)
    return {
      status: 400,
      body: {
        error: 'Invalid request',
        errors: [{ error: `limit must be 1..${max}, offset 0 or more`, field: 'limit' }],
      },
    };
  return { status: 200, body: { total: items.length, data: items.slice(offset, offset + limit) } };
};

/** performanceEnablement/v5 `GET /values/manageGoals/status/`: the tenant's goal statuses as prompt values. */
export const goalStatusValues = (tenant: WdTenant, rest: string[], params: URLSearchParams): RestReply => {
  if (rest.join('/') !== 'values/manageGoals/status') return { status: 404, body: { error: 'Resource not found' } };
  return page(
    tenant.statuses.map((s) => ({ id: s.wid, descriptor: s.name, href: `/values/manageGoals/status/${s.wid}` })),
    params,
    1000,
  );
};

const TEXT = { id: widFor('fieldType:Text'), name: 'Text', textInfo: { length: 2000 } };
const DATE = { id: widFor('fieldType:Date'), name: 'Date' };

/**
 * customObjectDefinition/v1 reads: `GET /definitions`, `/definitions/{ID}/fields`, `/fieldTypes/{ID}`,
 * `/fieldTypes/{ID}/listValues`. The eligibility field is Text, or a custom list under `alternate-list-options`.
 */
export const definitionRead = (
  tenant: WdTenant,
  objects: CustomObjects,
  rest: string[],
  params: URLSearchParams,
): RestReply => {
  const resourceMissing = notFound('Resource');
  const list = tenant.eligibility.kind === 'list' ? tenant.eligibility : null;
  const eligibleType = list
    ? {
        id: list.typeWid,
        name: list.name,
        listInfo: { values: list.values.map((v) => ({ id: v.wid, descriptor: v.name })) },
      }
    : TEXT;
  const types = [TEXT, DATE, eligibleType];
  const ref = (t: { id: string; name: string }) => ({ id: t.id, descriptor: t.name });
  const defs = [
    {
      id: widFor(`definition:${objects.single}`),
      alias: objects.single,
      name: 'AI Fluency Eligibility',
      multiInstance: false,
      active: true,
      fields: [
        ['eligible', eligibleType],
        ['reason', TEXT],
      ] as const,
    },
    {
      id: widFor(`definition:${objects.multi}`),
      alias: objects.multi,
      name: 'AI Fluency Exception',
      multiInstance: true,
      active: true,
      fields: [
        ['promotionDate', DATE],
        ['fromGrade', TEXT],
        ['toGrade', TEXT],
        ['note', TEXT],
        ['noteKey', TEXT],
      ] as const,
    },
  ];
  if (rest[0] === 'definitions' && rest.length === 1)
    return page(
      defs.map(({ fields: _f, ...d }) => ({ ...d, descriptor: d.name })),
      params,
      100,
    );
  if (rest[0] === 'definitions' && rest[2] === 'fields' && rest.length === 3) {
    const def = defs.find((d) => d.id === rest[1]);
    if (!def) return resourceMissing;
    return page(
      def.fields.map(([alias, type], i) => ({
        id: widFor(`field:${def.alias}.${alias}`),
        alias,
        name: alias,
        order: String(i + 1),
        inactive: false,
        fieldType: ref(type),
      })),
      params,
      100,
    );
  }
  if (rest[0] === 'fieldTypes' && rest.length >= 2) {
    const type = types.find((t) => t.id === rest[1]);
    if (!type) return resourceMissing;
    if (rest.length === 2) return { status: 200, body: type };
    if (rest[2] === 'listValues' && rest.length === 3)
      return list && type.id === list.typeWid
        ? page(
            list.values.map((v, i) => ({
              id: v.wid,
              alias: v.alias,
              name: v.name,
              descriptor: v.name,
              order: String(i + 1),
              inactive: v.inactive,
            })),
            params,
            100,
          )
        : { status: 400, body: { error: `${type.name} is not a custom list` } };
  }
  return resourceMissing;
};

/**
 * customObject/v2 `DELETE /customObjects/{alias}/{ID}`: a single-instance object by the worker's WID or its own id,
 * a multi-instance one by its instance id or `{workerWID};{referenceIdAlias}={value}` (`exceptionById`). 200 `{ok}`;
 * an id that is not there is a 404.
 */
export const customObjectDelete = (
  store: WdStore,
  objects: CustomObjects,
  rest: string[],
  referenceId: string | null,
): RestReply => {
  const [first, alias, id = ''] = rest;
  if (first !== 'customObjects' || rest.length !== 3) return notFound('Resource');
  if (alias === objects.single) {
    const worker = store.byWid.get(id) ?? [...store.byWid.values()].find((w) => w.eligibility?.id === id);
    if (!worker?.eligibility) return notFound('Resource');
    worker.eligibility = null;
    return { status: 200, body: { ok: 'Custom object deleted' } };
  }
  if (alias !== objects.multi) return notFound(`Custom object alias ${alias ?? ''}`);
  const found = exceptionById(store, id, referenceId);
  if (!found) return notFound('Resource');
  found.worker.exceptions = found.worker.exceptions.filter((x) => x !== found.x);
  return { status: 200, body: { ok: 'Custom object deleted' } };
};
