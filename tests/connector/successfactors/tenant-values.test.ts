/**
 * Tenant truth (DESIGN §9) on SuccessFactors tenants the connector was not built against: each sandbox variation
 * through the engine (plan, apply, plan again), the values it writes, the config overrides it refuses before any
 * write, and what `check` names for each set-up mistake.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startSuccessFactorsSandbox,
  type SuccessFactorsSandbox,
} from '../../../connectors/successfactors/sandbox/index.js';
import type { RunningSandbox, TenantVariation } from '../../../src/connector.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';
import { FluencyError } from '../../../src/errors.js';
import { engineFor } from '../../helpers/engine.js';
import { AS_OF, makeOrg, readAll, sessionFor, startWith } from './harness.js';

const TITLE = 'AI fluency development goal FY2027';
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 60,
  seed: 11,
  standardGoalTitle: TITLE,
  cycleEnd: '2027-12-31',
});

const started: SuccessFactorsSandbox[] = [];
const start = async (variations: readonly TenantVariation[] = []): Promise<SuccessFactorsSandbox> => {
  const sb = await startSuccessFactorsSandbox({ org, variations });
  started.push(sb);
  return sb;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

/** The sandbox, with connector blocks that carry these overrides. */
const withConfig = (sb: RunningSandbox, over: Record<string, unknown>): RunningSandbox => ({
  ...sb,
  connectorConfig: (id) => ({ ...sb.connectorConfig(id), ...over }),
});

type Body = Record<string, unknown>;
const isBody = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every goal state and eligibility code the connector sent (goal creates, goal and flag upserts). */
const written = (sb: SuccessFactorsSandbox) => {
  const states = new Set<string>();
  const codes = new Set<string>();
  for (const r of sb.requests()) {
    const batch = r.path.endsWith('/upsert') && Array.isArray(r.body);
    const records = batch && Array.isArray(r.body) ? r.body.filter(isBody) : isBody(r.body) ? [r.body] : [];
    for (const rec of records) {
      if (typeof rec.state === 'string') states.add(rec.state);
      if (typeof rec.cust_eligible === 'string') codes.add(rec.cust_eligible);
    }
  }
  return { states: [...states].sort(), codes: [...codes].sort() };
};

const rejection = async (run: () => Promise<unknown>): Promise<FluencyError> => {
  const err: unknown = await run().then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof FluencyError)) throw new Error(`expected a FluencyError, got ${String(err)}`);
  return err;
};

/** Plan, apply, plan again through the engine; the first plan's changes as comparable keys. */
const roundTrip = async (sb: SuccessFactorsSandbox) => {
  const engine = engineFor(sb, org);
  try {
    const first = await engine.plan();
    const applied = await engine.apply();
    const again = await engine.plan();
    const discovery = (await engine.discover())[0]?.discovery;
    return {
      changes: first.plan.changes.map((c) => `${c.kind}:${c.action}:${c.employeeId}`).sort(),
      failed: applied.result.failed,
      applied: applied.result.applied,
      againCount: again.plan.changes.length,
      records: again.records,
      discovery,
    };
  } finally {
    await engine.close();
  }
};

