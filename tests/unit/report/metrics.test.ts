import { describe, expect, it } from 'vitest';
import { buildMetrics } from '../../../src/report/build-metrics.js';
import type { Metrics, MetricTable } from '../../../src/report/metrics-schema.js';
import { AS_OF, input, ORG, snapshot } from './org-fixture.js';

const table = (m: Metrics, id: string): MetricTable => {
  const t = m.tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
};
const row = (t: MetricTable, group: string) => {
  const r = t.rows.find((x) => x.group === group);
  if (!r) throw new Error(`no row ${group} in ${t.id}`);
  return r.values;
};

describe('thresholds', () => {
  const m = buildMetrics(input());

  it('goal coverage: 17 of the 20 judged employees (E7, S3, S6 have no goal; U1, U2 are not judged)', () => {
    expect(m.thresholds.goalCoverage).toMatchObject({
      value: 0.85,
      numerator: 17,
      denominator: 20,
      target: 1,
      met: false,
      asOf: AS_OF,
    });
  });

  it('practitioner or above: 7 of the 10 in practitioner grades (E1 E2 E3 S3 F1 F2 F3; not E4 S1 S2)', () => {
    // E3 and F3 are pursuing; E1 and F2 hold expert, above their practitioner expectation.
    expect(m.thresholds.practitioner).toMatchObject({
      value: 0.7,
      numerator: 7,
      denominator: 10,
      target: 0.8,
      met: false,
    });
  });

  it('counts the population and carries a definition for every figure', () => {
    expect(m.population).toMatchObject({ evaluations: 22, judged: 20, unjudged: 2, connectors: 1 });
    for (const t of m.tables) expect(t.definition.length, t.id).toBeGreaterThan(40);
    expect(m.thresholds.goalCoverage.definition).toContain('Target 100%');
  });

  it('trend per quarter from the snapshots; a quarter of 3 is suppressed', () => {
    const ids = ['A', 'B', 'C', 'D', 'E', 'F'];
    const snaps = [
      // 2025-Q4 holds three people only: below the minimum group size.
      ...['A', 'B', 'C'].map((id) => snapshot('2025-Q4', id, null, { hasGoal: true })),
      // 2026-Q1: goal A,B (2/6); practitioner+ held by D,E,F and A pursuing (4/6).
      ...ids.map((id, i) =>
        snapshot('2026-Q1', id, i >= 3 ? 'practitioner' : null, {
          hasGoal: i < 2,
          status: id === 'A' ? 'pursuing' : 'below',
        }),
      ),
      // 2026-Q2: goal A-D (4/6); held by D,E,F, none pursuing (3/6).
      ...ids.map((id, i) => snapshot('2026-Q2', id, i >= 3 ? 'expert' : 'foundational', { hasGoal: i < 4 })),
    ];
    const t = buildMetrics(input({ snapshots: snaps })).thresholds;
    expect(t.goalCoverage.trend.map((p) => [p.quarter, p.value])).toEqual([
      ['2025-Q4', null],
      ['2026-Q1', 0.3333],
      ['2026-Q2', 0.6667],
      // No snapshot for the as-of quarter: it comes from the evaluations, so the trend ends at the headline.
      ['2027-Q1', 0.85],
    ]);
    expect(t.practitioner.trend.map((p) => p.value)).toEqual([null, 0.6667, 0.5, 0.7]);
  });

  it('a whole population below the minimum gives no headline figure', () => {
    const m2 = buildMetrics(input({ evaluations: ORG.slice(0, 4) }));
    expect(m2.thresholds.goalCoverage).toMatchObject({ value: null, numerator: null, met: null });
    expect(m2.privacy.suppressed).toBeGreaterThanOrEqual(2);
  });

  it('refuses a threshold level that is not in the ladder', () => {
    expect(() => buildMetrics(input({ thresholdLevel: 'guru' }))).toThrow(/not in the ladder/);
  });
});

