import { describe, expect, it } from 'vitest';
import { run } from '../../../bench/rate.bench.js';
import { connectors } from '../../../connectors/index.js';

interface Line {
  metric: string;
  value: number;
  connector?: unknown;
  phase?: unknown;
  requests?: unknown;
  limited?: unknown;
}

describe('the rate-limit bench at a tiny size (so it cannot rot)', () => {
  const title = 'every connector meets the limit, the limiter reacts, and no request is throttled twice in a row';
  it(title, { timeout: 600_000 }, async () => {
    const lines: Line[] = [];
    const emit = (_bench: string, metric: string, value: number, _unit: string, extra: Record<string, unknown> = {}) =>
      void lines.push({ metric, value, ...extra });
    await run({ employees: 8, perSecond: 5, emit });
    for (const type of Object.keys(connectors)) {
      const mine = lines.filter((l) => l.connector === type);
      const metric = (m: string) => mine.filter((l) => l.metric === m);
      // A folder connector is said to send no requests, and measured for nothing else.
      if (metric('no_http').length > 0) {
        expect(
          mine.map((l) => l.metric),
          type,
        ).toEqual(['no_http']);
        continue;
      }
      expect(
        metric('achieved_rate').map((l) => l.phase),
        type,
      ).toEqual(['read', 'write']);
      expect(
        metric('throttled_twice_in_a_row').map((l) => l.value),
        type,
      ).toEqual([0, 0]);
      // The sandbox said 429 (or 503) at least once, and the limiter halved its concurrency in answer.
      expect(
        metric('throttled').some((l) => l.value > 0),
        type,
      ).toBe(true);
      expect(metric('lowest_concurrency').length, type).toBeGreaterThan(0);
      for (const l of metric('lowest_concurrency')) expect(l.value, type).toBeLessThan(4);
      for (const l of metric('achieved_rate')) expect(l.requests, type).toEqual(expect.any(Number));
    }
  });
});
