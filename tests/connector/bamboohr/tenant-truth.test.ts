/**
 * BambooHR on tenants it was not built against (DESIGN §9): each sandbox variation through the engine, values chosen
 * from the tenant's list and refused before any write, `check` naming each misconfiguration with its config path,
 * and two applies of the same changes at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bamboohrConnector } from '../../../connectors/bamboohr/index.js';
import { startBamboohrSandbox } from '../../../connectors/bamboohr/sandbox/index.js';
import type { RunningSandbox, TenantVariation } from '../../../src/connector.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';
import { FluencyError } from '../../../src/errors.js';
import type { Change } from '../../../schemas/index.js';
import { engineFor } from '../../helpers/engine.js';
import { pattern } from '../../helpers/pattern.js';
import {
  desiredGoal,
  GOAL_TITLE,
  makeContext,
  makeOrg,
  readAll,
  readOptions,
  startHarness,
  type Harness,
} from './helpers.js';

const TITLE = 'AI fluency development goal FY2027';
const orgFor = () =>
  generateSyntheticOrg({
    asOf: '2027-06-30',
    employees: 80,
    seed: 21,
    standardGoalTitle: TITLE,
    cycleEnd: '2027-12-31',
  });

/** The sandbox with extra keys in its connector block. */
const withConfig = (sandbox: RunningSandbox, extra: Record<string, unknown>): RunningSandbox => ({
  ...sandbox,
  connectorConfig: (id) => ({ ...sandbox.connectorConfig(id), ...extra }),
});

const failureOf = async (p: Promise<unknown>): Promise<FluencyError> => {
  const e: unknown = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof FluencyError)) throw new Error(`expected a FluencyError, got ${String(e)}`);
  return e;
};

let sandboxes: RunningSandbox[] = [];
let harness: Harness | undefined;
afterEach(async () => {
  for (const s of sandboxes) await s.close();
  await harness?.sandbox.close();
  sandboxes = [];
  harness = undefined;
});

const start = async (variations: readonly TenantVariation[] = []) => {
  const org = orgFor();
  const sandbox = await startBamboohrSandbox({ org, port: 0, variations });
  sandboxes.push(sandbox);
  return { org, sandbox };
};

describe('BambooHR tenant variations through the engine', () => {
  it('lists the variations its sandbox takes on', () => {
    expect([...bamboohrConnector.sandbox.variations].sort()).toEqual([
      'alternate-list-options',
      'reference-changed-after-as-of',
    ]);
  });

  it.each(bamboohrConnector.sandbox.variations)(
    '%s: plan, apply, plan again gives zero changes',
    async (variation) => {
      const { org, sandbox } = await start([variation]);
      const engine = engineFor(sandbox, org);
      try {
        const first = await engine.plan();
        expect(first.plan.changes.filter((c) => c.kind === 'eligibility').length).toBeGreaterThan(0);
        const applied = await engine.apply();
        expect(applied.result.failed).toBe(0);
        expect(applied.result.applied).toBe(first.plan.changes.length);
        const again = await engine.plan();
        expect(again.plan.changes).toEqual([]);
        const written = Object.values(sandbox.snapshot().eligibility).filter((f) => f.value !== null);
        expect(written.length).toBe(first.plan.changes.filter((c) => c.kind === 'eligibility').length);
      } finally {
        await engine.close();
      }
    },
    120_000,
  );

  it('alternate-list-options: discover shows the options chosen by meaning, never the archived one', async () => {
    const { org, sandbox } = await start(['alternate-list-options']);
    const engine = engineFor(sandbox, org);
    try {
      const [found] = await engine.discover();
      expect(found?.discovery.values.map((v) => [v.meaning, v.value, v.source])).toEqual([
        ['eligible', 'Yes', 'tenant'],
        ['not-eligible', 'No', 'tenant'],
      ]);
      expect(found?.discovery.values[0]?.from).toContain('/v1/meta/lists field 4402');
    } finally {
      await engine.close();
    }
  });

  it('reference-changed-after-as-of: grade and job family are the ones held on the as-of date', async () => {
    const { org, sandbox } = await start(['reference-changed-after-as-of']);
    const engine = engineFor(sandbox, org);
    try {
      const evaluation = await engine.evaluate();
      const changed = org.employees
        .filter((e) => e.status === 'active' && e.grade !== null)
        .filter((_, i) => i % 5 === 0);
      expect(changed.length).toBeGreaterThan(3);
      for (const e of changed) {
        const record = evaluation.records.find((r) => r.employee.id === e.id);
        const held = e.jobHistory
          .filter((j) => j.effectiveDate <= org.asOf)
          .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate))
          .pop();
        expect(record?.employee.grade, e.id).toBe(held?.grade ?? e.grade);
        expect(record?.employee.jobFamily, e.id).toBe(held?.jobFamily ?? e.jobFamily);
        expect(record?.employee.jobHistory.every((j) => j.effectiveDate <= org.asOf)).toBe(true);
      }
    } finally {
      await engine.close();
    }
  });
});