describe('level distribution', () => {
  const m = buildMetrics(input());

  it('by department', () => {
    const t = table(m, 'level-by-department');
    expect(t.rows.map((r) => r.group)).toEqual(['Engineering', 'Finance', 'Sales']);
    // Engineering: none E7; foundational E3 E4 E5 E8; practitioner E2 E6; expert E1.
    expect(row(t, 'Engineering')).toMatchObject({
      employees: 8,
      'count:none': 1,
      'count:foundational': 4,
      'count:practitioner': 2,
      'count:expert': 1,
      'share:foundational': 0.5,
    });
    // Sales: none S1 S5 S6; foundational S2 S4; practitioner S3.
    expect(row(t, 'Sales')).toMatchObject({
      employees: 6,
      'count:none': 3,
      'count:foundational': 2,
      'count:practitioner': 1,
      'count:expert': 0,
      'share:none': 0.5,
    });
    expect(row(t, 'Finance')).toMatchObject({
      employees: 6,
      'count:none': 0,
      'count:foundational': 3,
      'count:practitioner': 2,
      'count:expert': 1,
    });
  });

  it('by grade, in grade order, G2 (4) and G7 (2) pooled into Other', () => {
    const t = table(m, 'level-by-grade');
    expect(t.rows.map((r) => [r.group, r.mergedGroups])).toEqual([
      ['G3', 1],
      ['G6', 1],
      ['Other', 2],
    ]);
    // G3: E5 f, E6 p, S4 f, S5 none, F4 f, F5 p.
    expect(row(t, 'G3')).toMatchObject({
      employees: 6,
      'count:none': 1,
      'count:foundational': 3,
      'count:practitioner': 2,
    });
    // G6: E2 p, E3 f, E4 f, S1 none, S2 f, F1 p, F2 e, F3 f.
    expect(row(t, 'G6')).toMatchObject({
      employees: 8,
      'count:none': 1,
      'count:foundational': 4,
      'count:practitioner': 2,
      'count:expert': 1,
    });
    // Other: G2 (E7 none, E8 f, S6 none, F6 f) + G7 (E1 e, S3 p).
    expect(row(t, 'Other')).toMatchObject({
      employees: 6,
      'count:none': 2,
      'count:foundational': 2,
      'count:practitioner': 1,
      'count:expert': 1,
    });
    expect(t.privacy).toEqual({ mode: 'merge', merged: 2, suppressed: 0 });
  });

  it('by job family', () => {
    const t = table(m, 'level-by-job-family');
    expect(t.rows.map((r) => [r.group, r.values['employees']])).toEqual([
      ['Engineering family', 8],
      ['Finance family', 6],
      ['Sales family', 6],
    ]);
  });
});

describe('AI use by level held', () => {
  const t = table(buildMetrics(input()), 'use-by-level');

  it('five numbers per level; none (4) and expert (2) pooled into Other', () => {
    expect(t.rows.map((r) => r.group)).toEqual(['Foundational', 'Practitioner', 'Other']);
    // Foundational, sorted: .5 1 1.5 1.5 2 2 2 2.5 2.5: quartiles at positions 2, 4, 6 (0-based).
    expect(row(t, 'Foundational')).toEqual({ employees: 9, min: 0.5, q1: 1.5, median: 2, q3: 2, max: 2.5 });
    // Practitioner: 3 3 3.5 3.5 4.
    expect(row(t, 'Practitioner')).toEqual({ employees: 5, min: 3, q1: 3, median: 3.5, q3: 3.5, max: 4 });
    // Other: 0 0 .5 1 5 6: q1 at 1.25 -> 0.125 (0.13), median at 2.5 -> 0.75, q3 at 3.75 -> 1 + 0.75 * 4 = 4.
    expect(row(t, 'Other')).toEqual({ employees: 6, min: 0, q1: 0.13, median: 0.75, q3: 4, max: 6 });
  });
});

describe('gaming signals by department', () => {
  it('certified-inactive share, burst and too-fast counts; highest rate first', () => {
    const t = table(buildMetrics(input()), 'signals-by-department');
    expect(t.rows.map((r) => r.group)).toEqual(['Sales', 'Engineering', 'Finance']);
    expect(row(t, 'Sales')).toEqual({
      employees: 6,
      'count:certifiedInactive': 1,
      'share:certifiedInactive': 0.1667,
      burst: 0,
      tooFast: 1,
    });
    expect(row(t, 'Engineering')).toEqual({
      employees: 8,
      'count:certifiedInactive': 1,
      'share:certifiedInactive': 0.125,
      burst: 1,
      tooFast: 0,
    });
    expect(row(t, 'Finance')).toEqual({
      employees: 6,
      'count:certifiedInactive': 0,
      'share:certifiedInactive': 0,
      burst: 0,
      tooFast: 0,
    });
  });
});

