/**
 * The SuccessFactors sandbox: a strict local OData v2 server on 127.0.0.1 speaking the tenant's wire protocol
 * (OAuth SAML bearer, `/Date(ms)/`, `__next` paging, the upsert function import, the real error shapes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createFaultInjector } from '../../../src/connector-kit/sandbox-faults.js';
import {
  createQuirkCounters,
  createRequestStats,
  listenLoopback,
  readBody,
  SandboxError,
} from '../../../src/connector-kit/sandbox-kit.js';
import type { RunningSandbox, SandboxOptions, SandboxSnapshot } from '../../../src/connector.js';
import { createSandboxAuth } from './auth.js';
import { batchResponse, parseBatchRequest, type PartResponse } from './batch.js';
import { handleOData } from './routes.js';
import { parseQuirks, quirksSchema } from './quirks.js';
import { enterGradeChange, seedStore, type Store } from './store.js';
import { tenantModel } from './tenant-facts.js';
import { tenantShape } from './tenant-shape.js';
import { oauthError, WireError } from './wire-errors.js';

export const SANDBOX_COMPANY_ID = 'SANDBOX';
export const SANDBOX_API_USER = 'sfapi';
export const SANDBOX_GOAL_PLAN = 3;
export const SANDBOX_MDF_OBJECT = 'cust_AIFluencyEligibility';
export const SANDBOX_EXCEPTION_OBJECT = 'cust_AIFluencyException';
export const SANDBOX_ENV = { clientId: 'FLUENCYFLOW_SANDBOX_SF_CLIENT_ID', key: 'FLUENCYFLOW_SANDBOX_SF_KEY' } as const;

/** The RunningSandbox, plus what this sandbox's own tests look at. */
export interface SuccessFactorsSandbox extends RunningSandbox {
  /** One line per request and per failed record; never headers or bodies. */
  logs(): string[];
  /** Every request line (method, path and query) received, for the conformance test. */
  requests(): { method: string; path: string; query: URLSearchParams; body: unknown }[];
}

