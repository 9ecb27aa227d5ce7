import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bamboohrConnector } from '../../connectors/bamboohr/index.js';
import type { RunningSandbox, SandboxSnapshot } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { runCli, workspaceFor } from '../helpers/cli.js';

const TITLE = 'AI fluency development goal FY2027';
const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: 400, seed: 5, standardGoalTitle: TITLE, cycleEnd: '2027-12-31' });
const running: RunningSandbox[] = [];
const start = async (quirks = {}) => {
  const s = await bamboohrConnector.sandbox.start({ org, port: 0, quirks });
  running.push(s);
  return s;
};
afterEach(async () => {
  while (running.length) await running.pop()?.close();
});

/** The HRIS state without ids, so two sandboxes can be compared. */
const normalised = (s: SandboxSnapshot) => ({
  goals: Object.fromEntries(
    Object.entries(s.goals).map(([id, gs]) => [id, gs.map((g) => ({ title: g.title, description: g.description, percentComplete: g.percentComplete, closed: g.closed, dueDate: g.dueDate })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))]),
  ),
  eligibility: s.eligibility,
  exceptionNotes: Object.fromEntries(Object.entries(s.exceptionNotes).map(([id, ns]) => [id, [...ns].sort((a, b) => a.promotionDate.localeCompare(b.promotionDate))])),
});

const fluencyGoals = (s: SandboxSnapshot, id: string) => (s.goals[id] ?? []).filter((g) => g.title === TITLE);

