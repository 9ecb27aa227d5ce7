/**
 * BambooHR conformance: an off-the-shelf OpenAPI validator (openapi-backend) sits between the connector and its
 * sandbox and checks every request and every response against BambooHR's published OpenAPI document
 * (`../shared/specs/bamboohr/bamboohr-public-openapi.yaml`, read here, never copied). A full check, discover,
 * plan, apply and plan runs through it, an apply undone by revert, then the sandbox's error answers (400, 401, 403,
 * 404,
 * 409, 429, 503).
 */
import type OpenAPIBackend from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SANDBOX_KEY_ENV,
  startBamboohrSandbox,
  type BamboohrSandbox,
} from '../../connectors/bamboohr/sandbox/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { engineFor } from '../helpers/engine.js';
import {
  loadBamboohrSpec,
  startValidatingProxy,
  unexplained,
  type Allowance,
  type ValidatingProxy,
} from '../connector/bamboohr/openapi-proxy.js';

/**
 * Where the published spec is wrong against the real API's documented behaviour. Each entry names its source.
 */
const ALLOWANCES: readonly Allowance[] = [];

const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 60,
  seed: 5,
  standardGoalTitle: 'AI fluency development goal FY2027',
  cycleEnd: '2027-12-31',
});

/** The sandbox, reached through the proxy. */
const behind = (sandbox: RunningSandbox, proxy: ValidatingProxy): RunningSandbox => ({
  ...sandbox,
  baseUrl: proxy.baseUrl,
  connectorConfig: (id) => ({ ...sandbox.connectorConfig(id), baseUrl: proxy.baseUrl }),
});

