import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/state/state-store.js';
import { normalised, runCli, workspaceFor } from '../helpers/cli.js';
import { engineFor } from '../helpers/engine.js';
import { hrisFixture, TITLE } from '../helpers/hris-fixture.js';

const { org, start } = hrisFixture('bamboohr', { employees: 150, seed: 17 });

// CLI runs in child processes: generous on a loaded 2-core machine.
describe('one writer per state store', { timeout: 600_000 }, () => {
  it('refuses the second of two applies started together, naming the holder; the HRIS ends as after one apply', async () => {
    const reference = await start();
    const one = engineFor(reference, org);
    await one.apply();
    await one.close();

    const sandbox = await start();
    const state = join(mkdtempSync(join(tmpdir(), 'ff-lock-')), 'state.db');
    const a = engineFor(sandbox, org, { state });
    const b = engineFor(sandbox, org, { state });
    const results = await Promise.allSettled([a.apply(), b.apply()]);
    await Promise.all([a.close(), b.close()]);

    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    const reason: unknown = refused[0]?.status === 'rejected' ? refused[0].reason : null;
    expect(reason).toMatchObject({ code: 'FF_LOCKED' });
    const message = reason instanceof Error ? reason.message : '';
    expect(message).toContain(`pid ${process.pid}`);
    expect(message).toContain(hostname());
    expect(message).toMatch(/started \d{4}-\d{2}-\d{2}T/);

    const snap = sandbox.snapshot();
    for (const [id, goals] of Object.entries(snap.goals))
      expect(goals.filter((g) => g.title === TITLE).length, `goals of ${id}`).toBeLessThanOrEqual(1);
    expect(normalised(snap)).toEqual(normalised(reference.snapshot()));
  });

  it('a CLI apply refuses while another process holds the lock, writing nothing, and runs once it is released', async () => {
    const sandbox = await start();
    const ws = workspaceFor(sandbox, org);
    const holder = new StateStore(join(ws.dir, '.fluencyflow', 'state.db'));
    const lock = holder.acquireWriterLock('held-by-test');
    sandbox.resetStats();
    const refused = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error FF_LOCKED');
    expect(refused.stderr).toContain(`pid ${process.pid} on host ${hostname()}`);
    expect(sandbox.stats().requests).toBe(0);
    lock.release();
    holder.close();
    const applied = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(sandbox.stats().writes).toBeGreaterThan(0);
  });
});
