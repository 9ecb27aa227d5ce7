/**
 * The REST side of the Workday sandbox: `/ccx/api/{service}/{version}/{tenant}/...` (customObject/v2 reads and writes,
 * performanceEnablement/v5 goal statuses, wql/v1, customObjectDefinition/v1), behind Bearer or the ISU's Basic
 * credentials, with the tenant variations of the REST APIs (`WorkdayQuirks`). The SOAP side is soap-handler.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson as sendKitJson, type createRequestStats } from '../../../src/connector-kit/sandbox-kit.js';
import type { SandboxQuirks } from '../../../src/connector.js';
import type { SandboxCredentials } from './auth.js';
import type { CustomObjects } from './ops/edit-additional-data.js';
import {
  customObjectDelete,
  customObjectRead,
  definitionRead,
  goalStatusValues,
  type RestReply,
  type TokenBook,
} from './rest.js';
import { customObjectWrite } from './rest-write.js';
import type { WdStore } from './store.js';
import { wqlRequest, wqlRoute } from './wql.js';

export interface WorkdayQuirks extends SandboxQuirks {
  /** Entries per page at most, whatever Count asks (Workday's documented 100-entry page); 0 = Count decides. */
  pageCap: number;
  /** Each later page of Get_Workers starts with the last worker of the page before. */
  repeatRowsAcrossPages: boolean;
  /** Lifetime of OAuth access tokens. */
  tokenTtlSeconds: number;
  /** Keep every SOAP request body (password elements masked) for conformance tests. */
  captureRequests: boolean;
  /** REST APIs the user may not use (403): `performanceEnablement`, `customObjectDefinition`, `customObject`, `wql`. */
  forbidRest: readonly string[];
  /** The tenant has no WQL data source for the eligibility object (the bulk-read set-up was not done). */
  wqlSourceMissing: boolean;
  /**
   * Employee ids whose instances the tenant refuses in REST writes (a validation rule on the object): their
   * eligibility instances, and their exception notes in the multi-instance POST.
   */
  refuseInstancesOf: readonly string[];
  /**
   * Whether the exception object's definition uses its Text field `noteKey` as Reference ID (the recommended set-up,
   * docs/connectors/workday.md): then a REST write with `updateIfExists` updates the instance with the same value and
   * `GET /customObjects/{alias}/{WID};noteKey={value}` finds it; off, every REST write creates an instance.
   */
  exceptionReferenceId: boolean;
  /** Whether customObject/v2 writes of notes enter the transaction log (nothing published says so; off). */
  restWritesLogged: boolean;
  /**
   * Whether the exception object's `promotionDate` may be left empty (a field the tenant did not make required): a
   * person can then enter a note without one, which fluencyflow cannot resend through Edit_Worker_Additional_Data.
   */
  notesDateOptional: boolean;
  /**
   * The status `GET /customObjects/{alias}/{WID};{referenceIdAlias}={value}` answers instead (400: a tenant that does
   * not take that ID form; 403: a user who may write the object but not view it); null: it is read.
   */
  readByReferenceIdRefused: 400 | 403 | null;
}

/** The quirks a sandbox starts with, unless its options say otherwise. */
export const DEFAULT_QUIRKS: WorkdayQuirks = {
  rateLimitEvery: 0,
  retryAfterSeconds: 1,
  failWritesEvery: 0,
  pageCap: 0,
  repeatRowsAcrossPages: false,
  tokenTtlSeconds: 3600,
  captureRequests: false,
  forbidRest: [],
  wqlSourceMissing: false,
  refuseInstancesOf: [],
  exceptionReferenceId: true,
  restWritesLogged: false,
  notesDateOptional: false,
  readByReferenceIdRefused: null,
};

/** The REST APIs served under `/ccx/api/{service}/{version}/{tenant}/`, with a route name for call counts. */
const REST_APIS = [
  {
    service: 'customObject',
    version: 'v2',
    route: (rest: string[]) =>
      rest[0] === 'workers'
        ? 'GET customObject multi'
        : (rest[2] ?? '').includes(';')
          ? 'GET customObject by reference ID'
          : 'GET customObject single',
  },
  { service: 'performanceEnablement', version: 'v5', route: () => 'GET values/manageGoals/status' },
  { service: 'wql', version: 'v1', route: (rest: string[]) => `wql ${rest[0] ?? ''}` },
  {
    service: 'customObjectDefinition',
    version: 'v1',
    route: (rest: string[]) => `GET customObjectDefinition ${rest[0] ?? ''}`,
  },
] as const;

