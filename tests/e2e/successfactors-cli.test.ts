import { afterEach, describe, expect, it } from 'vitest';
import { successfactorsConnector } from '../../connectors/successfactors/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { CLI_TEST_TIMEOUT, normalised, runCli, workspaceFor } from '../helpers/cli.js';

const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 200,
  seed: 8,
  standardGoalTitle: 'AI fluency development goal FY2027',
  cycleEnd: '2027-12-31',
});
const running: RunningSandbox[] = [];
afterEach(async () => {
  while (running.length) await running.pop()?.close();
});

describe('SuccessFactors specifics through the CLI', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('an upsert batch where some records fail (HTTP 200): the failed ones are named, then applied by the next run', async () => {
    const reference = await successfactorsConnector.sandbox.start({ org, port: 0 });
    running.push(reference);
    const refWs = workspaceFor(reference, org);
    expect(
      (await runCli(['apply', '--yes', '--config', refWs.config], { cwd: refWs.dir, env: reference.env })).code,
    ).toBe(0);

    const sandbox = await successfactorsConnector.sandbox.start({ org, port: 0, quirks: { failRecordsEvery: 5 } });
    running.push(sandbox);
    const ws = workspaceFor(sandbox, org);
    const first = await runCli(['apply', '--yes', '--config', ws.config, '--json'], { cwd: ws.dir, env: sandbox.env });
    expect(first.code, first.stderr).toBe(3);
    const result: unknown = JSON.parse(first.stdout);
    expect(result).toMatchObject({ failed: expect.any(Number) });
    const failures =
      typeof result === 'object' && result !== null && 'failures' in result && Array.isArray(result.failures)
        ? result.failures
        : [];
    expect(failures.length).toBeGreaterThan(0);
    // Each failure names its employee and kind, with the HRIS's own reason.
    for (const f of failures)
      expect(f).toMatchObject({
        employeeId: expect.stringMatching(/^\d+$/),
        kind: expect.stringMatching(/eligibility|exception-note|goal/),
        code: expect.stringMatching(/^FF_/),
      });

    sandbox.setQuirks({ failRecordsEvery: 0 });
    const second = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(second.code, second.stderr).toBe(0);
    expect(normalised(sandbox.snapshot())).toEqual(normalised(reference.snapshot()));
  });
});