describe('BambooHR end to end through the CLI', () => {
  it('has the hard cases in its organisation: 60 goals, a closed standard goal, unknown grades, promotions', () => {
    expect(org.employees.some((e) => e.status === 'active' && e.seededGoals.length >= 60)).toBe(true);
    expect(org.employees.some((e) => e.status === 'active' && e.seededGoals.some((g) => g.title === TITLE && g.closed))).toBe(true);
    expect(org.employees.some((e) => e.grade === 'X-LEGACY')).toBe(true);
  });

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

    // Exactly one goal for every judged active employee, including the one with 60 goals and the closed one (reopened).
    const snap = sandbox.snapshot();
    const judged = org.employees.filter((e) => e.status === 'active' && e.grade !== null && e.grade !== 'X-LEGACY');
    for (const e of judged) {
      const goals = fluencyGoals(snap, e.id);
      expect(goals, `employee ${e.id}`).toHaveLength(1);
      expect(goals[0]?.closed, `employee ${e.id}`).toBe(false);
    }
    // Other goals are left exactly as they were.
    const busy = org.employees.find((e) => e.status === 'active' && e.seededGoals.length >= 60);
    if (busy) expect((snap.goals[busy.id] ?? []).filter((g) => g.title !== TITLE)).toHaveLength(busy.seededGoals.filter((g) => g.title !== TITLE).length);
    // Unknown grades get no flag; inactive and terminated people get nothing.
    for (const e of org.employees.filter((x) => x.grade === 'X-LEGACY' || x.status !== 'active')) {
      expect(snap.eligibility[e.id]?.value ?? null, `employee ${e.id}`).toBeNull();
    }
  });

  it('a saved plan is refused once the HRIS changed', async () => {
    const sandbox = await start();
    const ws = workspaceFor(sandbox, org);
    const plan = await runCli(['plan', '--config', ws.config, '--out', 'plan.json'], { cwd: ws.dir, env: sandbox.env });
    expect(plan.code).toBe(2);
    // Someone else applies in between (a fresh plan, no file).
    expect((await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env })).code).toBe(0);
    const stale = await runCli(['apply', 'plan.json', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('FF_PLAN_STALE');
  });

  it('SIGKILL in the middle of apply, then apply again: the same HRIS state as an uninterrupted run', async () => {
    const reference = await start();
    const refWs = workspaceFor(reference, org);
    expect((await runCli(['apply', '--yes', '--config', refWs.config], { cwd: refWs.dir, env: reference.env })).code).toBe(0);
    const expected = normalised(reference.snapshot());

    const sandbox = await start();
    const ws = workspaceFor(sandbox, org);
    const total = (await runCli(['plan', '--config', ws.config, '--json'], { cwd: ws.dir, env: sandbox.env })).stdout;
    const planned = (JSON.parse(total) as { changes: unknown[] }).changes.length;
    sandbox.resetStats();
    const killed = await runCli(['apply', '--yes', '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox.env,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (sandbox.stats().writes >= planned / 2) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 2);
        child.on('close', () => clearInterval(timer));
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const half = sandbox.stats().writes;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(planned);

    const resumed = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(normalised(sandbox.snapshot())).toEqual(expected);
    // The killed run is recorded as interrupted.
    const status = await runCli(['status', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(status.stdout).toContain('interrupted');
  });

  it('with 429 + Retry-After on one call in five, the run completes with nothing lost', async () => {
    const reference = await start();
    const refWs = workspaceFor(reference, org);
    expect((await runCli(['apply', '--yes', '--config', refWs.config], { cwd: refWs.dir, env: reference.env })).code).toBe(0);

    const sandbox = await start({ rateLimitEvery: 5, retryAfterSeconds: 0 });
    const ws = workspaceFor(sandbox, org);
    const apply = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(apply.code, apply.stderr).toBe(0);
    expect(sandbox.stats().byRoute['429'] ?? sandbox.stats().requests).toBeGreaterThan(0);
    expect(normalised(sandbox.snapshot())).toEqual(normalised(reference.snapshot()));
  });

  it('reports a config error, an unreadable evidence row, an unknown grade and an unmatched employee, naming where', async () => {
    const sandbox = await start();
    const ws = workspaceFor(sandbox, org);
    const plan = await runCli(['plan', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(plan.code).toBe(2);
    // The sample evidence carries a bad date on its last certification line and unknown people.
    const certLines = readFileSync(join(ws.dir, 'data', 'certifications.csv'), 'utf8').trimEnd().split('\n').length;
    expect(plan.stdout).toContain(`certifications.csv:${certLines}`);
    expect(plan.stdout).toMatch(/GRADE_UNKNOWN: \d+/);
    expect(plan.stdout).toContain('X-LEGACY');
    expect(plan.stdout).toMatch(/nobody@elsewhere\.example/);
    expect(plan.stdout).toMatch(/\d+ to create/);

    // A config error names the file, the line and the path; nothing runs.
    const broken = readFileSync(ws.config, 'utf8').replace('minActiveDays: 8', 'minActiveDays: eight');
    writeFileSync(ws.config, broken);
    const bad = await runCli(['plan', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(bad.code).toBe(1);
    const line = broken.split('\n').findIndex((l) => l.includes('eight')) + 1;
    expect(bad.stderr).toContain(`error FF_CONFIG_INVALID: ${ws.config}:${line}: ladder[1].evidence.use.minActiveDays`);
  });

  it('never shows the API key: not in output, logs, plan file, audit rows or errors, even with --verbose', async () => {
    const sandbox = await start({ failWritesEvery: 7 });
    const ws = workspaceFor(sandbox, org);
    const key = Object.values(sandbox.env)[0] ?? '';
    expect(key.length).toBeGreaterThan(8);
    const outputs = [
      await runCli(['check', '--config', ws.config, '--verbose'], { cwd: ws.dir, env: sandbox.env }),
      await runCli(['plan', '--config', ws.config, '--verbose', '--out', 'plan.json'], { cwd: ws.dir, env: sandbox.env }),
      await runCli(['apply', '--yes', '--config', ws.config, '--verbose'], { cwd: ws.dir, env: sandbox.env }),
      await runCli(['status', '--config', ws.config, '--json'], { cwd: ws.dir, env: sandbox.env }),
      // A wrong key: the error must not echo it either.
      await runCli(['plan', '--config', ws.config, '--verbose'], { cwd: ws.dir, env: Object.fromEntries(Object.keys(sandbox.env).map((k) => [k, 'f00dbabe-not-the-key-1234'])) }),
    ];
    expect(outputs[2]?.code).toBe(3);
    expect(outputs[4]?.stderr).toMatch(/FF_AUTH_FAILED|FF_FORBIDDEN/);
    for (const o of outputs) {
      expect(o.stdout + o.stderr).not.toContain(key);
      expect(o.stdout + o.stderr).not.toContain('f00dbabe-not-the-key-1234');
    }
    expect(readFileSync(join(ws.dir, 'plan.json'), 'utf8')).not.toContain(key);
    const stateDir = join(ws.dir, '.fluencyflow');
    const db = new Database(join(stateDir, 'state.db'), { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM audit').all()) + JSON.stringify(db.prepare('SELECT * FROM runs').all());
    db.close();
    expect(dump.length).toBeGreaterThan(100);
    expect(dump).not.toContain(key);
    for (const f of readdirSync(stateDir)) if (f.endsWith('.log')) expect(readFileSync(join(stateDir, f), 'utf8')).not.toContain(key);
  });
});
