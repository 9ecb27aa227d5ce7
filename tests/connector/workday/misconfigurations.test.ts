import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';
import { engineFor } from '../../helpers/engine.js';

/**
 * Each way a Workday set-up goes wrong, through the engine: what `check` says (the failing items) and what `plan`
 * says (the error it stops with), and that nothing is written. docs/connectors/workday.md lists the same table.
 */
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 12,
  seed: 3,
  standardGoalTitle: 'AI fluency development goal FY2027',
  cycleEnd: '2027-12-31',
});

let sb: WorkdaySandbox;
beforeAll(async () => {
  sb = await startWorkdaySandbox({ org, port: 0, variations: ['alternate-goal-states'] });
});
afterAll(async () => sb.close());

interface Case {
  name: string;
  config?: Record<string, unknown>;
  forbid?: string[];
  env?: Record<string, string>;
  /** The failing check item and a part of its detail. */
  check: [string, string];
  /** The code and a part of the message `plan` stops with. */
  plan: [string, string];
}

const cases = (): Case[] => [
  {
    name: 'a goal status the tenant does not have',
    config: { values: { goalStatus: { achieved: 'Achieved' } } },
    check: [
      'tenant values',
      'connectors[0].values.goalStatus.achieved: "Achieved" is not in the tenant\'s goal status list',
    ],
    plan: ['FF_TENANT_VALUE', '(Completed)'],
  },
  {
    name: 'a custom object that does not exist',
    config: { customObject: 'fluencyFlag' },
    check: ['tenant values', 'FF_SETUP_MISSING: connectors[0].customObject: the tenant has no custom object'],
    plan: ['FF_SETUP_MISSING', 'found: fluencyEligibility, fluencyException'],
  },
  {
    name: 'a field alias that does not exist',
    config: { fields: { reason: 'reasonText' } },
    check: ['tenant values', 'connectors[0].fields.reason: custom object fluencyEligibility has no active field'],
    plan: ['FF_SETUP_MISSING', 'fields: eligible, reason'],
  },
  {
    name: 'no access to the goal domain',
    forbid: ['performanceEnablement'],
    check: ['tenant values', 'grant the domain "Worker Data: Employee Goals"'],
    plan: ['FF_FORBIDDEN', "may not read the tenant's goal statuses (403)"],
  },
  {
    name: 'no access to the custom objects',
    forbid: ['customObject'],
    check: ['custom object fluencyEligibility', 'the domain set on the custom object (Get and Put)'],
    plan: ['FF_FORBIDDEN', 'GET workers/{ID}/customObjects/{alias}: permission denied (HTTP 403)'],
  },
  {
    name: 'the wrong tenant',
    config: { tenant: 'acme_impl' },
    check: ['Get_Workers', 'Check connectors[0].tenant'],
    plan: ['FF_NOT_FOUND', 'check connectors[0].tenant ("acme_impl")'],
  },
  {
    name: 'an expired password',
    env: { FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD: 'expired-password' },
    check: [
      'Get_Workers',
      'FF_AUTH_FAILED: Get_Workers: the credentials were refused (HTTP 500): ' +
        'invalid username or password. Check connectors[0].auth',
    ],
    plan: ['FF_AUTH_FAILED', 'check connectors[0].auth'],
  },
  {
    name: 'a revoked refresh token',
    config: { auth: sb.oauthConfig('c1')['auth'] },
    env: { FLUENCYFLOW_SANDBOX_WORKDAY_REFRESH_TOKEN: 'rt-revoked' },
    check: ['Get_Workers', 'Workday refused the client or refresh token'],
    plan: ['FF_AUTH_FAILED', 'generate a new refresh token'],
  },
];

describe('workday misconfigurations: what check and plan say', () => {
  it('names the config path or the domain in check, and plan stops before any write', async () => {
    for (const c of cases()) {
      sb.setQuirks({ forbidRest: c.forbid ?? [] });
      const tenant: WorkdaySandbox = { ...sb, connectorConfig: (id) => ({ ...sb.connectorConfig(id), ...c.config }) };
      const engine = engineFor(tenant, org, { env: { ...sb.env, ...c.env } });
      try {
        const [checked] = await engine.check();
        const item = checked?.items.find((i) => i.name.startsWith(c.check[0]));
        expect(item?.ok, c.name).toBe(false);
        expect(item?.detail, c.name).toContain(c.check[1]);
        sb.resetStats();
        const err = await engine.plan().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, c.name).toMatchObject({ code: c.plan[0] });
        expect(String(err), c.name).toContain(c.plan[1]);
        expect(sb.stats().writes, c.name).toBe(0);
      } finally {
        await engine.close();
        sb.setQuirks({ forbidRest: [] });
      }
    }
  });

  it('the wrong grade source: check lists the values the field holds, plan stops before any write', async () => {
    const tenant: WorkdaySandbox = {
      ...sb,
      connectorConfig: (id) => ({ ...sb.connectorConfig(id), grade: 'managementLevel' }),
    };
    const engine = engineFor(tenant, org);
    try {
      const [checked] = await engine.check();
      const item = checked?.items.find((i) => i.name === 'grade source (connectors[0].grade: managementLevel)');
      expect(item?.detail).toContain('ML_Individual_Contributor');
      sb.resetStats();
      const err = await engine.plan().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'FF_CONFIG_INVALID', where: 'connectors[0].grade' });
      expect(String(err instanceof Error ? err.message : '')).toContain('ML_Individual_Contributor');
      expect(sb.stats().writes).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