describe('BambooHR against its published OpenAPI document', () => {
  let api: OpenAPIBackend;
  let sandbox: BamboohrSandbox;
  let proxy: ValidatingProxy;

  beforeAll(async () => {
    api = await loadBamboohrSpec();
    sandbox = await startBamboohrSandbox({ org, port: 0 });
    proxy = await startValidatingProxy(api, sandbox.baseUrl);
  }, 120_000);
  afterAll(async () => {
    await proxy.close();
    await sandbox.close();
  });

  it('the validator is awake: it refuses what the spec refuses', () => {
    const wrongCase = api.validateRequest(
      {
        method: 'POST',
        path: '/api/v1/reports/custom',
        query: { format: 'JSON' },
        headers: { 'content-type': 'application/json' },
        body: { fields: ['id'] },
      },
      'request-custom-report',
    );
    expect(wrongCase.valid).toBe(false);
    const goal = (dueDate: string) =>
      api.validateRequest(
        {
          method: 'POST',
          path: '/api/v1/performance/employees/7/goals',
          query: {},
          headers: { 'content-type': 'application/json' },
          body: { title: 't', dueDate, sharedWithEmployeeIds: [7] },
        },
        'create-goal',
      ).valid;
    // Formats are checked too (ajv-formats), not ignored.
    expect([goal('2027-12-31'), goal('31.12.2027')]).toEqual([true, false]);
    expect(api.validateResponse({ goals: 'none' }, 'list-goals', 200).valid).toBe(false);
    expect(api.validateResponse({ goals: [] }, 'list-goals', 200).valid).toBe(true);
  });

  it('check, discover, plan, apply, plan: every request and response conforms', async () => {
    const engine = engineFor(behind(sandbox, proxy), org);
    try {
      const [checked] = await engine.check();
      expect(checked?.items.filter((i) => !i.ok)).toEqual([]);
      await engine.discover();
      const first = await engine.plan();
      expect(first.plan.changes.length).toBeGreaterThan(0);
      const applied = await engine.apply();
      expect(applied.result.failed).toBe(0);
      const again = await engine.plan();
      expect(again.plan.changes).toEqual([]);
    } finally {
      await engine.close();
    }
    const ops = new Set(proxy.exchanges().map((x) => x.operationId));
    const used = [
      'list-fields',
      'list-tabular-fields',
      'list-list-fields',
      'request-custom-report',
      'get-employee-table-data',
      'list-goals',
    ];
    const written = [
      'create-goal',
      'update-goal-v1.1',
      'reopen-goal',
      'update-employee',
      'create-table-row',
      'get-goal-creation-permission',
    ];
    for (const op of [...used, ...written]) expect(ops, op).toContain(op);
    expect(unexplained(proxy.violations(), ALLOWANCES)).toEqual([]);
  }, 300_000);

  it('two applies at once on a tenant of other shapes (younger twins deleted): every request and response conforms', async () => {
    const other = await startBamboohrSandbox({
      org,
      port: 0,
      variations: ['alternate-list-options', 'reference-changed-after-as-of'],
    });
    const otherProxy = await startValidatingProxy(api, other.baseUrl);
    const [a, b] = [engineFor(behind(other, otherProxy), org), engineFor(behind(other, otherProxy), org)];
    try {
      const [ra, rb] = await Promise.all([a.apply(), b.apply()]);
      expect(ra.result.failed + rb.result.failed).toBe(0);
      expect((await a.plan()).plan.changes).toEqual([]);
      expect(unexplained(otherProxy.violations(), ALLOWANCES)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
      await otherProxy.close();
      await other.close();
    }
  }, 300_000);

  it('apply, then revert that run: every request and response conforms, and the tenant is as before', async () => {
    const fresh = await startBamboohrSandbox({ org, port: 0 });
    const freshProxy = await startValidatingProxy(api, fresh.baseUrl);
    const engine = engineFor(behind(fresh, freshProxy), org);
    try {
      const before = fresh.snapshot();
      const { summary } = await engine.apply();
      expect(summary.failed).toBe(0);
      const undone = await engine.revert({ runId: summary.runId });
      expect(undone.result.failures).toEqual([]);
      const after = fresh.snapshot();
      expect(after.eligibility).toEqual(before.eligibility);
      expect(Object.values(after.exceptionNotes).flat()).toEqual(Object.values(before.exceptionNotes).flat());
      const ops = new Set(freshProxy.exchanges().map((x) => x.operationId));
      for (const op of ['delete-goal', 'delete-employee-table-row', 'update-employee']) expect(ops, op).toContain(op);
      expect(unexplained(freshProxy.violations(), ALLOWANCES)).toEqual([]);
    } finally {
      await engine.close();
      await freshProxy.close();
      await fresh.close();
    }
  }, 300_000);

  it('error answers (400, 401, 403, 404, 409, 429, 503) carry the detail header and a JSON body the spec accepts', async () => {
    const before = proxy.violations().length;
    const key = sandbox.env[SANDBOX_KEY_ENV] ?? '';
    const call = async (method: string, path: string, init: { body?: unknown; type?: string; key?: string } = {}) => {
      const headers: Record<string, string> = {
        Authorization: `Basic ${Buffer.from(`${init.key ?? key}:x`).toString('base64')}`,
        Accept: 'application/json',
        ...(init.body === undefined ? {} : { 'Content-Type': init.type ?? 'application/json' }),
      };
      const res = await fetch(new URL(path, proxy.baseUrl), {
        method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    };
    const active = org.employees.find((e) => e.status === 'active')?.id ?? '';
    const answers = [
      [
        400,
        await call('POST', 'v1/reports/custom?format=json', {
          body: { fields: ['id'] },
          type: 'application/json; charset=UTF-8',
        }),
      ],
      [401, await call('GET', 'v1/meta/fields', { key: 'f'.repeat(40) })],
      [403, await call('GET', 'v1/performance/employees/999999/goals?filter=status-all')],
      [404, await call('GET', 'v1/employees/all/tables/customNoSuchTable')],
      [409, await call('POST', `v1/employees/${active}`, { body: { customAIFluencyEligibility: 'maybe' } })],
    ] as const;
    sandbox.setQuirks({ rateLimitEvery: 1, retryAfterSeconds: 7 });
    const throttled = await call('GET', 'v1/meta/fields');
    sandbox.setQuirks({ legacy503: true });
    const legacy = await call('GET', 'v1/meta/fields');
    sandbox.setQuirks({ rateLimitEvery: 0, legacy503: false });
    for (const [status, res] of [...answers, [429, throttled], [503, legacy]] as const) {
      expect(res.status, String(status)).toBe(status);
      const detail = res.headers.get('x-bamboohr-message');
      expect(detail, String(status)).toMatch(/\S/);
      expect(res.headers.get('x-bamboohr-error-message')).toBe(detail);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(res.text)).toEqual({ error: { code: expect.stringMatching(/^[A-Za-z]+$/), message: detail } });
    }
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(legacy.headers.get('retry-after')).toBe('7');
    expect(unexplained(proxy.violations().slice(before), ALLOWANCES)).toEqual([]);
  });
});
