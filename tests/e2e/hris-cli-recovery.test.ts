import { describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import { CLI_TEST_TIMEOUT, normalised, runCli, workspaceFor } from '../helpers/cli.js';
import { hrisFixture } from '../helpers/hris-fixture.js';
import { manyWriteRequests, someWritesFail } from '../helpers/writes.js';

/**
 * Runs that do not go to plan, through the real CLI against each HRIS sandbox: SIGKILL half way, throttling, failed
 * writes. Each must end with the state of one uninterrupted run.
 */
describe.each(Object.keys(connectors))('%s recovers through the CLI', { timeout: CLI_TEST_TIMEOUT }, (type) => {
  // What these runs need is write requests to stop between, to throttle and to fail: 60 people make dozens (a dozen
  // or more small upsert batches in SuccessFactors, tests/helpers/writes.ts). Paging through workers is the lifecycle
  // test's (hris-cli.test.ts, 300 people); here it would only cost time.
  const { org, start, uninterrupted } = hrisFixture(type, { employees: 60 });

  it('SIGKILL in the middle of apply, then apply again: the same HRIS state as an uninterrupted run', async () => {
    const { state: expected, writes: writesUninterrupted } = await uninterrupted();

    const sandbox = await start();
    // As many write requests as the reference made, to be killed between (SuccessFactors: small upsert batches).
    const ws = workspaceFor(sandbox, org, { connectors: [manyWriteRequests(sandbox, 'sub')] });
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
    expect(resumed.code, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);
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

    const sandbox = await start(someWritesFail(type, 4));
    const ws = workspaceFor(sandbox, org);
    const first = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(first.code, first.stderr).toBe(3);
    expect(first.stdout).toMatch(/[1-9]\d* failed/);
    expect(first.stdout).toMatch(/failed \S+\/\S+ (goal|eligibility|exception-note): FF_/);
    sandbox.setQuirks(someWritesFail(type, 0));
    const second = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(second.code, second.stderr).toBe(0);
    expect(normalised(sandbox.snapshot())).toEqual(expected);
  });
});