describe('SuccessFactors tenant variations through the engine', () => {
  const DEFAULT_VALUES = { states: ['Behind', 'Completed', 'On Track'], codes: ['eligible', 'not-eligible'] };
  it.each<[TenantVariation, { states: string[]; codes: string[] }]>([
    ['alternate-goal-states', { states: ['achieved', 'behind', 'on-track'], codes: ['eligible', 'not-eligible'] }],
    ['alternate-list-options', { states: ['Behind', 'Completed', 'On Track'], codes: ['N', 'Y'] }],
    ['reference-changed-after-as-of', DEFAULT_VALUES],
  ])('%s: plan, apply, plan: 0 changes, the default tenant plan, its values', async (variation, tenantValues) => {
    const baseline = await roundTrip(await start());
    const sb = await start([variation]);
    const got = await roundTrip(sb);
    expect(got.changes.length).toBeGreaterThan(0);
    expect(got.changes).toEqual(baseline.changes);
    expect(got.failed).toBe(0);
    expect(got.applied).toBe(got.changes.length);
    expect(got.againCount).toBe(0);
    const sent = written(sb);
    // Only the tenant's own values were written, and within them only the ones plans here need.
    for (const s of sent.states) expect(tenantValues.states).toContain(s);
    expect(sent.codes).toEqual(tenantValues.codes);
    expect(sent.states.length).toBeGreaterThan(0);
    // discover shows what was chosen and where from.
    const values = got.discovery?.values ?? [];
    expect(values.map((v) => v.meaning).sort()).toEqual(['achieved', 'behind', 'eligible', 'not-eligible', 'on-track']);
    expect(values.every((v) => v.source === 'tenant')).toBe(true);
    expect(tenantValues.states).toContain(values.find((v) => v.meaning === 'achieved')?.value);
  });

  it('reference-changed-after-as-of: grades, levels, job families as of D, not as of the tenant today', async () => {
    const sb = await start(['reference-changed-after-as-of']);
    const got = await roundTrip(sb);
    expect(got.discovery?.grades.map((g) => g.id).slice(0, 3)).toEqual(['G1', 'G2', 'G3']);
    expect(got.discovery?.grades.every((g) => !g.name.includes('restructured'))).toBe(true);
    const families = new Set(got.records.map((r) => r.employee.jobFamily));
    expect([...families].some((f) => f?.includes('renamed'))).toBe(false);
    const read = new Set(got.records.map((r) => r.employee.id));
    expect(families).toEqual(new Set(org.employees.filter((e) => read.has(e.id)).map((e) => e.jobFamily)));
    // The same tenant read as of its own today sees the restructured grades: the variation is real.
    const today = sessionFor(sb, { asOf: '2027-08-29' });
    const later = await today.discover();
    expect(later.grades.some((g) => g.name.includes('restructured'))).toBe(true);
    expect(later.grades[0]?.id).not.toBe('G1');
  });
});

describe('reference data changed before D', () => {
  it('the current job family is the job code as of D; history keeps each slice its own', async () => {
    const sb = await startWith({ referenceChangeDays: -10 }, 40);
    started.push(sb);
    const records = await readAll(sessionFor(sb));
    const byId = new Map(makeOrg(40).employees.map((e) => [e.id, e]));
    const current = records.filter((r) => r.employee.jobHistory.length > 0);
    expect(current.length).toBeGreaterThan(0);
    for (const r of current) {
      expect(r.employee.jobFamily).toBe(`${byId.get(r.employee.id)?.jobFamily ?? 'General'} (renamed)`);
    }
    const changedOn = AS_OF.replace('03-01', '02-19');
    const early = current.flatMap((r) => r.employee.jobHistory).filter((h) => h.effectiveDate < changedOn);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((h) => !(h.jobFamily ?? '').includes('renamed'))).toBe(true);
  });
});

describe('config values the tenant does not have stop the run before any write', () => {
  it('a goal state not in the plan: FF_TENANT_VALUE naming the path and the valid states; 0 writes', async () => {
    const sb = await start(['alternate-goal-states']);
    const engine = engineFor(withConfig(sb, { values: { goalStatus: { achieved: 'Completed' } } }), org);
    try {
      sb.resetStats();
      const err = await rejection(() => engine.plan());
      expect(err.code).toBe('FF_TENANT_VALUE');
      expect(err.where).toBe('connectors[0].values.goalStatus.achieved');
      expect(err.message).toContain('connectors[0].values.goalStatus.achieved: "Completed" is not in');
      expect(err.message).toContain('valid: not-started, on-track, behind, achieved, abandoned (Cancelled)');
      expect((await rejection(() => engine.apply())).code).toBe('FF_TENANT_VALUE');
      expect(sb.stats().writes).toBe(0);
      expect(sb.stats().byRoute['GET User']).toBeUndefined();
    } finally {
      await engine.close();
    }
  });

  it('an eligibility value not among the picklist options, or an inactive one: FF_TENANT_VALUE; 0 writes', async () => {
    const sb = await start(['alternate-list-options']);
    for (const [key, value, words] of [
      ['notEligible', 'ineligible', 'is not in'],
      ['eligible', 'Pending review', 'is archived in'],
    ] as const) {
      const engine = engineFor(withConfig(sb, { values: { [key]: value } }), org);
      try {
        sb.resetStats();
        const err = await rejection(() => engine.apply());
        expect(err.code).toBe('FF_TENANT_VALUE');
        expect(err.message).toContain(`connectors[0].values.${key}: "${value}" ${words} the tenant's eligibility list`);
        expect(err.message).toContain('valid: Y (Eligible), N (Not eligible)');
        expect(sb.stats().writes).toBe(0);
      } finally {
        await engine.close();
      }
    }
  });

  it('an override in the tenant is used as the tenant spells it', async () => {
    const sb = await start(['alternate-goal-states']);
    const values = { goalStatus: { behind: 'BEHIND' }, closedStates: ['cancelled'] };
    const session = sessionFor(sb, { over: { values } });
    const choices = await session.resolveValues();
    expect(choices.find((c) => c.meaning === 'behind')).toMatchObject({
      value: 'behind',
      source: 'config',
      configPath: 'connectors[0].values.goalStatus.behind',
    });
    expect(choices.find((c) => c.meaning === 'achieved')).toMatchObject({ value: 'achieved', source: 'tenant' });
  });
});

