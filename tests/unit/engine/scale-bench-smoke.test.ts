import { describe, expect, it } from 'vitest';
import { run } from '../../../bench/scale.bench.js';

describe('the scale bench at a tiny size (so it cannot rot)', () => {
  it('generates a snapshot, times JSON only, parsing and the plan in child processes; ratios and RSS', async () => {
    const lines: { metric: string; value: number; unit: string; [k: string]: unknown }[] = [];
    const emit = (_b: string, metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
      lines.push({ metric, value, unit, ...extra });
    await run({ employees: 300, emit });
    const metric = (m: string) => lines.find((l) => l.metric === m);
    expect(metric('employees')?.value).toBe(300);
    for (const m of ['snapshot', 'json_only', 'parse_only', 'plan', 'plan_cpu', 'plan_peak_rss', 'parse_only_peak_rss'])
      expect(metric(m)?.value, m).toBeGreaterThan(0);
    expect(metric('plan_changes')?.value).toBeGreaterThan(0);
    const plan = metric('plan');
    expect(plan).toMatchObject({ unit: 'ms', baseline: 'parse_only', target: 2 });
    expect(plan?.ratio).toBeCloseTo((plan?.value ?? 0) / (metric('parse_only')?.value ?? 1), 1);
    expect(metric('plan_peak_rss')).toMatchObject({ unit: 'MB', target: 1536 });
  });
});
