import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { SandboxSnapshot } from '../../src/connector.js';
import { CLI_TEST_TIMEOUT, runCli, workspaceFor } from '../helpers/cli.js';
import { hrisFixture, TITLE } from '../helpers/hris-fixture.js';
import { someWritesFail } from '../helpers/writes.js';

/**
 * The admin's lifecycle through the real CLI, against each HRIS sandbox: plan, apply, plan again, a stale plan, and
 * secrets. Interrupted, throttled and failing runs are in hris-cli-recovery.test.ts (two files, so the two test
 * workers share the work).
 */
describe.each(Object.keys(connectors))('%s end to end through the CLI', { timeout: CLI_TEST_TIMEOUT }, (type) => {
  const { org, start } = hrisFixture(type);
  // A stale plan and a run with failing writes need some writes, not pages of workers: a smaller organisation, so
  // these tests do not each apply the 300 people the lifecycle test pages through.
  const small = hrisFixture(type, { employees: 60 });
  const fluencyGoals = (s: SandboxSnapshot, id: string) => (s.goals[id] ?? []).filter((g) => g.title === TITLE);

  it('plan (exit 2), apply (exit 0), plan again (exit 0, zero changes), apply again writes nothing', async () => {
    const sandbox = await start();
    const ws = workspaceFor(sandbox, org);
    const env = sandbox.env;
    const plan = await runCli(['plan', '--config', ws.config, '--out', 'plan.json'], { cwd: ws.dir, env });
    expect(plan.stderr).not.toContain('error');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/to create/);

    const apply = await runCli(['apply', 'plan.json', '--yes', '--config', ws.config], { cwd: ws.dir, env });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Applied \d+ changes, 0 already in place, 0 failed/);

    const again = await runCli(['plan', '--config', ws.config, '--json'], { cwd: ws.dir, env });
    expect(again.code).toBe(0);
    const parsed: unknown = JSON.parse(again.stdout);
    expect(parsed).toMatchObject({ changes: [], summary: { create: 0, update: 0 } });

    sandbox.resetStats();
    const second = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env });
    expect(second.code).toBe(0);
    expect(sandbox.stats().writes).toBe(0);

    // Exactly one open fluency goal for every judged active employee (the closed standard goals were reopened).
    const snap = sandbox.snapshot();
    const judged = org.employees.filter((e) => e.status === 'active' && e.grade !== null && e.grade !== 'X-LEGACY');
    for (const e of judged) {
      const goals = fluencyGoals(snap, e.id);
      expect(goals, `employee ${e.id}`).toHaveLength(1);
      expect(goals[0]?.closed, `employee ${e.id}`).toBe(false);
    }
    // Unknown grades get no flag; inactive and terminated people get nothing.
    for (const e of org.employees.filter((x) => x.grade === 'X-LEGACY' || x.status !== 'active')) {
      expect(snap.eligibility[e.id]?.value ?? null, `employee ${e.id}`).toBeNull();
      expect(snap.exceptionNotes[e.id] ?? [], `employee ${e.id}`).toEqual([]);
    }
  });

  it('a saved plan is refused once the HRIS changed', async () => {
    const sandbox = await small.start();
    const ws = workspaceFor(sandbox, small.org);
    expect(
      (await runCli(['plan', '--config', ws.config, '--out', 'plan.json'], { cwd: ws.dir, env: sandbox.env })).code,
    ).toBe(2);
    // Someone else applies in between (a fresh plan, no file).
    expect((await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env })).code).toBe(0);
    const stale = await runCli(['apply', 'plan.json', '--yes', '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox.env,
    });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('FF_PLAN_STALE');
  });

  it('never shows a credential: not in output, logs, plan file, audit rows or errors, even with --verbose', async () => {
    const sandbox = await small.start(someWritesFail(type, 7));
    const ws = workspaceFor(sandbox, small.org);
    const secrets = Object.values(sandbox.env).filter((v) => v.length >= 8);
    expect(secrets.length).toBeGreaterThan(0);
    const wrong = Object.fromEntries(Object.keys(sandbox.env).map((k) => [k, `f00dbabe-not-the-secret-${k}`]));
    const outputs = [
      await runCli(['check', '--config', ws.config, '--verbose'], { cwd: ws.dir, env: sandbox.env }),
      await runCli(['plan', '--config', ws.config, '--verbose', '--out', 'plan.json'], {
        cwd: ws.dir,
        env: sandbox.env,
      }),
      await runCli(['apply', '--yes', '--config', ws.config, '--verbose'], { cwd: ws.dir, env: sandbox.env }),
      await runCli(['status', '--config', ws.config, '--json'], { cwd: ws.dir, env: sandbox.env }),
      await runCli(['plan', '--config', ws.config, '--verbose'], { cwd: ws.dir, env: wrong }),
    ];
    expect(outputs[2]?.code).toBe(3);
    expect(outputs[4]?.code).toBe(1);
    expect(outputs[4]?.stderr).toMatch(/FF_AUTH_FAILED|FF_FORBIDDEN/);
    for (const o of outputs) {
      for (const s of [...secrets, ...Object.values(wrong)]) expect(o.stdout + o.stderr).not.toContain(s);
    }
    const planText = readFileSync(join(ws.dir, 'plan.json'), 'utf8');
    const db = new Database(join(ws.dir, '.fluencyflow', 'state.db'), { readonly: true });
    const dump =
      JSON.stringify(db.prepare('SELECT * FROM audit').all()) + JSON.stringify(db.prepare('SELECT * FROM runs').all());
    db.close();
    expect(dump).toMatch(/"outcome":"failed"/);
    for (const s of secrets) {
      expect(planText).not.toContain(s);
      expect(dump).not.toContain(s);
    }
  });
});
