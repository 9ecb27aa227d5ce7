import { afterEach, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, runCli } from '../helpers/cli.js';
import { startServeFixture, type ServeFixture } from '../helpers/serve.js';

/**
 * `fluencyflow approve` from the command line, on a plan the service kept (`approval: required`): the planner is
 * refused, a second identity applies exactly that plan, and a plan the HRIS moved away from is refused as stale.
 */
describe('fluencyflow approve <plan>', { timeout: CLI_TEST_TIMEOUT }, () => {
  let f: ServeFixture | undefined;
  afterEach(async () => {
    await f?.sandbox.close();
    f = undefined;
  });

  /** A plan kept by the weekly run; the service then stopped, so only the CLI touches the state store. */
  const keptPlan = async () => {
    f = await startServeFixture({ config: { approval: 'required' } });
    await f.weeklyRun();
    const kept = f.service.runner.approvals.pending();
    await f.service.stop();
    if (kept === null) throw new Error('the weekly run kept no plan');
    const { ws, sandbox } = f;
    const cli = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    return { kept, cli, sandbox };
  };

  it('refuses the planner, then applies exactly the plan for a second identity', async () => {
    const { kept, cli, sandbox } = await keptPlan();
    const list = await cli(['approve', '--list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`${kept.id}  pending`);

    const own = await cli(['approve', kept.id, '--as', 'alice']);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('FF_APPROVAL');
    expect(own.stderr).toContain('alice made plan');
    expect(sandbox.stats().writes).toBe(0);

    const ok = await cli(['approve', kept.id, '--as', 'bob', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout.slice(ok.stdout.indexOf('{')))).toMatchObject({
      planId: kept.id,
      approver: 'bob',
      status: 'applied',
    });
    expect(sandbox.stats().writes).toBeGreaterThan(0);
    const again = await cli(['approve', kept.id, '--as', 'carol']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is applied, not pending');
    const audit = await cli(['audit', 'verify']);
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  });

  it('refuses a plan the HRIS changed since, and writes nothing', async () => {
    const { kept, cli, sandbox } = await keptPlan();
    const someone = Object.keys(sandbox.snapshot().eligibility)[0];
    if (someone === undefined) throw new Error('fixture: no employees');
    sandbox.setFlagByHand(someone, { value: 'eligible', reason: 'Set in the HRIS after the plan', by: 'hrbp.jane' });
    sandbox.resetStats();
    const res = await cli(['approve', kept.id, '--as', 'bob']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('FF_PLAN_STALE');
    expect(sandbox.stats().writes).toBe(0);
    const list = await cli(['approve', '--list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: kept.id, status: 'failed', approvedBy: 'bob' })]),
    );
  });
});
