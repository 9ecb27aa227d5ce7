import { describe, expect, it } from 'vitest';
import { run } from '../../bench/e2e100k.bench.js';
import { CLI_TEST_TIMEOUT } from '../helpers/cli.js';

describe('the 100k end-to-end bench at a tiny size (so it cannot rot)', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('plans, applies and re-plans through the CLI against a sandbox; time and calls per phase', async () => {
    const lines: { metric: string; value: number; unit: string; [k: string]: unknown }[] = [];
    const emit = (_b: string, metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
      lines.push({ metric, value, unit, ...extra });
    await run({ employees: 40, emit });
    const metric = (m: string) => lines.find((l) => l.metric === m);
    expect(metric('employees')).toMatchObject({ value: 40, connector: 'successfactors' });
    expect(metric('changes')?.value).toBeGreaterThan(0);
    for (const phase of ['plan', 'apply', 'rerun']) {
      expect(metric(`${phase}_time`)?.value, phase).toBeGreaterThan(0);
      expect(metric(`${phase}_calls`)?.value, phase).toBeGreaterThan(0);
    }
    // The apply wrote everything; the unchanged re-run found nothing to do and wrote nothing.
    expect(metric('apply_calls')?.writes).toEqual(expect.any(Number));
    expect(Number(metric('apply_calls')?.writes)).toBeGreaterThan(0);
    expect(metric('rerun_calls')?.writes).toBe(0);
    expect(metric('apply_applied')).toMatchObject({ failed: 0, unknown: 0, notAttempted: 0 });
    expect(metric('rerun_changes')?.value).toBe(0);
  });
});
