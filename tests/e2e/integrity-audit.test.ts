import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { normalised, runCli, workspaceFor } from '../helpers/cli.js';
import { hrisFixture } from '../helpers/hris-fixture.js';

const { org, start: startSandbox } = hrisFixture('bamboohr', { employees: 150, seed: 23 });

const start = async () => {
  const sandbox = await startSandbox();
  const ws = workspaceFor(sandbox, org);
  const cli = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
  return { sandbox, ws, cli, db: join(ws.dir, '.fluencyflow', 'state.db') };
};

/** Opens the state store as an attacker with the file would: raw SQL, triggers dropped. */
const tamper = (path: string, sql: string) => {
  const db = new Database(path);
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  db.exec(sql);
  db.close();
};

// CLI runs in child processes: generous on a loaded 2-core machine.
describe('a complete, tamper-evident audit', { timeout: 600_000 }, () => {
  it('records an intent before each write and its outcome after; verify passes; export gives NDJSON and CSV', async () => {
    const { cli, ws } = await start();
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    const verify = await cli(['audit', 'verify']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('The audit log is whole');
    const nd = await cli(['audit', 'export', '--format', 'ndjson']);
    const rows = nd.stdout
      .trim()
      .split('\n')
      .map((l): unknown => JSON.parse(l));
    const intents = rows.filter((r) => typeof r === 'object' && r !== null && 'phase' in r && r.phase === 'intent');
    const outcomes = rows.filter((r) => typeof r === 'object' && r !== null && 'phase' in r && r.phase === 'outcome');
    expect(intents.length).toBeGreaterThan(0);
    expect(outcomes.length).toBe(intents.length);
    const csvFile = join(ws.dir, 'audit.csv');
    expect((await cli(['audit', 'export', '--format', 'csv', '--out', csvFile])).code).toBe(0);
    const csv = readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toMatch(/^seq,at,run_id,/);
    expect(csv).toHaveLength(rows.length + 1);
  });

  it('names an edited record, and a deleted one, once the triggers are dropped; apply then refuses before any write', async () => {
    const { sandbox, cli, db } = await start();
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    tamper(db, "UPDATE audit SET outcome = 'failed' WHERE seq = 5");
    const edited = await cli(['audit', 'verify']);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('FF_AUDIT_BROKEN');
    expect(edited.stderr).toContain('record 5 was altered');

    tamper(db, 'DELETE FROM audit WHERE seq = 3');
    const deleted = await cli(['audit', 'verify']);
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain('record 3 is missing');

    sandbox.resetStats();
    const apply = await cli(['apply', '--yes']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('FF_AUDIT_BROKEN');
    expect(sandbox.stats().requests).toBe(0);
  });

  it('names records deleted from the end of the log', async () => {
    const { cli, db } = await start();
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    tamper(db, 'DELETE FROM audit WHERE seq >= (SELECT MAX(seq) - 1 FROM audit)');
    const res = await cli(['audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/records \d+ to \d+ are missing/);
  });

  it('with the audit table dropped, apply refuses before any HRIS read or write', async () => {
    const { sandbox, cli, db } = await start();
    expect((await cli(['plan'])).code).toBe(2);
    const raw = new Database(db);
    raw.exec('DROP TABLE audit');
    raw.close();
    const before = normalised(sandbox.snapshot());
    sandbox.resetStats();
    const apply = await cli(['apply', '--yes']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('FF_AUDIT_BROKEN');
    expect(apply.stderr).toContain('audit table is missing');
    expect(sandbox.stats().writes).toBe(0);
    expect(normalised(sandbox.snapshot())).toEqual(before);
  });

  it('a SIGKILL mid-apply leaves intents without outcomes; the next run reconciles them from a fresh read', async () => {
    const { sandbox, cli, ws } = await start();
    const killed = await runCli(['apply', '--yes', '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox.env,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (sandbox.stats().writes >= 20) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 1);
        child.on('close', () => clearInterval(timer));
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const open = await cli(['audit', 'verify', '--json']);
    const mid: unknown = JSON.parse(open.stdout);
    expect(mid).toMatchObject({ ok: true });
    const openAtKill = typeof mid === 'object' && mid !== null && 'openIntents' in mid ? Number(mid.openIntents) : 0;
    expect(openAtKill).toBeGreaterThan(0);
    const again = await cli(['apply', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    const after = await cli(['audit', 'verify', '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, openIntents: 0 });
    const nd = await cli(['audit', 'export']);
    const reconciled = nd.stdout.split('\n').filter((l) => l.includes('reconciled by run'));
    expect(reconciled.length).toBeGreaterThan(0);
    expect((await cli(['plan'])).code).toBe(0);
  });
});
