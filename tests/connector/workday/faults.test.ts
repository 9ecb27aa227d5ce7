import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorSession, EmployeeRecord } from '../../../src/connector.js';
import { knownSecrets } from '../../../src/http/index.js';
import { workdayConnector } from '../../../connectors/workday/index.js';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { readOptions, sandboxConfig, smallOrg, testContext } from './helpers.js';
import { planFor } from './plan-helper.js';

const org = smallOrg(30, 11);
let sb: WorkdaySandbox;
beforeAll(async () => {
  sb = await startWorkdaySandbox({ org, port: 0 });
});
afterAll(async () => sb.close());

const readAll = async (s: ConnectorSession): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of s.readEmployees(readOptions)) out.push(...page);
  return out;
};

describe('workday faults, throttling and secrets', () => {
  it('rides out 429 + Retry-After on reads and writes, and loses nothing', async () => {
    const waits: number[] = [];
    // Sequential calls: with parallel callers retrying in lockstep one caller could land on every third request.
    const session = workdayConnector.create(
      sandboxConfig(sb.connectorConfig('us'), sb.env, { concurrency: 1 }),
      await testContext({ sleep: async (ms) => void waits.push(ms) }),
    );
    sb.setQuirks({ rateLimitEvery: 3, retryAfterSeconds: 2 });
    try {
      const records = await readAll(session);
      expect(records).toHaveLength(org.employees.length);
      const outcomes = await session.apply(planFor(records), readOptions);
      expect(outcomes.filter((o) => o.outcome !== 'applied')).toEqual([]);
    } finally {
      sb.setQuirks({ rateLimitEvery: 0 });
    }
    expect(waits).toContain(2000);
    expect(planFor(await readAll(session))).toEqual([]);
  });

  it('does not retry a goal create that failed with a 5xx; the next run finishes the work', async () => {
    const fresh = await startWorkdaySandbox({ org, port: 0 });
    try {
      const session = workdayConnector.create(
        sandboxConfig(fresh.connectorConfig('us'), fresh.env),
        await testContext(),
      );
      const creates = planFor(await readAll(session))
        .filter((c) => c.kind === 'goal' && c.action === 'create')
        .slice(0, 1);
      expect(creates).toHaveLength(1);
      fresh.setQuirks({ failWritesEvery: 1 });
      fresh.resetStats();
      const [outcome] = await session.apply(creates, readOptions);
      expect(outcome?.outcome).toBe('failed');
      expect(outcome?.error?.code).toBe('FF_PROVIDER_ERROR');
      expect(outcome?.error?.message).toContain('Processing_Fault');
      expect(fresh.stats().byRoute['POST Performance_Management Manage_Goals']).toBe(1);
      fresh.setQuirks({ failWritesEvery: 0 });
      const next = planFor(await readAll(session)).filter(
        (c) => c.kind === 'goal' && c.employeeId === creates[0]?.employeeId,
      );
      const done = await session.apply(next, readOptions);
      expect(done.every((o) => o.outcome === 'applied')).toBe(true);
      expect(
        planFor(await readAll(session)).filter((c) => c.employeeId === creates[0]?.employeeId && c.kind === 'goal'),
      ).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('a configured goal status the tenant lacks stops the read with FF_TENANT_VALUE, before any write', async () => {
    const session = workdayConnector.create(
      sandboxConfig(sb.connectorConfig('us'), sb.env, { values: { goalStatus: { 'on-track': 'NO_SUCH_STATUS' } } }),
      await testContext(),
    );
    sb.resetStats();
    const err = await readAll(session).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FF_TENANT_VALUE', where: 'connectors[0].values.goalStatus.on-track' });
    expect(String(err)).toContain('"NO_SUCH_STATUS" is not in the tenant\'s goal status list');
    expect(String(err)).toContain('On Track');
    expect(sb.stats().writes).toBe(0);
  });

  it('turns a refused bulk write into FF_REJECTED with the message and the path of the field', async () => {
    // Definitions not readable: the field alias is not checked up front, and Workday refuses the write.
    sb.setQuirks({ forbidRest: ['customObjectDefinition'] });
    try {
      const session = workdayConnector.create(
        sandboxConfig(sb.connectorConfig('us'), sb.env, { fields: { reason: 'reasonText' } }),
        await testContext(),
      );
      const change = planFor(await readAll(session)).find((c) => c.kind === 'eligibility');
      expect(change).toBeDefined();
      const [outcome] = await session.apply(change ? [change] : [], readOptions);
      expect(outcome?.error?.code).toBe('FF_REJECTED');
      expect(outcome?.error?.message).toContain('Unknown field: reasonText');
      expect(outcome?.error?.where).toBe('[0].reasonText');
    } finally {
      sb.setQuirks({ forbidRest: [] });
    }
  });

  it('a wrong password is FF_AUTH_FAILED from check(), and no secret reaches errors or the sandbox log', async () => {
    const good = sb.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD ?? '';
    const session = workdayConnector.create(
      sandboxConfig(sb.connectorConfig('us'), {
        ...sb.env,
        FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD: 'wrong-password-123',
      }),
      await testContext(),
    );
    const items = await session.check();
    expect(items).toHaveLength(1);
    expect(items[0]?.ok).toBe(false);
    expect(items[0]?.detail).toContain('FF_AUTH_FAILED');
    let thrown: unknown;
    try {
      for await (const _ of session.readEmployees(readOptions)) void _;
    } catch (e) {
      thrown = e;
    }
    const text = JSON.stringify(thrown) + JSON.stringify(items) + sb.logs().join('\n');
    expect(text).toContain('FF_AUTH_FAILED');
    for (const s of ['wrong-password-123', good, ...knownSecrets()]) expect(text).not.toContain(s);
    process.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD = good;
  });

  it('check() passes against the sandbox with every item', async () => {
    const session = workdayConnector.create(sandboxConfig(sb.connectorConfig('us'), sb.env), await testContext());
    const items = await session.check();
    expect(items.map((i) => [i.name, i.ok])).toEqual([
      ['Get_Workers (Human_Resources)', true],
      ['Get_Job_Profiles (Human_Resources)', true],
      ['grade source (connectors[0].grade: compensationGrade)', true],
      ['tenant values (goal statuses, eligibility)', true],
      ['Manage_Goals (Performance_Management)', true],
      ['Edit_Worker_Additional_Data (Staffing)', true],
      ['custom object fluencyEligibility (connectors[0].customObject)', true],
      ['custom object fluencyException (connectors[0].exceptionObject)', true],
      ['bulk reads: WQL data source (connectors[0].wql)', true],
      ['bulk reads: WQL data source of the exception notes (connectors[0].wql.exceptionDataSource)', true],
      ['bulk note writes: Reference ID (connectors[0].fields.noteReferenceId)', true],
    ]);
    const missing = workdayConnector.create(
      sandboxConfig(sb.connectorConfig('us'), sb.env, { customObject: 'notCreatedYet' }),
      await testContext(),
    );
    const missingItems = await missing.check();
    const bad = missingItems.find((i) => i.name === 'custom object notCreatedYet (connectors[0].customObject)');
    expect(bad?.ok).toBe(false);
    expect(bad?.detail).toContain('FF_NOT_FOUND');
    const setup = missingItems.find((i) => i.name === 'tenant values (goal statuses, eligibility)');
    expect(setup?.detail).toContain(
      'FF_SETUP_MISSING: connectors[0].customObject: the tenant has no custom object with the web service alias ' +
        '"notCreatedYet"',
    );
    // A near miss is answered with the alias the tenant has.
    const typo = workdayConnector.create(
      sandboxConfig(sb.connectorConfig('us'), sb.env, { customObject: 'fluencyEligibilty' }),
      await testContext(),
    );
    const typoItems = await typo.check();
    expect(typoItems.find((i) => i.name === 'tenant values (goal statuses, eligibility)')?.detail).toContain(
      'alias "fluencyEligibilty" (did you mean "fluencyEligibility"?)',
    );
  });

  it('OAuth: refresh-token grant, bearer on SOAP and REST, one renewal on 401', async () => {
    const session = workdayConnector.create(sandboxConfig(sb.oauthConfig('oa'), sb.env), await testContext());
    expect(await readAll(session)).toHaveLength(org.employees.length);
    sb.expireTokens();
    sb.resetStats();
    expect(await readAll(session)).toHaveLength(org.employees.length);
    expect(sb.stats().byRoute['POST token']).toBe(1);
  });
});
