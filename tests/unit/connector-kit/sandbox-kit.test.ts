import { afterEach, describe, expect, it } from 'vitest';
import { createFaultInjector } from '../../../src/connector-kit/sandbox-faults.js';
import {
  assertVariations,
  createQuirkCounters,
  createRequestStats,
  listenLoopback,
  readBody,
  SandboxError,
  sendJson,
  type LoopbackServer,
} from '../../../src/connector-kit/sandbox-kit.js';

const injector = () =>
  createFaultInjector({
    isWrite: (req) => req.method === 'POST',
    renderError: (status, message) => ({ contentType: 'application/json', body: JSON.stringify({ status, message }) }),
  });

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** A sandbox in miniature: echoes the body's length, renders a `SandboxError` as `{ message }` with its status. */
const startEcho = async (limit: number): Promise<LoopbackServer> => {
  const server = await listenLoopback(
    (req, res) => {
      readBody(req, limit)
        .then((body) => sendJson(res, 200, { length: body.length }, 'application/json; charset=utf-8'))
        .catch((e: unknown) => {
          const err = e instanceof SandboxError ? e : new SandboxError(500, 'unexpected');
          sendJson(res, err.status, { message: err.message }, 'application/json; charset=utf-8', err.headers);
        });
    },
    { port: 0, faults: injector() },
  );
  servers.push(server);
  return server;
};

describe('the sandbox kit', () => {
  it('serves on loopback, reads bodies up to the limit and answers 413 past it', async () => {
    const server = await startEcho(10);
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}/`);
    const small = await fetch(server.origin, { method: 'POST', body: 'x'.repeat(10) });
    expect(small.status).toBe(200);
    expect(small.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await small.json()).toEqual({ length: 10 });
    const large = await fetch(server.origin, { method: 'POST', body: 'x'.repeat(11) });
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ message: 'Payload too large' });
  });

  it('a port already taken rejects instead of crashing', async () => {
    const first = await startEcho(10);
    await expect(listenLoopback(() => undefined, { port: first.port, faults: injector() })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });

  it('counts requests, routes and writes; reset starts again and copies cannot change the counts', () => {
    const s = createRequestStats();
    s.request();
    s.route('GET a');
    s.request();
    s.route('GET a');
    s.route('POST b');
    s.write();
    const seen = s.stats();
    expect(seen).toEqual({ requests: 2, writes: 1, byRoute: { 'GET a': 2, 'POST b': 1 } });
    seen.byRoute['GET a'] = 99;
    expect(s.stats().byRoute['GET a']).toBe(2);
    s.reset();
    expect(s.stats()).toEqual({ requests: 0, writes: 0, byRoute: {} });
  });

  it('throttles every nth request and fails every nth write, counting while the quirk is off', () => {
    const c = createQuirkCounters();
    const throttled = [1, 2, 3, 4, 5, 6].map(() => c.throttled({ rateLimitEvery: 3 }));
    expect(throttled).toEqual([false, false, true, false, false, true]);
    expect(c.writeFails({ failWritesEvery: 0 })).toBe(false);
    expect(c.writeFails({ failWritesEvery: 2 })).toBe(true);
    c.reset();
    expect(c.writeFails({ failWritesEvery: 2 })).toBe(false);
    expect(c.throttled({ rateLimitEvery: 1 })).toBe(true);
  });
});

describe('tenant variations', () => {
  it('a sandbox refuses a variation it does not offer, naming it', () => {
    expect(() => assertVariations('Acme', ['alternate-goal-states'], ['alternate-goal-states'])).not.toThrow();
    expect(() => assertVariations('Acme', ['alternate-goal-states'], ['multi-family-profiles'])).toThrow(
      'the Acme sandbox has no variation multi-family-profiles',
    );
  });
});