/** The user and password of a Basic `Authorization` header, or null. */
export const basicOf = (h: string | undefined): { user: string; pass: string } | null => {
  const m = /^Basic\s+(.+)$/i.exec(h ?? '');
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
};

export interface RestDeps {
  /** The tenant name in the path. */
  tenant: string;
  store: WdStore;
  objects: CustomObjects;
  creds: SandboxCredentials;
  tokens: TokenBook;
  quirks: WorkdayQuirks;
  stats: ReturnType<typeof createRequestStats>;
  /** Whether this write fails (the `failWritesEvery` quirk). */
  writeFails: () => boolean;
}

const sendJson = (res: ServerResponse, r: RestReply) =>
  sendKitJson(res, r.status, r.body, 'application/json; charset=utf-8', r.headers);

/** Answers a REST request, or returns null when the path is not a REST API this sandbox serves. */
export const handleRest = async (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  parts: readonly string[],
  deps: RestDeps,
): Promise<{ status: number; route: string } | null> => {
  const { store, objects, quirks } = deps;
  const method = req.method ?? 'GET';
  const referenceId = quirks.exceptionReferenceId ? 'noteKey' : null;
  const api = parts[1] === 'api' ? REST_APIS.find((a) => a.service === parts[2] && a.version === parts[3]) : undefined;
  const deletes = method === 'DELETE' && api?.service === 'customObject';
  const posts =
    method === 'POST' && (api?.service === 'customObject' || (api?.service === 'wql' && parts[5] === 'data'));
  if (api && parts[4] === deps.tenant && (method === 'GET' || deletes || posts)) {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const basic = basicOf(req.headers.authorization);
    const ok =
      bearer !== undefined
        ? deps.tokens.valid(bearer.trim())
        : basic !== null && basic.user === deps.creds.username && basic.pass === deps.creds.password;
    const route = deletes
      ? 'DELETE customObject'
      : api.service === 'wql'
        ? `${method} ${wqlRoute(parts.slice(5), url.searchParams)}`
        : posts
          ? `POST customObject${url.searchParams.get('bulk') === 'true' ? ' bulk' : ''}`
          : api.route(parts.slice(5));
    if (!ok)
      return (
        sendJson(res, { status: 401, body: { error: 'invalid_token', errors: [{ error: 'Unauthorized' }] } }),
        { status: 401, route }
      );
    if (quirks.forbidRest.includes(api.service))
      return (
        sendJson(res, {
          status: 403,
          body: { error: 'The processing user has insufficient permissions', errors: [{ error: 'Forbidden' }] },
        }),
        { status: 403, route }
      );
    const refused = quirks.readByReferenceIdRefused;
    if (refused !== null && route === 'GET customObject by reference ID') {
      const error = refused === 403 ? 'The processing user has insufficient permissions' : 'Invalid ID';
      sendJson(res, { status: refused, body: { error, errors: [{ error }] } });
      return { status: refused, route };
    }
    const rest = parts.slice(5);
    if (deletes) {
      const reply = customObjectDelete(store, objects, rest, referenceId);
      if (reply.status === 200) deps.stats.write();
      sendJson(res, reply);
      return { status: reply.status, route };
    }
    if (posts) {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        sendJson(res, { status: 400, body: { error: 'The request body is not valid JSON' } });
        return { status: 400, route };
      }
      const write = api.service === 'customObject';
      if (write && deps.writeFails()) {
        sendJson(res, { status: 500, body: { error: 'An unexpected error occurred' } });
        return { status: 500, route };
      }
      const reply =
        api.service === 'wql'
          ? wqlRequest(store, rest, method, url.searchParams, body, quirks)
          : customObjectWrite(store, objects, rest, body, {
              bulk: url.searchParams.get('bulk') === 'true',
              updateIfExists: url.searchParams.get('updateIfExists') === 'true',
              refuse: new Set(quirks.refuseInstancesOf),
              referenceId,
              logged: quirks.restWritesLogged,
              dateOptional: quirks.notesDateOptional,
            });
      if (api.service === 'customObject' && reply.status < 300) deps.stats.write();
      sendJson(res, reply);
      return { status: reply.status, route };
    }
    const reply =
      api.service === 'wql'
        ? wqlRequest(store, rest, method, url.searchParams, null, quirks)
        : api.service === 'customObject'
          ? customObjectRead(store, objects, rest, referenceId)
          : api.service === 'performanceEnablement'
            ? goalStatusValues(store.tenant, rest, url.searchParams)
            : definitionRead(store.tenant, objects, rest, url.searchParams);
    sendJson(res, reply);
    return { status: reply.status, route };
  }
  return null;
};
