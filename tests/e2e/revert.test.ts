import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EligibilityChange } from '../../schemas/index.js';
import type { SandboxSnapshot } from '../../src/connector.js';
import { CLI_TEST_TIMEOUT, normalised, runCli, workspaceFor } from '../helpers/cli.js';
import { engineFor } from '../helpers/engine.js';
import { hrisFixture, TITLE } from '../helpers/hris-fixture.js';

const runIdOf = (stdout: string): string => {
  const id = /\(run ([0-9a-f-]{36})\)/.exec(stdout)?.[1];
  if (!id) throw new Error(`no run id in: ${stdout.slice(-400)}`);
  return id;
};

/**
 * The tenant with the goals a revert archives taken out (Workday has no goal delete: a goal the run created stays,
 * closed, and a later apply reopens it). Returns the tenant as compared and the ids whose goal was archived.
 */
const withoutArchived = (before: SandboxSnapshot, now: SandboxSnapshot) => {
  const b = normalised(before);
  const n = normalised(now);
  const archived: string[] = [];
  const goals = Object.fromEntries(
    Object.entries(n.goals).map(([id, gs]) => {
      const had = b.goals[id] ?? [];
      const added = gs.filter(
        (g) => g.title === TITLE && g.closed && !had.some((h) => JSON.stringify(h) === JSON.stringify(g)),
      );
      if (added.length > 0) archived.push(id);
      return [id, gs.filter((g) => !added.includes(g))];
    }),
  );
  return { tenant: canonical({ ...n, goals }), archived };
};

/** "No goals" and an empty goal list are the same tenant state (a sandbox keeps the list once it had one). */
const dropEmpty = <T>(byId: Record<string, T[]>): Record<string, T[]> =>
  Object.fromEntries(Object.entries(byId).filter(([, list]) => list.length > 0));
const canonical = (s: ReturnType<typeof normalised>) => ({
  ...s,
  goals: dropEmpty(s.goals),
  exceptionNotes: dropEmpty(s.exceptionNotes),
});

const flagOf = (s: SandboxSnapshot, id: string) => s.eligibility[id] ?? { value: null, reason: '' };

