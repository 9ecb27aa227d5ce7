import { describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import { FluencyError } from '../../src/errors.js';
import { suiteSandbox } from '../helpers/suite-sandbox.js';
import { engineFor } from '../helpers/engine.js';

/**
 * One suite, run against every registered connector and its sandbox, through the connector interface only
 * (the engine drives it exactly as the CLI does).
 */
describe.each(Object.keys(connectors))('connector contract: %s', (type) => {
  const { org, sandbox } = suiteSandbox(type, { employees: 120, seed: 11 });

  it('check passes on a correctly set-up tenant', async () => {
    const engine = engineFor(sandbox(), org);
    try {
      const results = await engine.check();
      const [result] = results;
      expect(result?.items.length).toBeGreaterThan(0);
      expect(result?.items.filter((i) => !i.ok)).toEqual([]);
      expect(result?.items.map((i) => i.name)).toEqual(expect.arrayContaining(['grades', 'values written']));
      // The engine's own group: the policy's names exist in the tenant, evidence files (none here) are fine.
      const setup = results.find((r) => r.connector === 'setup');
      expect(setup?.items.filter((i) => !i.ok)).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('reads every employee once, with grades and statuses', async () => {
    const engine = engineFor(sandbox(), org);
    try {
      const ev = await engine.evaluate();
      const ids = ev.records.map((r) => r.employee.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(org.employees.length);
      const active = ev.records.filter((r) => r.employee.status === 'active').length;
      expect(active).toBe(org.employees.filter((e) => e.status === 'active').length);
      expect(ev.records.filter((r) => r.employee.grade === null).length).toBeLessThan(org.employees.length / 10);
    } finally {
      await engine.close();
    }
  });

  it('plan, apply, plan again: zero changes; a second apply writes nothing', async () => {
    const engine = engineFor(sandbox(), org);
    try {
      const first = await engine.plan();
      expect(first.plan.summary.create).toBeGreaterThan(0);
      const applied = await engine.apply();
      expect(applied.result.failed).toBe(0);
      expect(applied.result.applied).toBe(first.plan.changes.length);
      const again = await engine.plan();
      expect(again.plan.changes).toEqual([]);
      sandbox().resetStats();
      const second = await engine.apply();
      expect(second.result.applied).toBe(0);
      expect(sandbox().stats().writes).toBe(0);
      // Every judged employee has exactly one fluency goal for the cycle.
      const snap = sandbox().snapshot();
      for (const r of again.records) {
        if (
          r.employee.status !== 'active' ||
          again.decisions.find((d) => d.evaluation.employeeId === r.employee.id)?.evaluation.unjudged
        )
          continue;
        const goals = (snap.goals[r.employee.id] ?? []).filter(
          (g) => g.title === 'AI fluency development goal FY2027' && !g.closed,
        );
        expect(goals, `employee ${r.employee.id}`).toHaveLength(1);
      }
      // Nothing was written for inactive or terminated people.
      for (const e of org.employees.filter((x) => x.status !== 'active')) {
        expect(snap.eligibility[e.id]?.value ?? null).toBeNull();
        expect(snap.exceptionNotes[e.id] ?? []).toEqual([]);
      }
    } finally {
      await engine.close();
    }
  });

  it('wrong credentials fail with FF_AUTH_FAILED and the secret appears nowhere', async () => {
    const bad = Object.fromEntries(Object.keys(sandbox().env).map((k) => [k, `wrong-${k}-value-1234567890`]));
    const engine = engineFor(sandbox(), org, { env: bad });
    try {
      const err: unknown = await engine.evaluate().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FluencyError);
      if (!(err instanceof FluencyError)) return;
      expect(['FF_AUTH_FAILED', 'FF_FORBIDDEN']).toContain(err.code);
      const text = `${JSON.stringify(err)} ${err.message} ${String(err.stack)}`;
      for (const v of Object.values(bad)) expect(text).not.toContain(v);
    } finally {
      await engine.close();
    }
  });
});