describe('check names each set-up mistake before any plan', () => {
  const detailOf = (items: { name: string; detail: string; ok: boolean }[], name: string) => {
    const it = items.find((i) => i.name === name);
    expect(it, name).toBeDefined();
    expect(it?.ok, name).toBe(false);
    return it?.detail ?? '';
  };

  it('wrong goal plan: lists the plans found', async () => {
    const sb = await startWith({}, 10);
    started.push(sb);
    const items = await sessionFor(sb, { over: { goalPlanId: 9 } }).check();
    expect(detailOf(items, 'goal plan 9')).toBe(
      'FF_SETUP_MISSING: connectors[0].goalPlanId: goal plan 9 is not in the tenant (plans the API user sees: ' +
        '1 "Legacy Goal Plan", 3 "2027 Goal Plan"); set goalPlanId to one of them',
    );
  });

  it('unresolvable states and category, missing picklist option', async () => {
    const sb = await start(['alternate-goal-states', 'alternate-list-options']);
    const over = {
      values: { goalStatus: { achieved: 'Completed' }, eligible: 'yes-please' },
      goalCategory: 'Innovation',
    };
    const items = await sessionFor(sb, { over }).check();
    expect(detailOf(items, 'goal states')).toMatch(
      /^FF_TENANT_VALUE: connectors\[0\]\.values\.goalStatus\.achieved: "Completed" is not in the tenant's goal status/,
    );
    expect(detailOf(items, 'goal category')).toBe(
      'FF_TENANT_VALUE: connectors[0].goalCategory: "Innovation" is not a category of goal plan 3 (GoalEnum ' +
        'category); valid: Learning and Growth, Customer, Financial',
    );
    expect(detailOf(items, 'eligibility values')).toMatch(
      /^FF_TENANT_VALUE: connectors\[0\]\.values\.eligible: "yes-please" is not in .*valid: Y \(Eligible\), N \(Not/,
    );
    const failed = items.filter((i) => !i.ok).map((i) => i.name);
    expect(failed.sort()).toEqual(['eligibility values', 'goal category', 'goal states']);
  });

  it('missing custom fields, wrong field types and missing write permissions', async () => {
    const sb = await startWith({ missingFields: ['cust_reason'], fieldTypes: { cust_promotionDate: 'String' } }, 10);
    started.push(sb);
    let items = await sessionFor(sb).check();
    expect(detailOf(items, 'MDF object cust_AIFluencyEligibility')).toBe(
      'FF_SETUP_MISSING: connectors[0].mdfObject: cust_AIFluencyEligibility lacks the field(s) cust_reason; ' +
        'add them to the object definition',
    );
    expect(detailOf(items, 'MDF object cust_AIFluencyException')).toBe(
      'FF_SETUP_MISSING: connectors[0].exceptionObject: cust_AIFluencyException has fields of the wrong type: ' +
        'cust_promotionDate is Edm.String, expected Edm.DateTime',
    );
    sb.setQuirks({ missingFields: [], fieldTypes: { cust_eligible: 'Boolean' } });
    items = await sessionFor(sb).check();
    expect(detailOf(items, 'eligibility values')).toMatch(/cust_eligible is Edm.Boolean; it must be a picklist field/);
    sb.setQuirks({ fieldTypes: {}, readOnlyEntities: ['cust_AIFluencyEligibility', 'Goal_3'] });
    items = await sessionFor(sb).check();
    expect(detailOf(items, 'goal plan 3 write permissions')).toMatch(
      /^FF_FORBIDDEN: connectors\[0\]\.auth\.userId: the API user sfapi may not create Goal_3 \(sap:creatable/,
    );
    expect(detailOf(items, 'MDF object cust_AIFluencyEligibility')).toMatch(
      /^FF_FORBIDDEN: connectors\[0\]\.auth\.userId: the API user sfapi may not upsert cust_AIFluencyEligibility/,
    );
    expect(items.filter((i) => !i.ok)).toHaveLength(2);
  });

  it('wrong company id or a key that no longer matches the registered certificate', async () => {
    const sb = await startWith({}, 10);
    started.push(sb);
    const [company] = await sessionFor(sb, { over: { companyId: 'SANDBOX2' } }).check();
    expect(company?.detail).toBe(
      'FF_AUTH_FAILED: SuccessFactors refused the token request (400): Invalid company_id; ' +
        'check connectors[0].companyId',
    );
    // A key of its own: the sandboxes of one process share theirs (connectors/successfactors/sandbox/auth.ts).
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const env = { ...sb.env, FLUENCYFLOW_SANDBOX_SF_KEY: other };
    const [key] = await sessionFor(sb, { env }).check();
    expect(key?.detail).toMatch(/^FF_AUTH_FAILED: SuccessFactors refused the token request \(401\): .*does not match/);
    expect(key?.detail).toMatch(/; check connectors\[0\]\.auth\.privateKey$/);
  });
});

describe('plan says what check says, before any write', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string, string]>([
    ['wrong goal plan', {}, { goalPlanId: 9 }, 'FF_SETUP_MISSING', 'connectors[0].goalPlanId: goal plan 9 is not in'],
    [
      'missing custom field',
      { missingFields: ['cust_reason'] },
      {},
      'FF_SETUP_MISSING',
      'connectors[0].mdfObject: cust_AIFluencyEligibility lacks the field(s) cust_reason',
    ],
    [
      'wrong field type',
      { fieldTypes: { cust_promotionDate: 'String' } },
      {},
      'FF_SETUP_MISSING',
      'connectors[0].exceptionObject: cust_AIFluencyException has fields of the wrong type: cust_promotionDate ' +
        'is Edm.String, expected Edm.DateTime',
    ],
    [
      'wrong company id',
      {},
      { companyId: 'OTHER' },
      'FF_AUTH_FAILED',
      'SuccessFactors refused the token request (400): Invalid company_id; check connectors[0].companyId',
    ],
  ])('%s', async (_name, quirks, over, code, words) => {
    const sb = await startSuccessFactorsSandbox({ org, quirks });
    started.push(sb);
    const engine = engineFor(withConfig(sb, over), org);
    try {
      const err = await rejection(() => engine.plan());
      expect(err.code).toBe(code);
      expect(err.message).toContain(words);
      expect(sb.stats().writes).toBe(0);
      expect(sb.stats().byRoute['GET User']).toBeUndefined();
    } finally {
      await engine.close();
    }
  });

  it('missing write permissions: plan stops before any write, naming what to grant', async () => {
    const sb = await startSuccessFactorsSandbox({ org, quirks: { readOnlyEntities: ['cust_AIFluencyEligibility'] } });
    started.push(sb);
    const engine = engineFor(sb, org);
    try {
      const err = await rejection(() => engine.plan());
      expect(err.code).toBe('FF_FORBIDDEN');
      expect(err.message).toBe(
        'connectors[0].auth.userId: the API user sfapi may not upsert cust_AIFluencyEligibility ' +
          '(fields externalCode, cust_eligible, cust_reason) (per cust_AIFluencyEligibility/$metadata); ' +
          'grant it edit rights on the object in its permission role',
      );
      expect(sb.stats().writes).toBe(0);
      expect(sb.stats().byRoute['GET User']).toBeUndefined();
    } finally {
      await engine.close();
    }
  });
});
