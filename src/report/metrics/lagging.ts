import type { EmployeeEvaluation } from '../../../schemas/evaluation.js';
import type { MetricTable } from '../metrics-schema.js';
import { applyMinGroupSize, groupBy } from '../privacy.js';
import { share } from '../stats.js';
import { departmentLabel, type ReportContext } from './context.js';
import { makeTable } from './table.js';

interface DepartmentGap {
  employees: number;
  withGoal: number;
  goalCoverage: number | null;
  goalGap: number;
  thresholdPopulation: number;
  onTrack: number;
  practitioner: number | null;
  practitionerGap: number;
  short: number;
  score: number;
}

/** Percentage points below a target (0 when met or when there is no population). */
const gapPoints = (value: number | null, target: number) =>
  value === null ? 0 : Math.max(0, Math.round((target - value) * 1000) / 10);

const gapOf = (ctx: ReportContext, members: readonly EmployeeEvaluation[]): DepartmentGap => {
  const withGoal = members.filter((e) => e.goal !== null).length;
  const population = members.filter((e) => ctx.rank(e.levelExpected) >= ctx.thresholdRank);
  const onTrack = population.filter(
    (e) =>
      (ctx.rank(e.levelExpected) >= 0 && ctx.rank(e.levelHeld) >= ctx.rank(e.levelExpected)) || e.status === 'pursuing',
  ).length;
  const goalCoverage = share(withGoal, members.length);
  const practitioner = share(onTrack, population.length);
  // Integer percent, so 80% of 15 is 12 and not 12.000000000000002 rounded up.
  const needed = Math.ceil((population.length * Math.round(ctx.input.targets.practitioner * 100)) / 100);
  const goalGap = gapPoints(goalCoverage, ctx.input.targets.goalCoverage);
  const practitionerGap = gapPoints(practitioner, ctx.input.targets.practitioner);
  return {
    employees: members.length,
    withGoal,
    goalCoverage,
    goalGap,
    thresholdPopulation: population.length,
    onTrack,
    practitioner,
    practitionerGap,
    short: members.length - withGoal + Math.max(0, needed - onTrack),
    score: Math.round((goalGap + practitionerGap) * 10) / 10,
  };
};

/** Departments ranked by how far they are from the two thresholds: where to invest first. */
export const laggingDepartments = (ctx: ReportContext): MetricTable => {
  const level = ctx.input.ladder[ctx.thresholdRank]?.name ?? ctx.input.thresholdLevel;
  // A department is as small as its smallest non-empty population here, so a share of two people never shows.
  const size = (members: readonly EmployeeEvaluation[]) => {
    const p = members.filter((e) => ctx.rank(e.levelExpected) >= ctx.thresholdRank).length;
    return p > 0 ? Math.min(p, members.length) : members.length;
  };
  const outcome = applyMinGroupSize(
    groupBy(ctx.judged, (e) => departmentLabel(e.department)),
    { minGroupSize: ctx.input.minGroupSize, mode: 'merge', size },
  );
  const gaps = new Map(outcome.groups.map((g) => [g.label, gapOf(ctx, g.members)]));
  const scoreOf = (label: string) => gaps.get(label) ?? gapOf(ctx, []);
  outcome.groups.sort((a, b) => {
    const ga = scoreOf(a.label);
    const gb = scoreOf(b.label);
    return gb.score - ga.score || gb.short - ga.short || a.label.localeCompare(b.label);
  });
  const rankOf = new Map(outcome.groups.map((g, i) => [g.label, i + 1]));
  return makeTable(ctx, {
    id: 'lagging-departments',
    title: 'Departments ranked by gap to the thresholds',
    definition:
      'Gap = percentage points below 100% goal coverage plus percentage points below 80% of employees in ' +
      `${level}+ grades holding or pursuing their expected level. Ranked by gap, ` +
      'then by employees short (employees without the goal plus employees still needed to reach 80%). ' +
      'Rank 1 is where investment closes the most gap.',
    groupLabel: 'Department',
    mode: 'merge',
    columns: [
      { key: 'rank', label: 'Rank', unit: 'rank' },
      { key: 'employees', label: 'Employees', unit: 'count' },
      { key: 'goalCoverage', label: 'With goal', unit: 'share' },
      { key: 'thresholdPopulation', label: `In ${level}+ grades`, unit: 'count' },
      { key: 'practitioner', label: `${level}+ holding or pursuing`, unit: 'share' },
      { key: 'goalGap', label: 'Goal gap (pts)', unit: 'points' },
      { key: 'practitionerGap', label: `${level} gap (pts)`, unit: 'points' },
      { key: 'score', label: 'Total gap (pts)', unit: 'points' },
      { key: 'short', label: 'Employees short', unit: 'count' },
    ],
    outcome,
    values: (_members, label) => {
      const g = scoreOf(label);
      return {
        rank: rankOf.get(label) ?? null,
        employees: g.employees,
        goalCoverage: g.goalCoverage,
        thresholdPopulation: g.thresholdPopulation,
        practitioner: g.practitioner,
        goalGap: g.goalGap,
        practitionerGap: g.practitionerGap,
        score: g.score,
        short: g.short,
      };
    },
  });
};
