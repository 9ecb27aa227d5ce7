import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bin, childEnv, CLI_TEST_TIMEOUT } from '../helpers/cli.js';
import { startServeFixture, TOKENS } from '../helpers/serve.js';

/** The real `fluencyflow serve` process: listens, answers its probes and 401, and stops cleanly on SIGTERM. */
describe('fluencyflow serve as a process', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('prints where it listens, serves the probes, refuses the page without a token, exits 0 on SIGTERM', async () => {
    const f = await startServeFixture();
    await f.service.stop();
    let stopChild = (): unknown => undefined;
    try {
      const env = childEnv({
        ...f.sandbox.env,
        FF_TOKEN_ALICE: TOKENS.alice,
        FF_TOKEN_BOB: TOKENS.bob,
        FF_TOKEN_CAROL: TOKENS.carol,
        NO_COLOR: '1',
      });
      const child = spawn(process.execPath, [bin, 'serve', '--config', f.ws.config, '--port', '0', '--json'], {
        cwd: f.ws.dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      // A failed expectation must not leave the server running in the shared test process' children.
      stopChild = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
      const started = await new Promise<string>((done, fail) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('\n')) done(stdout);
        });
        child.on('close', () => fail(new Error(`serve exited before listening: ${stderr}`)));
      });
      const { url, schedule } = z
        .object({ url: z.string(), schedule: z.array(z.object({ trigger: z.string(), at: z.string() })) })
        .parse(JSON.parse(started));
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(schedule.map((s) => s.trigger)).toEqual(['weekly']);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect((await fetch(`${url}/`)).status).toBe(401);
      expect((await fetch(`${url}/`, { headers: { authorization: `Bearer ${TOKENS.carol}` } })).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited, stderr).toBe(0);
    } finally {
      stopChild();
      await f.sandbox.close();
    }
  });
});
