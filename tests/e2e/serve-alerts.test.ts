import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLI_TEST_TIMEOUT } from '../helpers/cli.js';
import { startServeFixture, TOKENS, type ServeFixture } from '../helpers/serve.js';

/** A local webhook receiver (as Slack or Teams would be): records each POST body. */
const receiver = async () => {
  const bodies: { contentType: string | undefined; text: string }[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString('utf8')));
    req.on('end', () => {
      bodies.push({ contentType: req.headers['content-type'], text });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = z.object({ port: z.number() }).parse(server.address());
  return {
    url: `http://127.0.0.1:${port}/hooks/T000/B000/secret-path`,
    bodies,
    close: () => new Promise<void>((d) => server.close(() => d())),
  };
};

const alertBody = z
  .object({
    text: z.string().min(1),
    runId: z.string(),
    status: z.string(),
    events: z.array(z.string()),
    counts: z
      .object({
        applied: z.number(),
        failed: z.number(),
        unknown: z.number(),
        notAttempted: z.number(),
        manualChanges: z.number(),
      })
      .strict(),
  })
  .strict();

describe('fluencyflow serve: alerts', { timeout: CLI_TEST_TIMEOUT }, () => {
  let f: ServeFixture | undefined;
  let hook: Awaited<ReturnType<typeof receiver>> | undefined;
  afterEach(async () => {
    await f?.close();
    await hook?.close();
  });

  it('a partial scheduled apply posts one webhook with the counts and run id, and no names, e-mails or secrets', async () => {
    hook = await receiver();
    f = await startServeFixture({
      quirks: { failWritesEvery: 9 },
      config: { alerts: { webhook: { url: { env: 'FF_ALERT_WEBHOOK' } } } },
      env: { FF_ALERT_WEBHOOK: hook.url },
    });
    await f.weeklyRun();
    const run = f.service.runner.store.lastRuns(1)[0];
    expect(run).toMatchObject({ command: 'apply', status: 'partial', actor: 'alice' });
    expect(hook.bodies).toHaveLength(1);
    const [raw] = hook.bodies;
    expect(raw?.contentType).toBe('application/json');
    const body = alertBody.parse(JSON.parse(raw?.text ?? ''));
    const summary = z
      .object({ applied: z.number(), failed: z.number(), unknown: z.number(), notAttempted: z.number() })
      .parse(run?.summary);
    expect(body).toMatchObject({ runId: run?.id, status: 'partial', events: ['partial'] });
    expect(body.counts).toEqual({ ...summary, manualChanges: 0 });
    expect(body.counts.failed + body.counts.unknown).toBeGreaterThan(0);
    expect(body.counts.applied).toBeGreaterThan(0);
    expect(body.text).toContain(
      `run ${run?.id ?? ''} partly failed: ${summary.applied} applied, ${summary.failed} failed`,
    );
    // Nobody is named: no employee's name, e-mail, id-bearing e-mail domain or the service's secrets.
    const text = raw?.text ?? '';
    for (const e of f.org.employees) {
      for (const personal of [e.email, `${e.firstName} ${e.lastName}`, e.lastName.length > 3 ? e.lastName : null])
        if (personal) expect(text.includes(personal), `alert names ${personal}`).toBe(false);
    }
    expect(text).not.toMatch(/@/);
    for (const secret of [...Object.values(TOKENS), ...Object.values(f.sandbox.env), 'secret-path'])
      expect(text.includes(secret)).toBe(false);
  });

  it('a clean run posts nothing; a run that finds a value changed by hand posts that count', async () => {
    hook = await receiver();
    f = await startServeFixture({
      config: {
        alerts: { webhook: { url: { env: 'FF_ALERT_WEBHOOK' } }, on: ['failed', 'partial', 'manual-changes'] },
      },
      env: { FF_ALERT_WEBHOOK: hook.url },
    });
    await f.weeklyRun();
    expect(f.service.runner.store.lastRuns(1)[0]?.status).toBe('done');
    expect(hook.bodies).toHaveLength(0);
    const flagged = Object.entries(f.sandbox.snapshot().eligibility).find(([, v]) => v.value !== null);
    if (!flagged) throw new Error('fixture: the first run wrote no flag');
    const [id, flag] = flagged;
    f.sandbox.setFlagByHand(id, {
      value: flag.value === 'eligible' ? 'not-eligible' : 'eligible',
      reason: 'Calibration',
      by: 'hrbp.jane',
    });
    f.clock.advanceTo('2027-07-05T11:00:00Z');
    await f.service.runner.idle();
    expect(hook.bodies).toHaveLength(1);
    const body = alertBody.parse(JSON.parse(hook.bodies[0]?.text ?? ''));
    expect(body.events).toEqual(['manual-changes']);
    expect(body.counts.manualChanges).toBe(1);
  });
});
