import { describe, expect, it } from 'vitest';
import { run } from '../../../bench/badges.bench.js';

describe('the signed-badges bench at a tiny size (so it cannot rot)', () => {
  it('generates, parses, verifies and imports every credential, and reports each figure with its ratio', async () => {
    const lines: { metric: string; value: number; unit: string; ratio?: unknown }[] = [];
    await run({
      credentials: 60,
      emit: (_bench, metric, value, unit, extra = {}) => lines.push({ metric, value, unit, ...extra }),
    });
    const metric = (m: string) => lines.find((l) => l.metric === m);
    expect(metric('credentials')?.value).toBe(60);
    for (const m of ['parse_only', 'read_and_verify', 'import_verified', 'peak_rss'])
      expect(metric(m)?.value).toBeGreaterThan(0);
    expect(metric('import_verified')?.ratio).toEqual(expect.any(Number));
    expect(metric('read_and_verify')).toMatchObject({ unit: 'ms', baseline: 'parse_only' });
  });
});
