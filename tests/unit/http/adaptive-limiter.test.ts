import { createServer, type Server } from 'node:http';
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { FluencyError, NetworkError, RateLimitError } from '../../../src/errors.js';
import {
  AdaptiveLimiter,
  createHttpClient,
  defaultHttpSettings,
  headerValue,
  parseRetryAfter,
  withRetry,
} from '../../../src/http/index.js';

/** Virtual time: `sleep` waits for the driver, which moves the clock to the next timer once nothing else can run. */
const virtualTime = () => {
  let now = 0;
  const timers: { at: number; wake: () => void }[] = [];
  const slept: number[] = [];
  const sleep = (ms: number) =>
    new Promise<void>((wake) => {
      slept.push(ms);
      timers.push({ at: now + ms, wake });
    });
  const settle = () => new Promise<void>((r) => setImmediate(r));
  const drive = async <T>(work: Promise<T>): Promise<T> => {
    let finished = false;
    const watched = work.finally(() => void (finished = true));
    for (await settle(); !finished; await settle()) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (next === undefined) throw new Error('stuck: nothing to wake and the work has not finished');
      now = Math.max(now, next.at);
      next.wake();
    }
    return watched;
  };
  return { clock: () => now, sleep, drive, slept };
};

describe('AdaptiveLimiter (AIMD)', () => {
  it('halves once per congestion event, and again for a request sent after the halving', async () => {
    const limiter = new AdaptiveLimiter({ max: 8, sleep: async () => {} });
    const first = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire(false)));
    first[0]?.throttled(1000);
    expect(limiter.stats()).toMatchObject({ concurrency: 4, decreases: 1, throttles: 1 });
    // Sent before the halving: the same event, no second halving.
    first[1]?.throttled(1000);
    expect(limiter.stats()).toMatchObject({ concurrency: 4, decreases: 1, throttles: 2 });
    for (const s of first.slice(2)) s.failed();
    const later = await limiter.acquire(false);
    later.throttled(1000);
    expect(limiter.stats()).toMatchObject({ concurrency: 2, lowest: 2, decreases: 2 });
  });

  it('grows by one per window of successes, up to its maximum', async () => {
    const limiter = new AdaptiveLimiter({ max: 4, sleep: async () => {} });
    (await limiter.acquire(false)).throttled(undefined);
    expect(limiter.stats().concurrency).toBe(2);
    const succeed = async (n: number) => {
      for (let i = 0; i < n; i++) (await limiter.acquire(false)).succeeded();
    };
    await succeed(1);
    expect(limiter.stats().concurrency).toBe(2);
    await succeed(1);
    expect(limiter.stats().concurrency).toBe(3);
    await succeed(3);
    expect(limiter.stats().concurrency).toBe(4);
    await succeed(20);
    expect(limiter.stats()).toMatchObject({ concurrency: 4, increases: 2 });
  });

  it('keeps the concurrency: a slot is granted only when one is free', async () => {
    const limiter = new AdaptiveLimiter({ max: 2, sleep: async () => {} });
    const a = await limiter.acquire(false);
    await limiter.acquire(false);
    let third = false;
    const waiting = limiter.acquire(false).then((s) => {
      third = true;
      return s;
    });
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    a.succeeded();
    await waiting;
    expect(third).toBe(true);
  });

  it('makes every caller wait until Retry-After has passed, the throttled one first', async () => {
    const time = virtualTime();
    const limiter = new AdaptiveLimiter({ max: 4, clock: time.clock, sleep: time.sleep });
    const granted: { who: string; at: number }[] = [];
    const work = (async () => {
      const slot = await limiter.acquire(false);
      slot.throttled(2000);
      const others = ['b', 'c'].map(async (who) => {
        (await limiter.acquire(false)).succeeded();
        granted.push({ who, at: time.clock() });
      });
      const resend = (async () => {
        (await limiter.acquire(true)).succeeded();
        granted.push({ who: 'resend', at: time.clock() });
      })();
      await Promise.all([...others, resend]);
    })();
    await time.drive(work);
    expect(granted.map((g) => g.who)[0]).toBe('resend');
    expect(granted.every((g) => g.at === 2000)).toBe(true);
  });

  it('pauses no longer than the run has left before its deadline', async () => {
    const time = virtualTime();
    const limiter = new AdaptiveLimiter({ max: 2, clock: time.clock, sleep: time.sleep, remainingMs: () => 500 });
    const work = (async () => {
      (await limiter.acquire(false)).throttled(2000);
      (await limiter.acquire(false)).succeeded();
    })();
    await time.drive(work);
    expect(time.slept).toEqual([500]);
    expect(time.clock()).toBe(500);
  });

  it('gives a request made inside a slot (a token fetch) that slot: no waiting for a second', async () => {
    const limiter = new AdaptiveLimiter({ max: 1, sleep: async () => {} });
    const outer = await limiter.acquire(false);
    const inner = await outer.run(async () => {
      const s = await limiter.acquire(false);
      s.succeeded();
      return 'token';
    });
    outer.succeeded();
    expect(inner).toBe('token');
  });
});