for (const type of ['bamboohr', 'successfactors', 'workday'] as const) {
  describe(`revert through the CLI on the ${type} sandbox`, { timeout: CLI_TEST_TIMEOUT }, () => {
    // 30 people: the first 30 of the 60 these tests once used (the same hand-made standard goals among them). The run
    // still writes goals, flags and exception notes (checked below), so the revert restores each kind of field.
    const { org, start } = hrisFixture(type, { employees: 30 });

    it('restores the tenant to its state before the run, field by field, through a saved revert plan', async () => {
      const sandbox = await start();
      const ws = workspaceFor(sandbox, org);
      const cli = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
      const before = sandbox.snapshot();

      const applied = await cli(['apply', '--yes']);
      expect(applied.code, applied.stderr).toBe(0);
      const runId = runIdOf(applied.stdout);
      const written = sandbox.snapshot();
      // Every kind of field the run writes changed, so restoring the tenant proves a revert of each.
      const [was, now] = [normalised(before), normalised(written)];
      expect(now.goals).not.toEqual(was.goals);
      expect(now.eligibility).not.toEqual(was.eligibility);
      expect(canonical(now).exceptionNotes).not.toEqual(canonical(was).exceptionNotes);

      // A dry run names people, writes nothing and exits 2.
      const dry = await cli(['revert', runId]);
      expect(dry.code, dry.stderr).toBe(2);
      const someone = org.employees.find(
        (e) => JSON.stringify(flagOf(written, e.id)) !== JSON.stringify(flagOf(before, e.id)),
      );
      if (!someone) throw new Error('fixture: the run set no flag');
      expect(dry.stdout).toContain(`${someone.firstName} ${someone.lastName} (sub/${someone.id}) eligibility restore`);
      expect(dry.stdout).toContain('left as they are');
      expect(normalised(sandbox.snapshot())).toEqual(normalised(written));

      const file = join(ws.dir, 'revert.json');
      expect((await cli(['revert', runId, '--out', file])).code).toBe(2);
      const shown = await runCli(['show', file], { cwd: ws.dir });
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain(`Revert of run ${runId}`);
      expect(shown.stdout).toContain(`${someone.firstName} ${someone.lastName} (sub/${someone.id})`);

      const undo = await cli(['apply', file, '--yes']);
      expect(undo.code, undo.stdout + undo.stderr).toBe(0);
      const { tenant, archived } = withoutArchived(before, sandbox.snapshot());
      expect(tenant).toEqual(canonical(normalised(before)));
      if (type === 'workday') expect(archived.length).toBeGreaterThan(0);
      else expect(archived).toEqual([]);

      // The revert is a run of its own, audited like any write; applying its plan again is refused as stale.
      const status = await cli(['status', '--json']);
      const runs = z
        .object({ runs: z.array(z.object({ id: z.string(), command: z.string(), summary: z.unknown() })) })
        .parse(JSON.parse(status.stdout)).runs;
      const revertRun = runs.find((r) => r.command === 'revert');
      expect(z.object({ reverts: z.string() }).parse(revertRun?.summary).reverts).toBe(runId);
      const verify = await cli(['audit', 'verify']);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      const again = await cli(['apply', file, '--yes']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('FF_PLAN_STALE');

      // A plan run and an unknown id are refused with their own codes.
      const plan = await cli(['plan', '--json']);
      expect(plan.code).toBe(2);
      const planRun = z
        .object({ runs: z.array(z.object({ id: z.string(), command: z.string() })) })
        .parse(JSON.parse((await cli(['status', '--json'])).stdout))
        .runs.find((r) => r.command === 'plan');
      const dryRun = await cli(['revert', planRun?.id ?? '']);
      expect(dryRun.code).toBe(1);
      expect(dryRun.stderr).toContain('FF_RUN_NOT_REVERTIBLE');
      expect(dryRun.stderr).toContain('was a plan (a dry run)');
      const unknown = await cli(['revert', '00000000-0000-4000-8000-000000000000']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('FF_RUN_NOT_FOUND');
    });

    it('refuses a flag someone changed by hand since the run, names them, and undoes the rest', async () => {
      const sandbox = await start();
      const ws = workspaceFor(sandbox, org);
      const cli = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
      const before = sandbox.snapshot();
      const applied = await cli(['apply', '--yes']);
      expect(applied.code, applied.stderr).toBe(0);
      const runId = runIdOf(applied.stdout);

      // An HR business partner flips one flag the run wrote, straight in the HRIS (another client, no shared state).
      const written = sandbox.snapshot();
      const hand = org.employees.find(
        (e) => flagOf(written, e.id).value !== null && flagOf(before, e.id).value === null,
      );
      if (!hand) throw new Error('fixture: the run set no flag');
      const other = engineFor(sandbox, org, { env: sandbox.env });
      try {
        const ev = await other.evaluate();
        const [session] = other.sessions();
        if (!session) throw new Error('no session');
        const value = flagOf(written, hand.id).value === 'eligible' ? 'not-eligible' : 'eligible';
        const change: EligibilityChange = {
          key: 'by-hand',
          connector: session.id,
          employeeId: hand.id,
          kind: 'eligibility',
          action: 'update',
          reason: 'set by hand',
          before: null,
          after: { value, reason: 'Set by the HR business partner' },
        };
        const [outcome] = await session.apply([change], ev.readOptions);
        expect(outcome?.outcome, outcome?.error?.message).toBe('applied');
      } finally {
        await other.close();
      }
      const handSet = flagOf(sandbox.snapshot(), hand.id);
      expect(handSet.reason).toBe('Set by the HR business partner');

      const undo = await cli(['revert', runId, '--yes']);
      expect(undo.code, undo.stdout + undo.stderr).toBe(0);
      expect(undo.stdout).toContain(
        `! ${hand.firstName} ${hand.lastName} (sub/${hand.id}) eligibility left as it is: ` +
          'the flag was changed since by someone else',
      );
      const after = sandbox.snapshot();
      expect(flagOf(after, hand.id)).toEqual(handSet);
      const { tenant } = withoutArchived(before, after);
      const was = canonical(normalised(before));
      expect({ ...tenant, eligibility: { ...tenant.eligibility, [hand.id]: null } }).toEqual({
        ...was,
        eligibility: { ...was.eligibility, [hand.id]: null },
      });
    });
  });
}
