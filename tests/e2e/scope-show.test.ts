import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bamboohrConnector } from '../../connectors/bamboohr/index.js';
import { successfactorsConnector } from '../../connectors/successfactors/index.js';
import { workdayConnector } from '../../connectors/workday/index.js';
import type { RunningSandbox, SandboxSnapshot } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { bin, childEnv, CLI_TEST_TIMEOUT, normalised, runCli, workspaceFor } from '../helpers/cli.js';

/** Runs the CLI on a pseudo-terminal (util-linux `script`) and answers its question with `answer`. */
const onTerminal = (args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; answer: string }) =>
  new Promise<{ code: number | null; output: string }>((done, fail) => {
    const command = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const env = childEnv({ ...o.env, NO_COLOR: '1' });
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: o.cwd, env });
    let output = '';
    let asked = false;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (!asked && output.includes('[y/N]')) {
        asked = true;
        child.stdin.write(`${o.answer}\n`);
      }
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, output: output.replace(/\r/g, '') }));
  });

// 60 people: the largest department (16) is the pilot and the other 44 are the rest; no assertion needs more (no
// paging: nothing here is about reading, and the HRIS test files page through larger organisations).
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 60,
  seed: 8,
  standardGoalTitle: 'AI fluency development goal FY2027',
  cycleEnd: '2027-12-31',
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

const HRIS = [bamboohrConnector, successfactorsConnector, workdayConnector];

