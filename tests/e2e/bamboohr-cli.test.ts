import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bamboohrConnector } from '../../connectors/bamboohr/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { CLI_TEST_TIMEOUT, runCli, workspaceFor } from '../helpers/cli.js';

const TITLE = 'AI fluency development goal FY2027';
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 400,
  seed: 5,
  standardGoalTitle: TITLE,
  cycleEnd: '2027-12-31',
});
const running: RunningSandbox[] = [];
afterEach(async () => {
  while (running.length) await running.pop()?.close();
});

describe('BambooHR specifics through the CLI', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('ends with exactly one goal for the employee with 60 goals (the 50 cap) and reopens the closed one, leaving other goals alone', async () => {
    const busy = org.employees.find(
      (e) => e.status === 'active' && e.grade !== 'X-LEGACY' && e.seededGoals.length >= 60,
    );
    const closed = org.employees.find(
      (e) =>
        e.status === 'active' && e.grade !== 'X-LEGACY' && e.seededGoals.some((g) => g.title === TITLE && g.closed),
    );
    expect(busy).toBeDefined();
    expect(closed).toBeDefined();
    if (!busy || !closed) return;
    const sandbox = await bamboohrConnector.sandbox.start({ org, port: 0 });
    running.push(sandbox);
    const ws = workspaceFor(sandbox, org);
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    }
    const snap = sandbox.snapshot();
    for (const e of [busy, closed]) {
      const mine = (snap.goals[e.id] ?? []).filter((g) => g.title === TITLE);
      expect(mine, `employee ${e.id}`).toHaveLength(1);
      expect(mine[0]?.closed).toBe(false);
      const others = (snap.goals[e.id] ?? []).filter((g) => g.title !== TITLE);
      const seeded = e.seededGoals.filter((g) => g.title !== TITLE);
      expect(others.map((g) => [g.title, g.percentComplete, g.closed]).sort()).toEqual(
        seeded.map((g) => [g.title, g.percentComplete, g.closed]).sort(),
      );
    }
  });

  it('reports a config error, an unreadable evidence row, an unknown grade and an unmatched employee, naming where', async () => {
    const sandbox = await bamboohrConnector.sandbox.start({ org, port: 0 });
    running.push(sandbox);
    const ws = workspaceFor(sandbox, org);
    const plan = await runCli(['plan', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(plan.code).toBe(2);
    // The sample evidence ends its certifications with an unknown person and a bad date.
    const certLines = readFileSync(join(ws.dir, 'data', 'certifications.csv'), 'utf8')
      .trimEnd()
      .split('\n').length;
    expect(plan.stdout).toContain(`certifications.csv:${certLines}: issued_on "2026-13-45" is not a date`);
    expect(plan.stdout).toMatch(/GRADE_UNKNOWN: \d+/);
    expect(plan.stdout).toContain('has grade "X-LEGACY", which is not in the grade order');
    expect(plan.stdout).toMatch(/EVIDENCE_UNMATCHED: \d+/);
    expect(plan.stdout).toContain('nobody@elsewhere.example');
    // The personal e-mail never matches, even though the HRIS stores it.
    expect(plan.stdout).toMatch(/\.home@mail\.example\.net/);
    expect(plan.stdout).toMatch(/\d+ to create/);

    // A config error names the file, the line and the path; nothing runs.
    const broken = readFileSync(ws.config, 'utf8').replace('minActiveDays: 8', 'minActiveDays: eight');
    writeFileSync(ws.config, broken);
    const bad = await runCli(['plan', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(bad.code).toBe(1);
    const line = broken.split('\n').findIndex((l) => l.includes('eight')) + 1;
    expect(bad.stderr).toContain(`error FF_CONFIG_INVALID: ${ws.config}:${line}: ladder[1].evidence.use.minActiveDays`);
    expect(bad.stderr).toContain('hint: ');
  });
});
