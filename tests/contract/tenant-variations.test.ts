import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox, TenantValueChoice, TenantVariation } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { FluencyError } from '../../src/errors.js';
import { engineFor } from '../helpers/engine.js';

/**
 * Tenant truth (DESIGN §9), through the connector interface only: every tenant variation a sandbox can take on is
 * run against its connector, so a new connector inherits the cases by listing them in `sandbox.variations`.
 */
const GOAL = 'AI fluency development goal FY2027';
const cases = Object.entries(connectors).flatMap(([type, def]) =>
  def.sandbox.variations.map((v): [string, TenantVariation] => [type, v]),
);

/** The list each variation changes: its values must have been read from the tenant, not taken on trust. */
const listOf: Partial<Record<TenantVariation, string>> = {
  'alternate-goal-states': 'goal status',
  'alternate-list-options': 'eligibility',
};
const sourcesOf = (values: readonly TenantValueChoice[], list: string): string[] =>
  values.filter((v) => v.list === list).map((v) => v.source);

describe.runIf(cases.length > 0).each(cases)('tenant variation on %s: %s', (type, variation) => {
  const def = connectors[type];
  if (!def) throw new Error(type);
  const org = generateSyntheticOrg({
    asOf: '2027-06-30',
    employees: 120,
    seed: 23,
    standardGoalTitle: GOAL,
    cycleEnd: '2027-12-31',
  });
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await def.sandbox.start({ org, port: 0, variations: [variation] });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('a value the tenant lacks stops plan before any write, naming the config path and the valid values', async () => {
    // Override the first value the tenant lets the connector check (a list read from the tenant) with a bogus one.
    const probe = engineFor(sandbox, org);
    const [{ discovery } = { discovery: null }] = await probe.discover().finally(() => probe.close());
    const checked = discovery?.values.find((v) => v.source !== 'unchecked');
    expect(checked, 'a tenant list the connector reads').toBeDefined();
    if (checked === undefined) return;
    const path = checked.configPath.replace(/^connectors\[0\]\./, '').split('.');
    const override = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), 'surely-not-an-option');
    const connector =
      typeof override === 'object' && override !== null ? Object.fromEntries(Object.entries(override)) : {};
    const engine = engineFor(sandbox, org, { connector });
    try {
      sandbox.resetStats();
      const err: unknown = await engine.plan().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FluencyError);
      if (!(err instanceof FluencyError)) return;
      expect(err.code).toBe('FF_TENANT_VALUE');
      expect(err.where).toBe(checked.configPath);
      expect(err.message).toContain('surely-not-an-option');
      expect(err.message).toMatch(/valid: /);
      expect(sandbox.stats().writes).toBe(0);
      const [result] = await engine.check();
      // The connector's own check or the engine's "values written" item fails, naming the config path.
      const failed = (result?.items ?? []).filter((i) => !i.ok);
      expect(
        failed.some((i) => i.detail.includes(checked.configPath) && i.detail.includes('surely-not-an-option')),
      ).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('plan, apply, plan again gives zero changes; one goal each; the flags are the tenant values the policy chose', async () => {
    const engine = engineFor(sandbox, org);
    try {
      const [{ discovery } = { discovery: null }] = await engine.discover();
      const values = discovery?.values ?? [];
      const list = listOf[variation];
      if (list !== undefined) {
        expect(sourcesOf(values, list).length).toBeGreaterThan(0);
        expect(new Set(sourcesOf(values, list))).toEqual(new Set(['tenant']));
      }
      const first = await engine.plan();
      expect(first.plan.summary.create).toBeGreaterThan(0);
      const applied = await engine.apply();
      expect(applied.result.failed).toBe(0);
      const again = await engine.plan();
      expect(again.plan.changes).toEqual([]);
      const snap = sandbox.snapshot();
      for (const d of again.decisions) {
        const e = d.evaluation;
        if (e.unjudged !== null) continue;
        const open = (snap.goals[e.employeeId] ?? []).filter((g) => g.title === GOAL && !g.closed);
        expect(open, `goals of ${e.employeeId}`).toHaveLength(1);
        const meaning = d.desired.eligibility?.value;
        if (meaning === undefined) continue;
        // Snapshots are canonical: the sandbox maps the tenant's option back to what it means.
        expect(snap.eligibility[e.employeeId]?.value, `flag of ${e.employeeId}`).toBe(meaning);
      }
      if (variation === 'multi-family-profiles') {
        const multi = again.decisions.filter(
          (d) => d.evaluation.jobFamilies.length > 1 && d.evaluation.unjudged === null,
        );
        expect(multi.length).toBeGreaterThan(0);
        // "expert for job families [Data Science]" matches when any of the profile's families is Data Science.
        for (const d of multi.filter((x) => x.evaluation.jobFamilies.includes('Data Science')))
          expect(d.evaluation.levelExpected, d.evaluation.employeeId).toBe('expert');
      }
      if (variation === 'reference-changed-after-as-of') {
        // Reads are as of D: the changes the tenant holds for later dates are not seen.
        const byId = new Map(org.employees.map((e) => [e.id, e]));
        for (const r of again.records) expect(r.employee.grade, r.employee.id).toBe(byId.get(r.employee.id)?.grade);
      }
    } finally {
      await engine.close();
    }
  });
});

describe('tenant variations are declared', () => {
  it('every connector sandbox lists only known variations', () => {
    const known = new Set<string>([
      'alternate-goal-states',
      'alternate-list-options',
      'multi-family-profiles',
      'reference-changed-after-as-of',
    ]);
    for (const def of Object.values(connectors))
      for (const v of def.sandbox.variations) expect(known.has(v), v).toBe(true);
  });
});
