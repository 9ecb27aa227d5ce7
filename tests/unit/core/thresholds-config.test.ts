import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../../src/core/policy.js';
import { thresholdFigures, thresholdLevel } from '../../../src/core/thresholds.js';
import { buildMetrics } from '../../../src/report/build-metrics.js';
import { config as configSchema } from '../../../schemas/index.js';
import { baseConfigInput, makeConfig } from '../../helpers/config.js';
import { input } from '../report/org-fixture.js';

describe('thresholds from the config (DESIGN §9)', () => {
  it('default to the pattern: 100% with the goal, 80% practitioner', () => {
    const p = buildPolicy(makeConfig());
    const f = thresholdFigures(p, [], () => true);
    expect(f.goalCoverage.target).toBe(1);
    expect(f.practitionerOrPursuing.target).toBe(0.8);
    expect(thresholdLevel(p)).toBe('practitioner');
  });

  it('an organisation sets its own targets and level', () => {
    const p = buildPolicy(makeConfig({ thresholds: { goalCoverage: 0.95, practitioner: 0.6, level: 'expert' } }));
    const f = thresholdFigures(p, [], () => true);
    expect(f.goalCoverage.target).toBe(0.95);
    expect(f.practitionerOrPursuing).toMatchObject({ target: 0.6, level: 'expert' });
  });

  it('the dashboard judges "met" against the configured target', () => {
    const strict = buildMetrics(input());
    const lenient = buildMetrics(input({ targets: { goalCoverage: 0.5, practitioner: 0.5 } }));
    expect(strict.thresholds.goalCoverage.target).toBe(1);
    expect(lenient.thresholds.goalCoverage.target).toBe(0.5);
    expect(lenient.thresholds.goalCoverage.definition).toContain('Target 50%');
    const v = strict.thresholds.goalCoverage.value ?? 0;
    expect(strict.thresholds.goalCoverage.met).toBe(v >= 1);
    expect(lenient.thresholds.goalCoverage.met).toBe(v >= 0.5);
  });

  it('a share outside 0..1 or an unknown level is refused with its path', () => {
    const bad = configSchema.safeParse({ ...baseConfigInput(), thresholds: { goalCoverage: 1.5, level: 'guru' } });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toContain('thresholds.goalCoverage');
    const level = configSchema.safeParse({ ...baseConfigInput(), thresholds: { level: 'guru' } });
    expect(level.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([
      'thresholds.level',
      'unknown level "guru"',
    ]);
  });
});