const isoOf = (v: unknown): string | null => {
  const m = typeof v === 'string' ? /^\/Date\((-?\d+)/.exec(v) : null;
  return m ? new Date(Number(m[1])).toISOString().slice(0, 10) : null;
};

/** The store in canonical words: tenant states and picklist codes translated back through the tenant's shape. */
const snapshotOf = (store: Store): SandboxSnapshot => {
  const snap: SandboxSnapshot = { goals: {}, eligibility: {}, exceptionNotes: {} };
  for (const g of store.goals.get(SANDBOX_GOAL_PLAN) ?? []) {
    const list = (snap.goals[String(g.userId)] ??= []);
    const closed = store.shape.stateMeaning[String(g.state)] === 'closed';
    const [description, percentComplete] = [String(g.metric ?? ''), Number(g.done ?? 0)];
    list.push({ id: String(g.id), title: String(g.name), description, percentComplete, closed, dueDate: isoOf(g.due) });
  }
  for (const r of store.mdf.get(SANDBOX_MDF_OBJECT)?.values() ?? []) {
    const meaning = store.shape.eligibilityOptions.find((o) => o.value === r.cust_eligible)?.meaning ?? null;
    snap.eligibility[String(r.externalCode)] = { value: meaning, reason: String(r.cust_reason ?? '') };
  }
  for (const r of store.mdf.get(SANDBOX_EXCEPTION_OBJECT)?.values() ?? []) {
    (snap.exceptionNotes[String(r.cust_userId)] ??= []).push({
      promotionDate: isoOf(r.cust_promotionDate) ?? '',
      fromGrade: String(r.cust_fromGrade ?? ''),
      toGrade: String(r.cust_toGrade ?? ''),
      note: String(r.cust_note ?? ''),
    });
  }
  return snap;
};

export const startSuccessFactorsSandbox = async (options: SandboxOptions): Promise<SuccessFactorsSandbox> => {
  let quirks = parseQuirks(quirksSchema.parse({}), options.quirks ?? {});
  const base = tenantShape(options.variations ?? []);
  const changeDays = quirks.referenceChangeDays;
  const shape = changeDays === undefined ? base : { ...base, referenceChangeAfterAsOfDays: changeDays };
  const objects = { mdfObject: SANDBOX_MDF_OBJECT, exceptionObject: SANDBOX_EXCEPTION_OBJECT };
  const store = seedStore(options.org, { goalPlanId: SANDBOX_GOAL_PLAN, ...objects, shape, apiUser: SANDBOX_API_USER });
  const modelFor = (q: typeof quirks) =>
    tenantModel({
      goalPlanIds: [1, SANDBOX_GOAL_PLAN],
      ...objects,
      eligibilityPicklistId: shape.eligibilityPicklistId,
      missingFields: q.missingFields,
      fieldTypes: q.fieldTypes,
      readOnlyEntities: q.readOnlyEntities,
    });
  let model = modelFor(quirks);
  const auth = createSandboxAuth({ companyId: SANDBOX_COMPANY_ID, userId: SANDBOX_API_USER, now: Date.now });
  auth.setTtlSeconds(quirks.tokenTtlSeconds);
  const SERVER_CODES: Readonly<Record<number, string>> = { 429: 'TooManyRequests', 503: 'COE_SERVICE_UNAVAILABLE' };
  const faults = createFaultInjector({
    // A `$batch` of GETs reads.
    isWrite: (req) =>
      req.method === 'POST' && (req.url ?? '').startsWith('/odata/') && !(req.url ?? '').startsWith('/odata/v2/$batch'),
    renderError: (status, message) => ({
      contentType: 'application/json;charset=utf-8',
      body: JSON.stringify(new WireError(status, SERVER_CODES[status] ?? 'COE_GENERAL_SERVER_FAILURE', message).body()),
    }),
    expireTokens: () => auth.revokeAll(),
  });
  faults.set(options.quirks?.faults);
  const stats = createRequestStats();
  const counters = createQuirkCounters();
  let records = 0;
  const logLines: string[] = [];
  const seen: { method: string; path: string; query: URLSearchParams; body: unknown }[] = [];
  let baseUrl = '';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (status === 204) {
      res.writeHead(204, { 'X-SF-Correlation-Id': randomUUID(), ...headers });
      res.end();
      return;
    }
    const xml = typeof body === 'string';
    const contentType = xml ? 'application/xml;charset=utf-8' : 'application/json;charset=utf-8';
    res.writeHead(status, { 'Content-Type': contentType, 'X-SF-Correlation-Id': randomUUID(), ...headers });
    res.end(xml ? body : JSON.stringify(body));
  };

  const odata = (method: string, url: URL, body: unknown) =>
    handleOData({
      store,
      model,
      baseUrl,
      method,
      url,
      body,
      quirks,
      log: (l) => logLines.push(l),
      nextRecord: () => ++records,
    });

  /** One GET part of a `$batch`, answered as that GET on its own (its errors in the part, not the batch). */
  const answerPart = (path: string): PartResponse => {
    const url = new URL(`odata/v2/${path}`, baseUrl);
    seen.push({ method: 'GET', path: url.pathname, query: url.searchParams, body: null });
    try {
      const out = odata('GET', url, null);
      if (out.xml === true) throw new WireError(400, 'COE_GENERAL_BAD_REQUEST', 'a batch part answers JSON only');
      return { status: out.status, body: out.body };
    } catch (e) {
      const err = e instanceof WireError ? e : new WireError(500, 'COE_GENERAL_SERVER_FAILURE', 'sandbox failure');
      return { status: err.status, body: err.body() };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    // An oversized body: OData's error shape with the kit's status (413), after the request is counted.
    const raw = await readBody(req).catch((e: unknown) =>
      e instanceof SandboxError ? new WireError(e.status, 'COE_GENERAL_BAD_REQUEST', e.message) : Promise.reject(e),
    );
    const route = `${method} ${url.pathname.replace(/^\/(odata\/v2\/)?/, '').replace(/\/$/, '') || '/'}`;
    stats.request();
    stats.route(route);
    let status = 200;
    try {
      if (raw instanceof WireError) throw raw;
      if (counters.throttled(quirks))
        throw new WireError(429, 'TooManyRequests', 'Rate limit exceeded; retry after the time in Retry-After', {
          'Retry-After': String(quirks.retryAfterSeconds),
        });
      if (url.pathname.startsWith('/oauth/idp'))
        throw oauthError(410, '/oauth/idp has been removed: sign the SAML assertion with your own key');
      if (url.pathname === '/oauth/token') {
        if (method !== 'POST') throw oauthError(405, 'Use POST');
        if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
          throw oauthError(415, 'Content-Type must be application/x-www-form-urlencoded');
        if (req.headers.authorization !== undefined)
          throw oauthError(
            400,
            'Client authentication in a header is not supported; send client_id and a SAML assertion',
          );
        send(res, 200, auth.issueToken(new URLSearchParams(raw), `${baseUrl}oauth/token`));
        return;
      }
      if (!url.pathname.startsWith('/odata/v2/')) throw new WireError(404, null, `No route for ${url.pathname}`);
      auth.authorize(req.headers.authorization);
      if (url.pathname === '/odata/v2/$batch') {
        if (method !== 'POST') throw new WireError(405, 'COE_GENERAL_BAD_REQUEST', '$batch is called with POST');
        const answer = batchResponse(
          parseBatchRequest(String(req.headers['content-type'] ?? ''), raw).map((path) => answerPart(path)),
        );
        status = 202;
        res.writeHead(202, { 'Content-Type': answer.contentType, 'X-SF-Correlation-Id': randomUUID() });
        res.end(answer.body);
        return;
      }
      let body: unknown = null;
      if (method === 'POST') {
        if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
          throw new WireError(415, 'COE_GENERAL_BAD_REQUEST', 'Content-Type must be application/json');
        try {
          body = JSON.parse(raw);
        } catch {
          throw new WireError(400, 'COE_GENERAL_BAD_REQUEST', '[COE0015]The request body is not valid JSON');
        }
      }
      if (method === 'POST' || method === 'DELETE') {
        stats.write();
        if (counters.writeFails(quirks))
          throw new WireError(500, 'COE_GENERAL_SERVER_FAILURE', '[COE0019]Internal error (sandbox failWritesEvery)');
      }
      seen.push({ method, path: url.pathname, query: url.searchParams, body });
      const out = odata(method, url, body);
      status = out.status;
      send(res, out.status, out.body);
    } catch (e) {
      const err = e instanceof WireError ? e : new WireError(500, 'COE_GENERAL_SERVER_FAILURE', 'sandbox failure');
      status = err.status;
      send(res, err.status, err.body(), err.headers);
    } finally {
      logLines.push(`${method} ${url.pathname} ${status}`);
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const message = { lang: 'en-US', value: 'sandbox failure' };
    const failure = { error: { code: 'COE_GENERAL_SERVER_FAILURE', message } };
    handle(req, res).catch(() => send(res, 500, failure));
  };
  const server = await listenLoopback(listener, { port: options.port, faults });
  baseUrl = server.origin;

  return {
    type: 'successfactors',
    baseUrl,
    env: { [SANDBOX_ENV.clientId]: auth.clientId, [SANDBOX_ENV.key]: auth.privateKeyPem },
    connectorConfig: (id) => ({
      id,
      type: 'successfactors',
      apiServer: 'sandbox.local',
      companyId: SANDBOX_COMPANY_ID,
      baseUrl,
      auth: { clientId: { env: SANDBOX_ENV.clientId }, userId: SANDBOX_API_USER, privateKey: { env: SANDBOX_ENV.key } },
      goalPlanId: SANDBOX_GOAL_PLAN,
      grade: 'payGrade',
      mdfObject: SANDBOX_MDF_OBJECT,
      exceptionObject: SANDBOX_EXCEPTION_OBJECT,
    }),
    stats: stats.stats,
    resetStats: stats.reset,
    setQuirks: (patch) => {
      if (patch.faults !== undefined) faults.set(patch.faults);
      const { revokeTokens, ...rest } = parseQuirks(quirks, patch);
      quirks = { ...rest, revokeTokens: false };
      model = modelFor(quirks);
      auth.setTtlSeconds(quirks.tokenTtlSeconds);
      if (revokeTokens) auth.revokeAll();
    },
    snapshot: () => snapshotOf(store),
    setFlagByHand: (employeeId, flag) => {
      const code = store.shape.eligibilityOptions.find((o) => o.meaning === flag.value)?.value ?? flag.value;
      const table = store.mdf.get(SANDBOX_MDF_OBJECT);
      const before = table?.get(employeeId) ?? { externalCode: employeeId };
      const at = `/Date(${Date.now()}+0000)/`;
      const edit = { cust_eligible: code, cust_reason: flag.reason, lastModifiedBy: flag.by, lastModifiedDateTime: at };
      table?.set(employeeId, { ...before, ...edit });
    },
    setGradeByHand: (employeeId, grade, effectiveDate) => enterGradeChange(store, employeeId, grade, effectiveDate),
    logs: () => [...logLines],
    requests: () => [...seen],
    close: server.close,
  };
};