describe('movement up the ladder', () => {
  const q = (quarter: string, levels: Record<string, 'foundational' | 'practitioner' | 'expert' | null>) =>
    Object.entries(levels).map(([id, level]) => snapshot(quarter, id, level));
  const snaps = [
    ...q('2026-Q1', {
      A: null,
      B: 'foundational',
      C: 'foundational',
      D: 'practitioner',
      E: 'practitioner',
      F: 'expert',
    }),
    // A up, B same, C up, D same, E down, F same.
    ...q('2026-Q2', {
      A: 'foundational',
      B: 'foundational',
      C: 'practitioner',
      D: 'practitioner',
      E: 'foundational',
      F: 'expert',
    }),
    // A year after 2026-Q1: A B C D up, E F same; G is new.
    ...q('2027-Q1', {
      A: 'practitioner',
      B: 'practitioner',
      C: 'practitioner',
      D: 'expert',
      E: 'practitioner',
      F: 'expert',
      G: 'foundational',
    }),
  ];
  const m = buildMetrics(input({ snapshots: snaps }));

  it('quarter over quarter: only consecutive quarters present (2026-Q1 to Q2)', () => {
    const t = table(m, 'movement-qoq');
    expect(t.rows.map((r) => r.group)).toEqual(['2026-Q1 → 2026-Q2']);
    expect(row(t, '2026-Q1 → 2026-Q2')).toMatchObject({
      employees: 6,
      'count:up': 2,
      'count:same': 3,
      'count:down': 1,
      'share:up': 0.3333,
      'share:down': 0.1667,
    });
  });

  it('year over year: 2026-Q1 to 2027-Q1, the new hire not counted', () => {
    const t = table(m, 'movement-yoy');
    expect(row(t, '2026-Q1 → 2027-Q1')).toMatchObject({
      employees: 6,
      'count:up': 4,
      'count:same': 2,
      'count:down': 0,
      'share:up': 0.6667,
    });
  });

  it('level distribution per quarter (the store holds the as-of quarter, so the evaluations are not added)', () => {
    const t = table(m, 'level-by-quarter');
    expect(t.rows.map((r) => r.group)).toEqual(['2026-Q1', '2026-Q2', '2027-Q1']);
    expect(row(t, '2026-Q1')).toMatchObject({
      employees: 6,
      'count:none': 1,
      'count:foundational': 2,
      'count:practitioner': 2,
      'count:expert': 1,
    });
    expect(row(t, '2027-Q1')).toMatchObject({
      employees: 7,
      'count:none': 0,
      'count:foundational': 1,
      'count:practitioner': 4,
      'count:expert': 2,
    });
  });

  it('labels synthetic history', () => {
    const synthetic = snaps.map((s) => (s.quarter === '2026-Q1' ? { ...s, synthetic: true } : s));
    const m2 = buildMetrics(input({ snapshots: synthetic }));
    expect(m2.syntheticQuarters).toEqual(['2026-Q1']);
    expect(row(table(m2, 'movement-qoq'), '2026-Q1 → 2026-Q2')['synthetic']).toBe(true);
    expect(table(m2, 'level-by-quarter').synthetic).toBe(true);
    expect(m2.thresholds.goalCoverage.trend.find((p) => p.quarter === '2026-Q2')?.synthetic).toBe(false);
  });
});

describe('departments ranked by gap to the thresholds', () => {
  it('ranks by total gap (minimum group size 3 so every department shows)', () => {
    const t = table(buildMetrics(input({ minGroupSize: 3 })), 'lagging-departments');
    expect(t.rows.map((r) => r.group)).toEqual(['Sales', 'Engineering', 'Finance']);
    // Sales: goal 4/6 -> 33.3 pts; practitioner 1/3 (S3) -> 46.7 pts; 80% of 3 needs 3, so 2 short + 2 without goal.
    expect(row(t, 'Sales')).toEqual({
      rank: 1,
      employees: 6,
      goalCoverage: 0.6667,
      thresholdPopulation: 3,
      practitioner: 0.3333,
      goalGap: 33.3,
      practitionerGap: 46.7,
      score: 80,
      short: 4,
    });
    // Engineering: goal 7/8 -> 12.5; practitioner 3/4 -> 5; 80% of 4 needs 4: 1 short + 1 without goal.
    expect(row(t, 'Engineering')).toEqual({
      rank: 2,
      employees: 8,
      goalCoverage: 0.875,
      thresholdPopulation: 4,
      practitioner: 0.75,
      goalGap: 12.5,
      practitionerGap: 5,
      score: 17.5,
      short: 2,
    });
    expect(row(t, 'Finance')).toMatchObject({ rank: 3, goalGap: 0, practitionerGap: 0, score: 0, short: 0 });
  });

  it('sizes a department by its smallest population: at 5, every department (4, 3, 3 in practitioner grades) pools', () => {
    const t = table(buildMetrics(input()), 'lagging-departments');
    expect(t.rows.map((r) => [r.group, r.mergedGroups])).toEqual([['Other', 3]]);
    expect(row(t, 'Other')).toMatchObject({ employees: 20, thresholdPopulation: 10, practitioner: 0.7 });
  });
});

describe('across connectors', () => {
  it('shows a connection table only when there is more than one', () => {
    expect(buildMetrics(input()).tables.some((t) => t.id === 'coverage-by-connector')).toBe(false);
    const two = ORG.map((e, i) => ({ ...e, connector: i % 2 === 0 ? 'us' : 'eu' }));
    const t = table(buildMetrics(input({ evaluations: two })), 'coverage-by-connector');
    expect(t.rows.map((r) => [r.group, r.values['employees'], r.values['judged']])).toEqual([
      ['eu', 11, 10],
      ['us', 11, 10],
    ]);
    // U1 (index 20, us) is terminated; U2 (index 21, eu) has a grade outside the order.
    expect(row(t, 'us')).toMatchObject({ terminated: 1, gradeUnknown: 0 });
    expect(row(t, 'eu')).toMatchObject({ terminated: 0, gradeUnknown: 1 });
  });
});
