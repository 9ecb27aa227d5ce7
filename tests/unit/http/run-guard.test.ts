import { createServer, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FluencyError, NetworkError, RateLimitError } from '../../../src/errors.js';
import { createHttpClient, parseRetryAfter } from '../../../src/http/create-http-client.js';
import { decideRetry, type RetryInput } from '../../../src/http/retry-decision.js';
import { RunGuard } from '../../../src/http/run-guard.js';
import { defaultHttpSettings } from '../../../src/http/settings.js';

const clock = () => {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
};

describe('RunGuard', () => {
  it('never refuses while disarmed (plans, checks), whatever fails', () => {
    const g = new RunGuard();
    for (let i = 0; i < 10; i++) g.record('us', true);
    expect(g.stopReason('us')).toBeNull();
    expect(g.remainingMs()).toBeUndefined();
  });

  it('opens one connector’s circuit after N consecutive transport failures; an answer in between resets the count', () => {
    const g = new RunGuard();
    g.arm({ breakerThreshold: 3 });
    g.record('us', true);
    g.record('us', true);
    g.record('us', false);
    g.record('us', true);
    g.record('us', true);
    expect(g.stopReason('us')).toBeNull();
    g.record('us', true);
    expect(g.stopReason('us')?.code).toBe('FF_HRIS_UNAVAILABLE');
    expect(() => g.assertMaySend('us')).toThrow(/3 consecutive timeouts or connection failures/);
    expect(g.stopReason('eu')).toBeNull();
    // A new run starts closed.
    g.arm({ breakerThreshold: 3 });
    expect(g.stopReason('us')).toBeNull();
  });

  it('refuses every connector once the deadline has passed, counting from arm()', () => {
    const c = clock();
    const g = new RunGuard(c.now);
    g.arm({ breakerThreshold: 5, deadlineMs: 10_000 });
    c.advance(9_999);
    expect(g.remainingMs()).toBe(1);
    expect(g.stopReason('eu')).toBeNull();
    c.advance(1);
    expect(g.stopReason('eu')?.code).toBe('FF_DEADLINE');
    g.disarm();
    expect(g.stopReason('eu')).toBeNull();
  });
});

const base: RetryInput = {
  code: 'FF_NETWORK',
  idempotent: true,
  attempt: 1,
  retries: 5,
  minTimeoutMs: 100,
  maxTimeoutMs: 1000,
  maxRetryAfterMs: 60_000,
};
describe('decideRetry and the deadline', () => {
  it.each([
    ['a wait that fits', { remainingMs: 101 }, true, 'network'],
    ['a wait that would pass the deadline', { remainingMs: 100 }, false, 'deadline'],
    [
      'a Retry-After beyond the deadline',
      { code: 'FF_RATE_LIMITED', retryAfterMs: 5000, remainingMs: 4000 },
      false,
      'deadline',
    ],
    ['no deadline', {}, true, 'network'],
    [
      'a timeout on a create is never resent, deadline or not',
      { networkCode: 'ETIMEDOUT', idempotent: false, remainingMs: 1e9 },
      false,
      'not_idempotent',
    ],
    ['the guard’s own refusal is final', { code: 'FF_HRIS_UNAVAILABLE' }, false, 'not_retryable'],
  ] as const)('%s', (_name, over, retry, reason) => {
    const d = decideRetry({ ...base, ...over });
    expect(d.retry).toBe(retry);
    expect(d.reason).toBe(reason);
  });
});

/** A loopback server answering every request with `answer`, counting requests. */
const serve = async (answer: (res: ServerResponse) => void) => {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    answer(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
};

const translate = (e: unknown): FluencyError => {
  if (e instanceof FluencyError) return e;
  const status =
    typeof e === 'object' &&
    e !== null &&
    'response' in e &&
    typeof e.response === 'object' &&
    e.response !== null &&
    'status' in e.response
      ? e.response.status
      : undefined;
  const headers =
    typeof e === 'object' &&
    e !== null &&
    'response' in e &&
    typeof e.response === 'object' &&
    e.response !== null &&
    'headers' in e.response
      ? e.response.headers
      : undefined;
  const code = typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
  if (status === 429) {
    const h =
      typeof headers === 'object' && headers !== null && 'retry-after' in headers ? headers['retry-after'] : undefined;
    return new RateLimitError('throttled', { retryAfterMs: parseRetryAfter(h) });
  }
  return new NetworkError('no answer', { cause: { code } });
};

describe('createHttpClient under a run guard', () => {
  it('measures an HTTP-date Retry-After against the settings clock, not the machine’s', async () => {
    const at = Date.parse('2030-01-01T00:00:00Z');
    const server = await serve((res) => {
      res.writeHead(429, { 'Retry-After': new Date(at + 7_000).toUTCString() }).end();
    });
    const waits: number[] = [];
    const client = createHttpClient({
      connector: 'us',
      baseUrl: server.url,
      translate,
      settings: { ...defaultHttpSettings, retries: 1, now: () => at, sleep: async (ms) => void waits.push(ms) },
    });
    await expect(client.request({ method: 'GET', url: 'x', route: 'GET x', idempotent: true })).rejects.toMatchObject({
      code: 'FF_RATE_LIMITED',
      retryAfterMs: 7_000,
    });
    expect(waits).toEqual([7_000]);
    await server.close();
  });

  it('stops sending once the circuit opens: a frozen server gets threshold requests, no more', async () => {
    const server = await serve(() => undefined);
    const guard = new RunGuard();
    guard.arm({ breakerThreshold: 2 });
    const client = createHttpClient({
      connector: 'us',
      baseUrl: server.url,
      translate,
      settings: { ...defaultHttpSettings, timeoutMs: 300, retries: 5, guard, sleep: async () => undefined },
    });
    await expect(client.request({ method: 'GET', url: 'x', route: 'GET x', idempotent: true })).rejects.toMatchObject({
      code: 'FF_HRIS_UNAVAILABLE',
    });
    await expect(
      client.request({ method: 'POST', url: 'x', route: 'POST x', idempotent: false }),
    ).rejects.toMatchObject({ code: 'FF_HRIS_UNAVAILABLE' });
    expect(server.hits()).toBe(2);
    await server.close();
  });
});
