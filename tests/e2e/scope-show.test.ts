import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bamboohrConnector } from '../../connectors/bamboohr/index.js';
import type { RunningSandbox, SandboxSnapshot } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { CLI_TEST_TIMEOUT, normalised, runCli, workspaceFor } from '../helpers/cli.js';

const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: 150, seed: 8, standardGoalTitle: 'AI fluency development goal FY2027', cycleEnd: '2027-12-31' });
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await bamboohrConnector.sandbox.start({ org, port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

/** The ids of employees whose goals, flag or notes differ between two snapshots. */
const changedIds = (a: SandboxSnapshot, b: SandboxSnapshot): string[] => {
  const x = normalised(a);
  const y = normalised(b);
  const ids = new Set([...Object.keys(y.goals), ...Object.keys(y.eligibility), ...Object.keys(y.exceptionNotes)]);
  const same = (id: string) =>
    JSON.stringify([x.goals[id] ?? [], x.eligibility[id] ?? null, x.exceptionNotes[id] ?? []]) ===
    JSON.stringify([y.goals[id] ?? [], y.eligibility[id] ?? null, y.exceptionNotes[id] ?? []]);
  return [...ids].filter((id) => !same(id));
};

describe('pilot scopes through the CLI', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('a one-department scope writes only there, widening it writes only the rest, a typo gets a suggestion', async () => {
    const ws = workspaceFor(sandbox, org);
    const run = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    const counts = new Map<string, number>();
    for (const e of org.employees) if (e.department) counts.set(e.department, (counts.get(e.department) ?? 0) + 1);
    const [dept] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (!dept) throw new Error('fixture: no department');
    const deptOf = new Map(org.employees.map((e) => [e.id, e.department]));
    const before = sandbox.snapshot();

    const planFile = join(ws.dir, 'pilot.json');
    const plan = await run(['plan', '--scope', `department=${dept}`, '--out', planFile]);
    expect(plan.code, plan.stderr).toBe(2);
    const outside = org.employees.length - (counts.get(dept) ?? 0);
    expect(plan.stdout).toContain(`scope           department=${dept}: ${outside} employees out of scope (not written)`);

    // A plan made under one scope is stale for a run under another.
    const other = await run(['apply', planFile, '--yes']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`the plan was made for another scope (department=${dept}; now everyone)`);
    expect(changedIds(before, sandbox.snapshot())).toEqual([]);

    const pilot = await run(['apply', planFile, '--yes', '--scope', `department=${dept}`]);
    expect(pilot.code, pilot.stderr).toBe(0);
    const afterPilot = sandbox.snapshot();
    const first = changedIds(before, afterPilot);
    expect(first.length).toBeGreaterThan(0);
    expect(first.filter((id) => deptOf.get(id) !== dept)).toEqual([]);
    const status = await run(['status']);
    expect(status.stdout).toContain(`scope department=${dept}, ${outside} out of scope`);

    const widened = await run(['apply', '--yes']);
    expect(widened.code, widened.stderr).toBe(0);
    const second = changedIds(afterPilot, sandbox.snapshot());
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((id) => deptOf.get(id) === dept)).toEqual([]);

    const typo = await run(['plan', '--scope', `department=${dept.slice(0, -1)}`]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`matches nobody of the ${org.employees.length} employees read`);
    expect(typo.stderr).toContain(`(did you mean "${dept}"?)`);
  });
});
