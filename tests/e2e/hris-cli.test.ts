import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox, SandboxSnapshot } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { CLI_TEST_TIMEOUT, normalised, runCli, workspaceFor } from '../helpers/cli.js';

const TITLE = 'AI fluency development goal FY2027';

/**
 * The admin's lifecycle through the real CLI, against each HRIS sandbox: plan, apply, plan again, a stale plan,
 * SIGKILL half way, throttling, and secrets.
 */
describe.each(Object.keys(connectors))('%s end to end through the CLI', { timeout: CLI_TEST_TIMEOUT }, (type) => {
  const def = connectors[type];
  if (!def) throw new Error(type);
  const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: 300, seed: 5, standardGoalTitle: TITLE, cycleEnd: '2027-12-31' });
  const running: RunningSandbox[] = [];
  const start = async (quirks = {}) => {
    const s = await def.sandbox.start({ org, port: 0, quirks });
    running.push(s);
    return s;
  };
  afterEach(async () => {
    while (running.length) await running.pop()?.close();
  });
  const fluencyGoals = (s: SandboxSnapshot, id: string) => (s.goals[id] ?? []).filter((g) => g.title === TITLE);
  /**
   * The HRIS state after one uninterrupted `apply --yes` on a fresh sandbox, and the writes it took: what the
   * interrupted, throttled and failing runs below must end with. The same org and evidence each time, so it is
   * computed once per HRIS, by the first test that needs it.
   */
  let reference: Promise<{ state: ReturnType<typeof normalised>; writes: number }> | undefined;
  const uninterrupted = () =>
    (reference ??= (async () => {
      const sandbox = await def.sandbox.start({ org, port: 0 });
      try {
        const ws = workspaceFor(sandbox, org);
        const run = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
        expect(run.code, run.stderr).toBe(0);
        return { state: normalised(sandbox.snapshot()), writes: sandbox.stats().writes };
      } finally {
        await sandbox.close();
      }
    })());

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
    const sandbox = await start();
    const ws = workspaceFor(sandbox, org);
    expect((await runCli(['plan', '--config', ws.config, '--out', 'plan.json'], { cwd: ws.dir, env: sandbox.env })).code).toBe(2);
    // Someone else applies in between (a fresh plan, no file).
    expect((await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env })).code).toBe(0);
    const stale = await runCli(['apply', 'plan.json', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('FF_PLAN_STALE');
  });

  it('SIGKILL in the middle of apply, then apply again: the same HRIS state as an uninterrupted run', async () => {
    const { state: expected, writes: writesUninterrupted } = await uninterrupted();

    const sandbox = await start();
    const ws = workspaceFor(sandbox, org);
    sandbox.resetStats();
    const killed = await runCli(['apply', '--yes', '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox.env,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (sandbox.stats().writes >= Math.max(3, Math.floor(writesUninterrupted / 3))) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 1);
        child.on('close', () => clearInterval(timer));
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const partial = sandbox.stats().writes;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(writesUninterrupted);

    const resumed = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(normalised(sandbox.snapshot())).toEqual(expected);
    // The killed run is recorded as interrupted.
    const status = await runCli(['status', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(status.stdout).toContain('interrupted');
  });

  it('with 429 + Retry-After on one call in five, the run completes with nothing lost', async () => {
    const expected = (await uninterrupted()).state;

    const sandbox = await start({ rateLimitEvery: 5, retryAfterSeconds: 0 });
    const ws = workspaceFor(sandbox, org);
    const apply = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(apply.code, apply.stderr).toBe(0);
    expect(normalised(sandbox.snapshot())).toEqual(expected);
  });

  it('failed writes are listed (exit 3) and the next run finishes them', async () => {
    const expected = (await uninterrupted()).state;

    const sandbox = await start({ failWritesEvery: 4 });
    const ws = workspaceFor(sandbox, org);
    const first = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(first.code, first.stderr).toBe(3);
    expect(first.stdout).toMatch(/[1-9]\d* failed/);
    expect(first.stdout).toMatch(/failed \S+\/\S+ (goal|eligibility|exception-note): FF_/);
    sandbox.setQuirks({ failWritesEvery: 0 });
    const second = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(second.code, second.stderr).toBe(0);
    expect(normalised(sandbox.snapshot())).toEqual(expected);
  });

  it('never shows a credential: not in output, logs, plan file, audit rows or errors, even with --verbose', async () => {
    const sandbox = await start({ failWritesEvery: 7 });
    const ws = workspaceFor(sandbox, org);
    const secrets = Object.values(sandbox.env).filter((v) => v.length >= 8);
    expect(secrets.length).toBeGreaterThan(0);
    const wrong = Object.fromEntries(Object.keys(sandbox.env).map((k) => [k, `f00dbabe-not-the-secret-${k}`]));
    const outputs = [
      await runCli(['check', '--config', ws.config, '--verbose'], { cwd: ws.dir, env: sandbox.env }),
      await runCli(['plan', '--config', ws.config, '--verbose', '--out', 'plan.json'], { cwd: ws.dir, env: sandbox.env }),
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
    const dump = JSON.stringify(db.prepare('SELECT * FROM audit').all()) + JSON.stringify(db.prepare('SELECT * FROM runs').all());
    db.close();
    expect(dump).toMatch(/"outcome":"failed"/);
    for (const s of secrets) {
      expect(planText).not.toContain(s);
      expect(dump).not.toContain(s);
    }
  });
});
