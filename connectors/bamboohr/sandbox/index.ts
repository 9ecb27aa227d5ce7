/**
 * The strict local BambooHR: node:http on 127.0.0.1 speaking the real paths under `/api/` and the legacy
 * `/api/gateway.php/sandbox/`, with Basic auth (API key as user), the lock-out after repeated bad keys, and
 * quirks on demand: throttling (429, or 503 with `legacy503`), failing writes, a field the key cannot read.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFaultInjector } from '../../../src/connector-kit/sandbox-faults.js';
import {
  assertVariations,
  createQuirkCounters,
  createRequestStats,
  listenLoopback,
  readBody,
  SandboxError,
} from '../../../src/connector-kit/sandbox-kit.js';
import type { RunningSandbox, SandboxOptions, SandboxQuirks } from '../../../src/connector.js';
import { findField } from './meta.js';
import { BAMBOOHR_VARIATIONS } from '../variations.js';
import {
  deleteTableRow,
  getFields,
  getLists,
  getTableRows,
  getTables,
  postCustomReport,
  postEmployee,
  postTableRow,
  type SbContext,
} from './routes-hr.js';
import {
  canCreateGoals,
  createGoal,
  deleteGoal,
  goalsAggregate,
  listGoals,
  setGoalClosed,
  updateGoal,
} from './routes-goals.js';
import { seedTenant, snapshotOf } from './tenant.js';
import { ERROR_CODES, SbError, sendError, type Exchange } from './wire.js';

export interface BamboohrQuirks extends SandboxQuirks {
  /** Throttle with 503 + Retry-After (BambooHR before its move to 429). */
  legacy503: boolean;
  /** Alias or id of a field the key "cannot read": the report drops it, table reads omit it, writes get 403. */
  dropField: string | null;
  /** Bad keys in a row before API access is turned off for everybody. */
  lockoutAfter: number;
  lockoutMs: number;
  /** The custom report repeats some employees' rows (as reports with table fields do). */
  repeatReportRows: boolean;
  /** Goals not enabled for the company: every goal route answers 403. */
  goalsDisabled: boolean;
}

export const DEFAULT_QUIRKS: BamboohrQuirks = {
  rateLimitEvery: 0,
  retryAfterSeconds: 1,
  failWritesEvery: 0,
  legacy503: false,
  dropField: null,
  lockoutAfter: 5,
  lockoutMs: 60_000,
  goalsDisabled: false,
  repeatReportRows: false,
};

/** The tenant shapes this sandbox can take on (DESIGN §9). */

export const SANDBOX_KEY_ENV = 'FLUENCYFLOW_SANDBOX_BAMBOOHR_KEY';
const COMPANY = 'sandbox';

export interface BamboohrSandbox extends RunningSandbox {
  /** One line per request (method, path, status); never headers or bodies. */
  requestLog(): string[];
}

type Handler = (x: Exchange, p: string[], markWrite: () => void) => void;

