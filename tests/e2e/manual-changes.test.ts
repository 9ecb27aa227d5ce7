import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { CLI_TEST_TIMEOUT, runCli, workspaceFor } from '../helpers/cli.js';
import { hrisFixture } from '../helpers/hris-fixture.js';

const HRBP = 'hrbp.jane';
const HAND_REASON = 'Set by the HR business partner after the calibration meeting';

/** An employee whose flag fluencyflow wrote, and the other value, as an HR business partner would set it. */
const handTarget = (sandbox: RunningSandbox) => {
  const flags = Object.entries(sandbox.snapshot().eligibility).filter(([, f]) => f.value !== null);
  const [id, written] = flags.sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))[0] ?? [];
  if (!id || !written?.value) throw new Error('fixture: no flag written by the first apply');
  const hand = written.value === 'eligible' ? ('not-eligible' as const) : ('eligible' as const);
  return { id, written, hand };
};

const statusJson = z.object({
  overrides: z.array(
    z.object({ employeeId: z.string(), kind: z.string(), handling: z.string(), changedBy: z.string().optional() }),
  ),
});

/**
 * DESIGN §9, manual changes, through the real CLI on each sandbox: a flag an HR business partner sets by hand is
 * kept and reported by every scheduled apply; `revert` puts it back; a lost state store reports, never reverts.
 */
describe.each(Object.keys(connectors))('%s: human decisions are protected', { timeout: CLI_TEST_TIMEOUT }, (type) => {
  // Each test follows one person's flag: 30 people (the first 30 of the 60 these tests once used, with the same
  // hand-made standard goals among them) give the first apply flags to write, with half the people to read.
  const { org, start } = hrisFixture(type, { employees: 30 });

  it('a hand-set flag survives three scheduled applies with the default policy and is reported each time', async () => {
    const sandbox = await start();
    const ws = workspaceFor(sandbox, org);
    const run = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect((await run(['apply', '--yes'])).code).toBe(0);
    const { id, hand } = handTarget(sandbox);
    sandbox.setFlagByHand(id, { value: hand, reason: HAND_REASON, by: HRBP });
    const line = `(sub/${id}) flag changed by hand`;

    const plan = await run(['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(line);
    expect(plan.stdout).toMatch(/by hand \(!\)\s+1 kept/);
    for (let i = 0; i < 3; i++) {
      sandbox.resetStats();
      const apply = await run(['apply', '--yes']);
      expect(apply.code, apply.stderr).toBe(0);
      expect(apply.stdout).toContain(line);
      expect(apply.stdout).toContain(`HRIS holds ${hand}: ${HAND_REASON}`);
      expect(sandbox.stats().writes).toBe(0);
      expect(sandbox.snapshot().eligibility[id]).toEqual({ value: hand, reason: HAND_REASON });
    }
    // `status` reads the last run from the state store: after the third apply it still lists the override as kept.
    const status = await run(['status']);
    expect(status.stdout).toContain('1 kept overrides, never undone by fluencyflow');
    expect(status.stdout).toContain(line);
    const json = statusJson.parse(JSON.parse((await run(['status', '--json'])).stdout));
    expect(json.overrides.map((o) => [o.employeeId, o.kind, o.handling])).toEqual([[id, 'eligibility', 'kept']]);
    // Who changed it, where the HRIS says (SuccessFactors records lastModifiedBy on the MDF record).
    if (type === 'successfactors') expect(json.overrides[0]?.changedBy).toBe(HRBP);
    const committee = await run(['report', '--committee', '--out', join(ws.dir, 'committee')]);
    expect(committee.code, committee.stderr).toBe(0);
    expect(committee.stdout).toContain('with 1 values changed by hand in the HRIS and kept');
  });

  it('with onManualChange: revert the next apply puts it back, marked as reverting a manual change', async () => {
    const sandbox = await start();
    const ws = workspaceFor(sandbox, org, { onManualChange: { flag: 'revert' } });
    const run = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect((await run(['apply', '--yes'])).code).toBe(0);
    const { id, written, hand } = handTarget(sandbox);
    sandbox.setFlagByHand(id, { value: hand, reason: HAND_REASON, by: HRBP });
    const apply = await run(['apply', '--yes']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain(`(sub/${id}) flag changed by hand`);
    expect(apply.stdout).toContain(`reverting to ${written.value}`);
    expect(apply.stdout).toMatch(/Applied 1 changes/);
    expect(sandbox.snapshot().eligibility[id]).toEqual(written);
    const again = await run(['plan']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('changed by hand');
  });

  it('with the state store lost, a differing value is reported and not written until --adopt', async () => {
    const sandbox = await start();
    const ws = workspaceFor(sandbox, org);
    const run = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect((await run(['apply', '--yes'])).code).toBe(0);
    const { id, written, hand } = handTarget(sandbox);
    sandbox.setFlagByHand(id, { value: hand, reason: HAND_REASON, by: HRBP });
    rmSync(join(ws.dir, '.fluencyflow'), { recursive: true, force: true });

    const line = `(sub/${id}) flag differs, no history`;
    const plan = await run(['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(line);
    expect(plan.stdout).toContain('DIFFERS_NO_HISTORY: 1');
    sandbox.resetStats();
    const apply = await run(['apply', '--yes']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain(line);
    expect(sandbox.stats().writes).toBe(0);
    expect(sandbox.snapshot().eligibility[id]).toEqual({ value: hand, reason: HAND_REASON });

    // The admin reviews a plan made with --adopt; applying that file adopts (the plan says so).
    const planned = await run(['plan', '--adopt', '--out', 'adopt.json']);
    expect(planned.code, planned.stderr).toBe(2);
    const shown = await runCli(['show', 'adopt.json'], { cwd: ws.dir });
    expect(shown.stdout).toContain(`(sub/${id}) flag differs, no history`);
    expect(shown.stdout).toContain(`--adopt writes ${written.value}`);
    const adopted = await run(['apply', 'adopt.json', '--yes']);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toMatch(/Applied 1 changes/);
    expect(sandbox.snapshot().eligibility[id]).toEqual(written);
    // The adopted value is the new baseline: a later hand edit is a manual change again, kept.
    sandbox.setFlagByHand(id, { value: hand, reason: HAND_REASON, by: HRBP });
    const later = await run(['plan']);
    expect(later.stdout).toContain(`(sub/${id}) flag changed by hand`);
  });
});