describe.each(HRIS.map((c) => [c.type, c] as const))('pilot scopes through the CLI: %s', (_type, connector) => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await connector.sandbox.start({ org, port: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it(
    'a one-department scope writes only there, widening writes only the rest, a typo gets a suggestion',
    { timeout: CLI_TEST_TIMEOUT },
    async () => {
      // Targets nobody can miss: `status --fail-below` passes here (it fails in the next test).
      const ws = workspaceFor(sandbox, org, { thresholds: { goalCoverage: 0, practitioner: 0 } });
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
      expect(plan.stdout).toContain(`department=${dept}: ${outside} employees out of scope (not written)`);

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
      // Someone outside the pilot: explain says why nothing is written for them.
      const stranger = org.employees.find((e) => deptOf.get(e.id) !== dept);
      const why = await run(['explain', `sub/${stranger?.id ?? '?'}`, '--scope', `department=${dept}`]);
      expect(why.code, why.stderr).toBe(0);
      expect(why.stdout).toContain(
        `${stranger?.firstName ?? '?'} ${stranger?.lastName ?? '?'} (sub/${stranger?.id ?? '?'}) ` +
          `is outside the scope department=${dept}`,
      );
      // The pilot's dashboard names its scope and counts the people outside it.
      const report = await run(['report', '--out', join(ws.dir, 'pilot-report'), '--scope', `department=${dept}`]);
      expect(report.code, report.stderr).toBe(0);
      const metrics = z
        .object({ population: z.object({ scope: z.string().nullable(), outOfScope: z.number() }) })
        .parse(JSON.parse(readFileSync(join(ws.dir, 'pilot-report', 'metrics.json'), 'utf8')));
      expect(metrics.population).toEqual({ scope: `department=${dept}`, outOfScope: outside });
      expect(readFileSync(join(ws.dir, 'pilot-report', 'index.html'), 'utf8')).toContain(
        `Scope: <strong>department=${dept}</strong>`,
      );

      const widened = await run(['apply', '--yes']);
      expect(widened.code, widened.stderr).toBe(0);
      const second = changedIds(afterPilot, sandbox.snapshot());
      expect(second.length).toBeGreaterThan(0);
      expect(second.filter((id) => deptOf.get(id) === dept)).toEqual([]);
      const passing = await run(['status', '--fail-below']);
      expect(passing.code, passing.stderr).toBe(0);
      expect(passing.stdout).toContain('every threshold meets its target');

      const typo = await run(['plan', '--scope', `department=${dept.slice(0, -1)}`]);
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain(`matches nobody of the ${org.employees.length} employees read`);
      expect(typo.stderr).toContain(`(did you mean "${dept}"?)`);
    },
  );
});

describe('readable plans through the CLI', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('plan lines and show name people, show gives before, after and why, apply on a terminal previews', async () => {
    const fresh = await bamboohrConnector.sandbox.start({ org, port: 0 });
    try {
      const ws = workspaceFor(fresh, org);
      const run = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: fresh.env });
      const planFile = join(ws.dir, 'plan.json');
      const none = await run(['status', '--fail-below']);
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('no finished run to judge yet');
      const plan = await run(['plan', '--out', planFile, '--limit', '5']);
      expect(plan.code, plan.stderr).toBe(2);
      // Before the first apply not everyone has the goal: goal coverage is below its target of 100%.
      const failing = await run(['status', '--fail-below', '--json']);
      expect(failing.code, failing.stderr).toBe(4);
      const below = z.object({ belowTarget: z.array(z.string()) }).parse(JSON.parse(failing.stdout)).belowTarget;
      expect(below.some((b) => /^goal coverage \d+\.\d% < 100\.0%$/.test(b))).toBe(true);
      expect((await run(['status'])).code).toBe(0);
      const firstLine = plan.stdout.split('\n')[0] ?? '';
      const m = /^[+~] (.+) \(sub\/([^)]+)\) /.exec(firstLine);
      expect(m, firstLine).not.toBeNull();
      const person = org.employees.find((e) => e.id === m?.[2]);
      expect(m?.[1]).toBe(`${person?.firstName ?? '?'} ${person?.lastName ?? '?'}`);

      const show = await runCli(['show', planFile], { cwd: ws.dir });
      expect(show.code, show.stderr).toBe(0);
      const header = `${m?.[1] ?? '?'} (sub/${m?.[2] ?? '?'})`;
      const block = `${header}\n  + goal (create)\n      before: no goal\n      after:  "`;
      expect(show.stdout).toContain(block);
      expect(show.stdout).toMatch(/\n {6}why: {4}\S/);
      const json = await runCli(['show', planFile, '--json'], { cwd: ws.dir });
      const shown: unknown = JSON.parse(json.stdout);
      const saved: unknown = JSON.parse(readFileSync(planFile, 'utf8'));
      const where = { connector: z.string(), employeeId: z.string() };
      const changes = z.object({ changes: z.array(z.object(where)) }).parse(saved).changes;
      const shownChange = z.object({ kind: z.string(), before: z.unknown(), after: z.unknown(), reason: z.string() });
      const shownEmployee = z.object({ ...where, name: z.string().nullable(), changes: z.array(shownChange) });
      const employees = z.object({ employees: z.array(shownEmployee) }).parse(shown).employees;
      expect(employees.reduce((n, e) => n + e.changes.length, 0)).toBe(changes.length);
      expect(employees.length).toBe(new Set(changes.map((c) => `${c.connector}/${c.employeeId}`)).size);
      expect(employees.find((e) => e.employeeId === m?.[2])?.name).toBe(m?.[1]);

      // The saved plan still applies (its digest holds with the names in it) after a look at the terminal preview.
      const asked = await onTerminal(['apply', planFile, '--config', ws.config], {
        cwd: ws.dir,
        env: fresh.env,
        answer: 'n',
      });
      expect(asked.code).toBe(1);
      expect(asked.output).toContain(firstLine);
      expect(asked.output).toContain(`more (all of them: fluencyflow show ${planFile})`);
      expect(asked.output).toContain(`Apply ${changes.length} changes? [y/N]`);
      expect(asked.output).toContain('Cancelled; nothing written.');
      expect(fresh.stats().writes).toBe(0);
      const applied = await run(['apply', planFile, '--yes']);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stdout).toContain(`Applied ${changes.length} changes`);
    } finally {
      await fresh.close();
    }
  });
});