export const startBamboohrSandbox = async (options: SandboxOptions): Promise<BamboohrSandbox> => {
  const variations = options.variations ?? [];
  assertVariations('BambooHR', BAMBOOHR_VARIATIONS, variations);
  const tenant = seedTenant(options.org, variations);
  let quirks: BamboohrQuirks = { ...DEFAULT_QUIRKS };
  const setQuirks = (q: Partial<SandboxQuirks>): void => {
    quirks = {
      ...quirks,
      ...q,
      legacy503: q.legacy503 === true || (q.legacy503 === undefined && quirks.legacy503),
      goalsDisabled: q.goalsDisabled === true || (q.goalsDisabled === undefined && quirks.goalsDisabled),
      repeatReportRows: q.repeatReportRows === true || (q.repeatReportRows === undefined && quirks.repeatReportRows),
    };
    if (q.faults !== undefined) faults.set(q.faults);
    const drop = q.dropField;
    if (drop === null || typeof drop === 'string') quirks.dropField = drop;
  };
  const faults = createFaultInjector({
    isWrite: (req) => req.method !== 'GET' && !(req.url ?? '').includes('/reports/custom'),
    // Throttled with 429 since 2026-09-16, 503 on accounts not yet moved (research notes §7).
    throttleStatus: () => (quirks.legacy503 ? 503 : 429),
    renderError: (status, message) => ({
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ error: { code: ERROR_CODES[status] ?? 'Error', message } }),
      headers: { 'X-BambooHR-Message': message, 'X-BambooHR-Error-Message': message },
    }),
  });
  setQuirks(options.quirks ?? {});
  const key = randomBytes(20).toString('hex');
  const ctx: SbContext = {
    tenant,
    dropped: () => (quirks.dropField === null ? undefined : findField(quirks.dropField)),
    repeatReportRows: () => quirks.repeatReportRows,
  };
  const stats = createRequestStats();
  const counters = createQuirkCounters();
  const log: string[] = [];
  let badKeys = 0;
  let lockedUntil = 0;
  let requestSeq = 0;

  const routes: [string, RegExp, string, Handler][] = [
    ['GET', /^v1\/meta\/fields$/, 'GET meta/fields', (x) => getFields(ctx, x)],
    ['GET', /^v1\/meta\/tables$/, 'GET meta/tables', (x) => getTables(ctx, x)],
    ['GET', /^v1\/meta\/lists$/, 'GET meta/lists', (x) => getLists(ctx, x)],
    ['POST', /^v1\/reports\/custom$/, 'POST reports/custom', (x) => postCustomReport(ctx, x)],
    [
      'GET',
      /^v1\/employees\/([^/]+)\/tables\/([^/]+)$/,
      'GET tables',
      (x, p) => getTableRows(ctx, x, p[0] ?? '', p[1] ?? ''),
    ],
    [
      'POST',
      /^v1(?:_1)?\/employees\/([^/]+)\/tables\/([^/]+)$/,
      'POST tables',
      (x, p, w) => postTableRow(ctx, x, p[0] ?? '', p[1] ?? '', w),
    ],
    [
      'DELETE',
      /^v1\/employees\/([^/]+)\/tables\/([^/]+)\/([^/]+)$/,
      'DELETE tables',
      (x, p, w) => deleteTableRow(ctx, x, p[0] ?? '', p[1] ?? '', p[2] ?? '', w),
    ],
    ['POST', /^v1\/employees\/([^/]+)$/, 'POST employees', (x, p, w) => postEmployee(ctx, x, p[0] ?? '', w)],
    [
      'GET',
      /^v1\/performance\/employees\/([^/]+)\/goals\/canCreateGoals$/,
      'GET goals/canCreateGoals',
      (x, p) => canCreateGoals(tenant, x, p[0] ?? ''),
    ],
    [
      'GET',
      /^v1_2\/performance\/employees\/([^/]+)\/goals\/aggregate$/,
      'GET goals/aggregate',
      (x, p) => goalsAggregate(tenant, x, p[0] ?? ''),
    ],
    ['GET', /^v1\/performance\/employees\/([^/]+)\/goals$/, 'GET goals', (x, p) => listGoals(tenant, x, p[0] ?? '')],
    [
      'POST',
      /^v1\/performance\/employees\/([^/]+)\/goals$/,
      'POST goals',
      (x, p, w) => createGoal(tenant, x, p[0] ?? '', w),
    ],
    [
      'PUT',
      /^v1(?:_1)?\/performance\/employees\/([^/]+)\/goals\/([^/]+)$/,
      'PUT goals',
      (x, p, w) => updateGoal(tenant, x, p[0] ?? '', p[1] ?? '', w),
    ],
    [
      'DELETE',
      /^v1\/performance\/employees\/([^/]+)\/goals\/([^/]+)$/,
      'DELETE goals',
      (x, p, w) => deleteGoal(tenant, x, p[0] ?? '', p[1] ?? '', w),
    ],
    [
      'POST',
      /^v1\/performance\/employees\/([^/]+)\/goals\/([^/]+)\/reopen$/,
      'POST goals/reopen',
      (x, p, w) => setGoalClosed(tenant, x, p[0] ?? '', p[1] ?? '', false, w),
    ],
    [
      'POST',
      /^v1\/performance\/employees\/([^/]+)\/goals\/([^/]+)\/close$/,
      'POST goals/close',
      (x, p, w) => setGoalClosed(tenant, x, p[0] ?? '', p[1] ?? '', true, w),
    ],
  ];

  const authenticate = (header: string | undefined): void => {
    if (Date.now() < lockedUntil)
      throw new SbError(403, 'API access is disabled for this company after repeated requests with an invalid API key');
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    if (m === null) throw new SbError(401, 'Authentication required', { 'WWW-Authenticate': 'Basic realm="api"' });
    const user = Buffer.from(m[1] ?? '', 'base64')
      .toString('utf8')
      .split(':')[0];
    if (user !== key) {
      badKeys += 1;
      if (badKeys >= quirks.lockoutAfter) lockedUntil = Date.now() + quirks.lockoutMs;
      throw new SbError(401, 'Invalid API key');
    }
    badKeys = 0;
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const x: Exchange = {
        req,
        res,
        method,
        path: '',
        query: url.searchParams,
        body: '',
        requestId: `sbx-${++requestSeq}`,
      };
      let route = 'unknown';
      try {
        x.body = await readBody(req, 1_000_000);
        stats.request();
        const prefix = /^\/api\/(?:gateway\.php\/([^/]+)\/)?(.*)$/.exec(url.pathname);
        if (prefix === null || (prefix[1] !== undefined && prefix[1] !== COMPANY)) throw new SbError(404, 'Not found');
        x.path = prefix[2] ?? '';
        const hit = routes.find(([m, re]) => m === method && re.test(x.path));
        route = hit?.[2] ?? `${method} ${x.path}`;
        stats.route(route);
        authenticate(req.headers.authorization);
        if (counters.throttled(quirks))
          throw new SbError(quirks.legacy503 ? 503 : 429, 'Rate limit exceeded', {
            'Retry-After': String(quirks.retryAfterSeconds),
          });
        if (hit === undefined) throw new SbError(404, 'Not found');
        if (quirks.goalsDisabled && hit[2].includes('goals'))
          throw new SbError(403, 'Goals are not enabled for this company');
        const isWrite = method !== 'GET' && route !== 'POST reports/custom';
        if (isWrite && counters.writeFails(quirks)) throw new SbError(500, 'There was an unknown server error');
        const params =
          hit[1]
            .exec(x.path)
            ?.slice(1)
            .map((s) => decodeURIComponent(s)) ?? [];
        hit[3](x, params, () => stats.write());
        log.push(`${method} ${url.pathname} ${res.statusCode}`);
      } catch (e) {
        const err = e instanceof SandboxError ? e : new SbError(500, 'There was an unknown server error');
        log.push(`${method} ${url.pathname} ${err.status}`);
        if (!res.headersSent) sendError(x, err);
        else res.end();
      }
    })();
  };

  const server = await listenLoopback(listener, { port: options.port, faults });
  const baseUrl = `${server.origin}api/`;

  return {
    type: 'bamboohr',
    baseUrl,
    connectorConfig: (id: string) => ({
      id,
      type: 'bamboohr',
      companyDomain: COMPANY,
      baseUrl,
      auth: { apiKey: { env: SANDBOX_KEY_ENV } },
      grade: { field: 'jobLevel' },
      jobFamily: { field: 'customJobFamily' },
      locale: { field: 'customPreferredLanguage' },
      fields: { eligibility: 'customAIFluencyEligibility', reason: 'customAIFluencyReason' },
      exceptionTable: 'customAIFluencyExceptions',
    }),
    env: { [SANDBOX_KEY_ENV]: key },
    stats: stats.stats,
    resetStats: stats.reset,
    setQuirks,
    snapshot: () => snapshotOf(tenant),
    setFlagByHand: (employeeId, flag) => {
      // The list option meaning the value (BambooHR's screens show the same options the API writes).
      const live = (o: string) => tenant.eligibility.live.includes(o);
      const option = Object.entries(tenant.eligibility.meaning).find(([o, m]) => m === flag.value && live(o));
      const fields = tenant.employees.get(employeeId);
      if (!fields) throw new Error(`no employee ${employeeId} in the sandbox`);
      fields.customAIFluencyEligibility = option?.[0] ?? flag.value;
      fields.customAIFluencyReason = flag.reason;
    },
    requestLog: () => [...log],
    close: server.close,
  };
};

export { BAMBOOHR_VARIATIONS };
