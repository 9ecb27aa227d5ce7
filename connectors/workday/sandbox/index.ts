import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFaultInjector } from '../../../src/connector-kit/sandbox-faults.js';
import {
  assertVariations,
  createQuirkCounters,
  createRequestStats,
  listenLoopback,
  readBody,
  SandboxError,
  sendJson as sendKitJson,
} from '../../../src/connector-kit/sandbox-kit.js';
import { randomBytes } from 'node:crypto';
import type { HandSetFlag, RunningSandbox, SandboxOptions, SandboxSnapshot } from '../../../src/connector.js';
import { splitDescription } from '../goal-text.js';
import { createStore, enterHire, enterJobChange, enterTermination, type HandHire } from './store.js';
import { createTokenBook, tokenEndpoint, type RestReply } from './rest.js';
import { basicOf, DEFAULT_QUIRKS, handleRest, type WorkdayQuirks } from './rest-handler.js';
import { WORKDAY_VARIATIONS } from './tenant.js';
import { handleSoap } from './soap-handler.js';
import { renderWsdl } from './wsdl.js';
import { serviceOperations } from './spec/responses.js';
import { processingFault } from './envelope.js';
import { WQL_EXCEPTION_SOURCE, WQL_SOURCE } from './wql.js';

export type { WorkdayQuirks } from './rest-handler.js';

export const SANDBOX_TENANT = 'sandbox';
export const SANDBOX_VERSION = 'v44.0';
const OBJECTS = { single: 'fluencyEligibility', multi: 'fluencyException' };

export interface WorkdaySandbox extends RunningSandbox {
  /** Request lines as the sandbox would log them (method, path, status, operation); never bodies or headers. */
  logs(): string[];
  /** The OAuth block that reaches this sandbox (secrets as env refs, values in `env`). */
  oauthConfig(id: string): Record<string, unknown>;
  /** Invalidates every access token (the next call gets 401). */
  expireTokens(): void;
  /** SOAP request bodies kept while `captureRequests` is on, password elements masked. */
  captured(): { service: string; operation: string | null; body: string }[];
  /** A hire entered in Workday's own pages, effective on its hire date (which may lie in the future). */
  hireByHand(hire: HandHire): void;
  /** A termination entered in Workday's own pages, effective on `date`. */
  terminateByHand(employeeId: string, date: string): void;
}

