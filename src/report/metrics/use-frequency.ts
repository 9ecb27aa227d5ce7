import type { MetricTable } from '../metrics-schema.js';
import { applyMinGroupSize, groupBy } from '../privacy.js';
import { fiveNumbers, round2 } from '../stats.js';
import { NONE, type ReportContext } from './context.js';
import { levelKeys, makeTable } from './table.js';

/** Real AI use per tier: active days per week (over the last 28 days) of judged employees, per level held. */
export const useFrequency = (ctx: ReportContext): MetricTable => {
  const keys = levelKeys(ctx);
  const keyOf = (level: string | null) => (ctx.rank(level) < 0 ? NONE : (level ?? NONE));
  const byKey = new Map(groupBy(ctx.judged, (e) => keyOf(e.levelHeld)).map((g) => [g.label, g.members]));
  const groups = keys.map(({ key, label }) => ({ label, members: byKey.get(key) ?? [] }));
  return makeTable(ctx, {
    id: 'use-by-level',
    title: 'AI use by level held',
    definition:
      'Active days per week of AI-tool use over the 28 days ending on the as-of date (an active day has at ' +
      'least one usage event), for judged employees grouped by the level they hold. ' +
      'Quartiles by linear interpolation (R type 7).',
    groupLabel: 'Level held',
    mode: 'merge',
    columns: [
      { key: 'employees', label: 'Employees', unit: 'count' },
      { key: 'min', label: 'Min', unit: 'days-per-week' },
      { key: 'q1', label: 'Lower quartile', unit: 'days-per-week' },
      { key: 'median', label: 'Median', unit: 'days-per-week' },
      { key: 'q3', label: 'Upper quartile', unit: 'days-per-week' },
      { key: 'max', label: 'Max', unit: 'days-per-week' },
    ],
    outcome: applyMinGroupSize(groups, { minGroupSize: ctx.input.minGroupSize, mode: 'merge' }),
    values: (members) => {
      const s = fiveNumbers(members.map((e) => e.activeDaysPerWeek));
      return {
        employees: members.length,
        min: s ? round2(s.min) : null,
        q1: s ? round2(s.q1) : null,
        median: s ? round2(s.median) : null,
        q3: s ? round2(s.q3) : null,
        max: s ? round2(s.max) : null,
      };
    },
  });
};