/** A typed list of tenant variations for the table below. */
const shapes = (...v: TenantVariation[]): TenantVariation[] => v;

describe('BambooHR values the tenant would refuse stop the plan before any write', () => {
  it.each([
    [shapes(), 'maybe', /"maybe" is not in the tenant's eligibility list .*valid: eligible, not-eligible$/],
    [
      shapes('alternate-list-options'),
      'eligible',
      /"eligible" is archived in the tenant's eligibility list .*valid: Yes, No, Under review$/,
    ],
  ])('variations %j, values.eligible "%s"', async (variations, value, said) => {
    const { org, sandbox } = await start(variations);
    const engine = engineFor(withConfig(sandbox, { values: { eligible: value } }), org);
    sandbox.resetStats();
    try {
      const e = await failureOf(engine.plan());
      expect(e.code).toBe('FF_TENANT_VALUE');
      expect(e.where).toBe('connectors[0].values.eligible');
      expect(e.message).toMatch(/^connectors\[0\]\.values\.eligible: /);
      expect(e.message).toMatch(said);
      expect(sandbox.stats().writes).toBe(0);
      // Nothing past the metadata was read either.
      expect(sandbox.stats().byRoute['POST reports/custom']).toBeUndefined();
    } finally {
      await engine.close();
    }
  });

  it('a configured value is matched in any case and written as the tenant spells it', async () => {
    const { org, sandbox } = await start(['alternate-list-options']);
    const engine = engineFor(withConfig(sandbox, { values: { eligible: 'yes', notEligible: 'UNDER REVIEW' } }), org);
    try {
      const [found] = await engine.discover();
      expect(found?.discovery.values.map((v) => [v.value, v.source])).toEqual([
        ['Yes', 'config'],
        ['Under review', 'config'],
      ]);
    } finally {
      await engine.close();
    }
  });
});

describe('BambooHR check names each misconfiguration and what to change', () => {
  const failing = async (overrides: Record<string, unknown>, quirks: Record<string, unknown> = {}) => {
    harness = await startHarness(makeOrg(30, 4), overrides);
    harness.sandbox.setQuirks(quirks);
    const items = await harness.session.check();
    return items.filter((i) => !i.ok);
  };

  it('a misspelt field: did you mean', async () => {
    const bad = await failing({
      fields: { eligibility: 'customAIFluencyEligibilty', reason: 'customAIFluencyReason' },
    });
    expect(bad).toEqual([
      {
        name: 'eligibility field',
        ok: false,
        detail: expect.stringMatching(
          pattern([
            /^connectors\[0\]\.fields\.eligibility: no field "customAIFluencyEligibilty" .* /,
            /Did you mean "customAIFluencyEligibility"\?/,
          ]),
        ),
      },
    ]);
  });

  it('wrong field types: the flag must be a list, the reason text', async () => {
    const bad = await failing({ fields: { eligibility: 'customAIFluencyReason', reason: 'hireDate' } });
    expect(bad.map((i) => i.name)).toEqual(['eligibility field', 'eligibility reason field']);
    expect(bad[0]?.detail).toMatch(
      pattern([
        /^connectors\[0\]\.fields\.eligibility: "AI Fluency Reason" .* is a textarea field; /,
        /the eligibility flag must be a list field/,
      ]),
    );
    expect(bad[1]?.detail).toMatch(
      pattern([
        /^connectors\[0\]\.fields\.reason: "Hire Date" .* is a date field; /,
        /the eligibility reason must be a textarea or text field/,
      ]),
    );
  });

  it('a missing table, and a table without the columns', async () => {
    const missing = await failing({ exceptionTable: 'customAIFluencyException' });
    expect(missing.map((i) => i.name)).toEqual(['exception table']);
    expect(missing[0]?.detail).toMatch(
      pattern([
        /^connectors\[0\]\.exceptionTable: no table "customAIFluencyException" .*/,
        /Did you mean "customAIFluencyExceptions"\?/,
      ]),
    );
    await harness?.sandbox.close();
    const columns = await failing({ exceptionTable: 'employmentStatus' });
    expect(columns[0]?.detail).toMatch(
      pattern([
        /table "employmentStatus" has no column "customPromotionFrom"; /,
        /no column "customPromotionTo"; no column "customNote"/,
      ]),
    );
  });

  it('a list option the field lacks', async () => {
    const bad = await failing({ values: { notEligible: 'ineligible' } });
    expect(bad).toEqual([
      {
        name: 'eligibility options',
        ok: false,
        detail: expect.stringMatching(
          /^connectors\[0\]\.values\.notEligible: "ineligible" is not in .*valid: eligible, not-eligible$/,
        ),
      },
    ]);
  });

  it('missing permissions: an unreadable field, goals not enabled', async () => {
    const bad = await failing({}, { dropField: 'customAIFluencyReason', goalsDisabled: true });
    expect(bad.map((i) => i.name)).toEqual(['field permissions', 'goals']);
    expect(bad[0]?.detail).toContain('cannot read customAIFluencyReason');
    expect(bad[0]?.detail).toContain('connectors[0].auth.apiKey');
    expect(bad[1]?.detail).toMatch(
      /Goals are not enabled for the company, or the user of connectors\[0\]\.auth\.apiKey lacks goal permissions/,
    );
  });

  it('a wrong company domain, a wrong key', async () => {
    harness = await startHarness(makeOrg(10, 4));
    const gateway = harness.sandbox.baseUrl.replace(/\/api\/$/, '/api/gateway.php/nosuch/');
    const elsewhere = bamboohrConnector.create(
      bamboohrConnector.configSchema.parse({
        ...harness.sandbox.connectorConfig('sub'),
        companyDomain: 'nosuch',
        baseUrl: gateway,
      }),
      makeContext(),
    );
    expect(await elsewhere.check()).toEqual([
      {
        name: 'company domain',
        ok: false,
        detail: expect.stringMatching(/^connectors\[0\]\.baseUrl: no BambooHR API for company "nosuch" at .*HTTP 404/),
      },
    ]);
    process.env.FF_TEST_BAMBOO_WRONG_KEY = 'a'.repeat(40);
    const refused = bamboohrConnector.create(
      bamboohrConnector.configSchema.parse({
        ...harness.sandbox.connectorConfig('sub'),
        auth: { apiKey: { env: 'FF_TEST_BAMBOO_WRONG_KEY' } },
      }),
      makeContext(),
    );
    const [item] = await refused.check();
    expect(item).toEqual({
      name: 'API key',
      ok: false,
      detail: expect.stringMatching(/^connectors\[0\]\.auth\.apiKey: BambooHR did not accept the API key/),
    });
    expect(item?.detail).not.toContain('a'.repeat(40));
  });
});

describe('BambooHR creates look up their marker first', () => {
  it('two engines applying at once leave one goal and one note per employee, and nothing left to plan', async () => {
    const { org, sandbox } = await start();
    const [a, b] = [engineFor(sandbox, org), engineFor(sandbox, org)];
    try {
      const [ra, rb] = await Promise.all([a.apply(), b.apply()]);
      expect(ra.result.failed + rb.result.failed).toBe(0);
      expect(ra.result.applied).toBeGreaterThan(0);
      const again = await a.plan();
      expect(again.plan.changes).toEqual([]);
      const snap = sandbox.snapshot();
      for (const [id, goals] of Object.entries(snap.goals))
        expect(goals.filter((g) => g.title === TITLE && !g.closed).length, id).toBeLessThanOrEqual(1);
      for (const [id, notes] of Object.entries(snap.exceptionNotes))
        expect(new Set(notes.map((n) => `${n.promotionDate}|${n.toGrade}`)).size, id).toBe(notes.length);
    } finally {
      await a.close();
      await b.close();
    }
  }, 600_000);

  it('two applies of the same changes at once create no duplicate goal and no duplicate note', async () => {
    const org = makeOrg(40, 12);
    harness = await startHarness(org);
    const records = await readAll(harness.session);
    const fresh = records.filter((r) => r.employee.status === 'active' && r.current.goals.length === 0).slice(0, 8);
    expect(fresh.length).toBe(8);
    const changes: Change[] = fresh.flatMap((r): Change[] => [
      {
        key: `g-${r.employee.id}`,
        connector: 'sub',
        employeeId: r.employee.id,
        kind: 'goal',
        action: 'create',
        reason: 't',
        before: null,
        after: desiredGoal(r.employee.id, 30),
      },
      {
        key: `n-${r.employee.id}`,
        connector: 'sub',
        employeeId: r.employee.id,
        kind: 'exception-note',
        action: 'create',
        reason: 't',
        before: null,
        after: { promotionDate: '2026-09-01', fromGrade: 'G2', toGrade: 'G3', note: 'justification required' },
      },
    ]);
    const session = () =>
      bamboohrConnector.create(
        bamboohrConnector.configSchema.parse(harness?.sandbox.connectorConfig('sub')),
        makeContext(),
      );
    const [a, b] = await Promise.all([session().apply(changes, readOptions), session().apply(changes, readOptions)]);
    expect([...(a ?? []), ...(b ?? [])].filter((o) => o.outcome === 'failed')).toEqual([]);
    const snap = harness.sandbox.snapshot();
    for (const r of fresh) {
      expect(
        (snap.goals[r.employee.id] ?? []).filter((g) => g.title === GOAL_TITLE),
        r.employee.id,
      ).toHaveLength(1);
      expect(snap.exceptionNotes[r.employee.id] ?? [], r.employee.id).toHaveLength(1);
    }
    // And a third apply, after both, adopts what is there instead of creating.
    harness.sandbox.resetStats();
    const third = await session().apply(changes, readOptions);
    expect(third.map((o) => o.outcome)).toEqual(changes.map((c) => (c.kind === 'goal' ? 'applied' : 'noop')));
    expect(harness.sandbox.stats().byRoute['POST goals'] ?? 0).toBe(0);
    expect(harness.sandbox.stats().byRoute['POST tables'] ?? 0).toBe(0);
  }, 600_000);
});