/** Starts the Workday sandbox on 127.0.0.1: SOAP services, their WSDLs, OAuth token endpoint, customObject/v2 reads. */
export const startWorkdaySandbox = async (options: SandboxOptions): Promise<WorkdaySandbox> => {
  const variations = options.variations ?? [];
  assertVariations('Workday', WORKDAY_VARIATIONS, variations);
  const store = createStore(options.org, variations);
  const secret = () => randomBytes(12).toString('base64url');
  const creds = {
    username: `ISU_FLUENCY@${SANDBOX_TENANT}`,
    password: `pw-${secret()}`,
    clientId: `client-${secret()}`,
    clientSecret: `cs-${secret()}`,
    refreshToken: `rt-${secret()}`,
  };
  const env = {
    FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD: creds.password,
    FLUENCYFLOW_SANDBOX_WORKDAY_CLIENT_ID: creds.clientId,
    FLUENCYFLOW_SANDBOX_WORKDAY_CLIENT_SECRET: creds.clientSecret,
    FLUENCYFLOW_SANDBOX_WORKDAY_REFRESH_TOKEN: creds.refreshToken,
  };
  let quirks: WorkdayQuirks = {
    ...DEFAULT_QUIRKS,
    ...options.quirks,
  };
  /** Writes go to the services whose operations all write (Staffing, Performance_Management); reads to the rest. */
  const faults = createFaultInjector({
    isWrite: (req) =>
      req.method === 'POST' &&
      /\/ccx\/(service\/[^/]+\/(Staffing|Performance_Management)|api\/customObject)\//.test(req.url ?? ''),
    renderError: (status, message) =>
      status === 500
        ? { contentType: 'text/xml; charset=utf-8', body: processingFault(message) }
        : { contentType: 'text/plain', body: '' },
    expireTokens: () => tokens.expireAll(),
  });
  faults.set(options.quirks?.faults);
  const captured: { service: string; operation: string | null; body: string }[] = [];
  const tokens = createTokenBook();
  const stats = createRequestStats();
  const counters = createQuirkCounters();
  const logs: string[] = [];
  let events = 0;
  const newEvent = () => `e0e0${String(++events).padStart(28, '0')}`;

  const send = (
    res: ServerResponse,
    status: number,
    body: string,
    type: string,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'Content-Type': type, ...headers });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, r: RestReply) =>
    sendKitJson(res, r.status, r.body, 'application/json; charset=utf-8', r.headers);

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<{ status: number; route: string }> => {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    stats.request();
    if (counters.throttled(quirks)) {
      send(res, 429, '', 'text/plain', { 'Retry-After': String(quirks.retryAfterSeconds) });
      return { status: 429, route: 'throttled' };
    }
    if (parts[0] !== 'ccx')
      return (sendJson(res, { status: 404, body: { error: 'not found' } }), { status: 404, route: 'unknown' });
    if (parts[1] === 'service' && parts[2] === SANDBOX_TENANT && parts.length === 5) {
      const service = parts[3] ?? '';
      if (!serviceOperations[service] || !/^v\d+\.\d+$/.test(parts[4] ?? ''))
        return (send(res, 404, 'Unknown service', 'text/plain'), { status: 404, route: 'unknown' });
      if (method === 'GET' && url.searchParams.has('wsdl')) {
        send(
          res,
          200,
          renderWsdl(service, parts[4] ?? SANDBOX_VERSION, `${url.origin}${url.pathname}`),
          'text/xml; charset=utf-8',
        );
        return { status: 200, route: `GET ${service}?wsdl` };
      }
      if (method !== 'POST') return (send(res, 405, '', 'text/plain'), { status: 405, route: 'unknown' });
      const raw = await readBody(req);
      const out = handleSoap(
        {
          store,
          creds,
          objects: OBJECTS,
          bearerValid: (t) => tokens.valid(t),
          pageCap: quirks.pageCap > 0 ? quirks.pageCap : 999,
          repeatRowsAcrossPages: quirks.repeatRowsAcrossPages,
          newEvent,
          referenceId: quirks.exceptionReferenceId ? 'noteKey' : null,
        },
        service,
        req.headers['content-type'] ?? '',
        req.headers.authorization,
        raw,
        () => (counters.writeFails(quirks) ? 'An unexpected error occurred; the transaction was not saved.' : null),
      );
      if (out.write && out.status === 200) stats.write();
      if (quirks.captureRequests)
        captured.push({
          service,
          operation: out.operation,
          body: raw.replace(/(<(?:[\w-]+:)?Password\b[^>]*>)[^<]*(<\/)/g, '$1[masked]$2'),
        });
      send(res, out.status, out.body, 'text/xml; charset=utf-8');
      return { status: out.status, route: `POST ${service} ${out.operation ?? '?'}` };
    }
    if (parts[1] === 'oauth2' && parts[2] === SANDBOX_TENANT && parts[3] === 'token' && method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      sendJson(res, tokenEndpoint(form, basicOf(req.headers.authorization), creds, tokens, quirks.tokenTtlSeconds));
      return { status: res.statusCode, route: 'POST token' };
    }
    const rest = await handleRest(req, res, url, parts, {
      tenant: SANDBOX_TENANT,
      store,
      objects: OBJECTS,
      creds,
      tokens,
      quirks,
      stats,
      writeFails: () => counters.writeFails(quirks),
    });
    if (rest) return rest;
    sendJson(res, { status: 404, body: { error: 'not found' } });
    return { status: 404, route: 'unknown' };
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    handle(req, res, url)
      .then(({ status, route }) => {
        stats.route(route);
        logs.push(`${req.method ?? '?'} ${url.pathname} ${status} ${route}`);
      })
      .catch((e: unknown) => {
        const status = e instanceof SandboxError ? e.status : 500;
        logs.push(`${req.method ?? '?'} ${url.pathname} ${status} error ${e instanceof Error ? e.name : 'unknown'}`);
        if (res.headersSent) return;
        // An oversized body (the kit's 413): the status with an empty body, like the throttling answers.
        if (e instanceof SandboxError) send(res, e.status, '', 'text/plain');
        else send(res, 500, processingFault('Internal error'), 'text/xml; charset=utf-8');
      });
  };
  const server = await listenLoopback(listener, { port: options.port, faults });
  const baseUrl = server.origin;
  const base = (id: string) => ({
    id,
    type: 'workday',
    host: 'sandbox.local',
    tenant: SANDBOX_TENANT,
    version: SANDBOX_VERSION,
    baseUrl,
    grade: 'compensationGrade',
    customObject: OBJECTS.single,
    exceptionObject: OBJECTS.multi,
    wql: { dataSource: WQL_SOURCE, exceptionDataSource: WQL_EXCEPTION_SOURCE },
  });

  /** Snapshots are canonical: a custom-list option is shown as what it means. */
  const CANONICAL_OPTION: Readonly<Record<string, string>> = {
    AIF_ELIGIBLE: 'eligible',
    AIF_NOT_ELIGIBLE: 'not-eligible',
  };

  const snapshot = (): SandboxSnapshot => {
    const out: SandboxSnapshot = { goals: {}, eligibility: {}, exceptionNotes: {} };
    for (const w of store.workers) {
      out.goals[w.employeeId] = w.goals.map((g) => {
        const { description, percent } = splitDescription(g.description);
        return {
          id: g.referenceId ?? g.wid,
          title: g.name,
          description,
          percentComplete: percent,
          closed: g.completionDate !== null || g.archived,
          dueDate: g.dueDate,
        };
      });
      if (w.eligibility)
        out.eligibility[w.employeeId] = {
          value:
            w.eligibility.eligible === '' ? null : (CANONICAL_OPTION[w.eligibility.eligible] ?? w.eligibility.eligible),
          reason: w.eligibility.reason,
        };
      if (w.exceptions.length > 0)
        out.exceptionNotes[w.employeeId] = w.exceptions.map(({ promotionDate, fromGrade, toGrade, note }) => ({
          promotionDate,
          fromGrade,
          toGrade,
          note,
        }));
    }
    return out;
  };

  const workerOf = (employeeId: string) => {
    const worker = store.byId.get(employeeId);
    if (!worker) throw new Error(`no worker ${employeeId} in the sandbox`);
    return worker;
  };

  /**
   * An HR partner's edit in Workday's own pages: the list option meaning the value, or the text itself. It leaves no
   * transaction log entry (the published API does not say that a custom object edit outside a business process
   * makes one), so a delta read must find it another way.
   */
  const setFlagByHand = (employeeId: string, flag: HandSetFlag): void => {
    const worker = workerOf(employeeId);
    const field = store.tenant.eligibility;
    const option =
      field.kind === 'list' ? field.values.find((v) => CANONICAL_OPTION[v.alias] === flag.value) : undefined;
    const id = worker.eligibility?.id ?? store.nextWid();
    worker.eligibility = { id, eligible: option?.alias ?? flag.value, reason: flag.reason };
  };

  return {
    type: 'workday',
    baseUrl,
    setFlagByHand,
    setGradeByHand: (employeeId, grade, effectiveDate) =>
      enterJobChange(store, workerOf(employeeId), grade, effectiveDate),
    hireByHand: (hire) => {
      enterHire(store, hire);
    },
    terminateByHand: (employeeId, date) => enterTermination(store, workerOf(employeeId), date),
    env,
    connectorConfig: (id) => ({
      ...base(id),
      auth: { username: creds.username, password: { env: 'FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD' } },
    }),
    oauthConfig: (id) => ({
      ...base(id),
      auth: {
        oauth: {
          clientId: { env: 'FLUENCYFLOW_SANDBOX_WORKDAY_CLIENT_ID' },
          clientSecret: { env: 'FLUENCYFLOW_SANDBOX_WORKDAY_CLIENT_SECRET' },
          refreshToken: { env: 'FLUENCYFLOW_SANDBOX_WORKDAY_REFRESH_TOKEN' },
        },
      },
    }),
    stats: stats.stats,
    resetStats: stats.reset,
    setQuirks: (q) => {
      if (q.faults !== undefined) faults.set(q.faults);
      quirks = { ...quirks, ...q };
    },
    snapshot,
    logs: () => [...logs],
    expireTokens: () => tokens.expireAll(),
    captured: () => [...captured],
    close: server.close,
  };
};