/** A server's token bucket on the virtual clock: `perSecond`, one second's burst, Retry-After in whole seconds. */
const bucket = (clock: () => number, perSecond: number) => {
  let tokens = perSecond;
  let at = clock();
  return (): number | null => {
    tokens = Math.min(perSecond, tokens + ((clock() - at) * perSecond) / 1000);
    at = clock();
    if (tokens >= 1) {
      tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - tokens) / perSecond)) * 1000;
  };
};

describe('withRetry and the limiter against a rate-limited server', () => {
  it('no request is throttled twice in a row; every one gets through at the rate the server allows', async () => {
    const time = virtualTime();
    const limiter = new AdaptiveLimiter({ max: 4, clock: time.clock, sleep: time.sleep });
    const take = bucket(time.clock, 5);
    let sent = 0;
    let throttled = 0;
    const settings = { ...defaultHttpSettings, limiter, sleep: time.sleep };
    const call = (i: number) =>
      withRetry(
        async () => {
          sent++;
          const wait = take();
          if (wait === null) return i;
          throttled++;
          throw new RateLimitError('throttled', { retryAfterMs: wait });
        },
        { idempotent: i % 2 === 0, settings },
      );
    // Callers as a connector makes them: up to 4 at once (its own p-limit), each going through the limiter.
    const results: number[] = [];
    const work = (async () => {
      const queue = Array.from({ length: 60 }, (_, i) => i);
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) results.push(await call(i));
        }),
      );
    })();
    await time.drive(work);
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(throttled).toBeGreaterThan(0);
    expect(limiter.stats()).toMatchObject({ repeated: 0, throttles: throttled });
    expect(limiter.stats().decreases).toBeGreaterThan(0);
    expect(sent).toBe(60 + throttled);
    // 60 requests at 5 a second with a 5-request burst: at least 11 s, and no more than 10% slower than that.
    expect(time.clock()).toBeGreaterThanOrEqual(11_000);
    expect(time.clock()).toBeLessThanOrEqual(11_000 / 0.9);
  });
});

describe('Retry-After through the HTTP client, in seconds and as an HTTP date', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  const NOW = Date.UTC(2027, 0, 4, 9, 30, 0);
  it.each([
    ['seconds', '3'],
    ['an HTTP date', new Date(NOW + 3000).toUTCString()],
  ])('waits the time given in %s, once, and the resend is not throttled', async (_form, retryAfter) => {
    let hits = 0;
    server = createServer((req, res) => {
      hits++;
      req.resume();
      if (hits === 1) res.writeHead(429, { 'Retry-After': retryAfter }).end();
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    // A fixed clock: the limiter sleeps each pause once and goes on.
    const limiter = new AdaptiveLimiter({ max: 2, clock: () => 0, sleep });
    const client = createHttpClient({
      connector: 'test',
      baseUrl: `http://127.0.0.1:${port}/`,
      settings: { ...defaultHttpSettings, now: () => NOW, limiter, sleep },
      translate: (e): FluencyError => {
        if (!axios.isAxiosError(e) || e.response?.status !== 429) return new NetworkError(String(e));
        const ms = parseRetryAfter(headerValue(e.response.headers, 'retry-after'), NOW);
        return new RateLimitError('throttled', { status: 429, retryAfterMs: ms });
      },
    });
    const res = await client.request({ method: 'GET', url: 'x', route: 'GET x', idempotent: false });
    expect(res.data).toEqual({ ok: true });
    expect(hits).toBe(2);
    expect(slept).toEqual([3000]);
    expect(limiter.stats()).toMatchObject({ throttles: 1, repeated: 0, lowest: 1, decreases: 1 });
  });
});
