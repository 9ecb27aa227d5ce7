import type { LevelSnapshot } from '../../../schemas/evaluation.js';
import type { MetricTable, ThresholdFigure, TrendPoint } from '../metrics-schema.js';
import { applyMinGroupSize, groupBy } from '../privacy.js';
import { share } from '../stats.js';
import { type ReportContext } from './context.js';
import { makeTable } from './table.js';

const percent = (x: number): string => `${Math.round(x * 1000) / 10}%`;

/** The fields both evaluations and snapshots carry, which is all the thresholds read. */
interface Judged {
  levelHeld: string | null;
  levelExpected: string | null;
  status: string | null;
}

const inThresholdGrades = (ctx: ReportContext, e: Judged) => ctx.rank(e.levelExpected) >= ctx.thresholdRank;
const holdsOrPursues = (ctx: ReportContext, e: Judged) =>
  (ctx.rank(e.levelExpected) >= 0 && ctx.rank(e.levelHeld) >= ctx.rank(e.levelExpected)) || e.status === 'pursuing';

interface Ratio {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** A share through the privacy rule: a population below the minimum group size gives no figure at all. */
const privateRatio = <T>(
  ctx: ReportContext,
  population: readonly T[],
  hit: (t: T) => boolean,
): Ratio & { suppressed: number } => {
  const outcome = applyMinGroupSize([{ label: 'all', members: [...population] }], {
    minGroupSize: ctx.input.minGroupSize,
    mode: 'suppress',
  });
  const shown = outcome.groups[0];
  if (!shown) return { value: null, numerator: null, denominator: null, suppressed: outcome.suppressed };
  const numerator = shown.members.filter(hit).length;
  return { value: share(numerator, shown.members.length), numerator, denominator: shown.members.length, suppressed: 0 };
};

const trendOf = (ctx: ReportContext, population: (s: LevelSnapshot) => boolean, hit: (s: LevelSnapshot) => boolean) => {
  const judged = ctx.history.filter((s) => s.status !== null && population(s));
  const outcome = applyMinGroupSize(
    groupBy(judged, (s) => s.quarter),
    { minGroupSize: ctx.input.minGroupSize, mode: 'suppress' },
  );
  const shown = new Map(outcome.groups.map((g) => [g.label, g.members]));
  const points: TrendPoint[] = ctx.quarters.map((quarter) => {
    const members = shown.get(quarter);
    const numerator = members ? members.filter(hit).length : null;
    return {
      quarter,
      value: members && numerator !== null ? share(numerator, members.length) : null,
      numerator,
      denominator: members ? members.length : null,
      synthetic: ctx.syntheticQuarters.has(quarter),
    };
  });
  return { points, suppressed: outcome.suppressed };
};

const figure = (
  ctx: ReportContext,
  base: Pick<ThresholdFigure, 'id' | 'title' | 'definition' | 'target'>,
  ratio: Ratio,
  trend: TrendPoint[],
): ThresholdFigure => ({
  ...base,
  asOf: ctx.input.asOf,
  value: ratio.value,
  numerator: ratio.numerator,
  denominator: ratio.denominator,
  met: ratio.value === null ? null : ratio.value >= base.target,
  trend,
});

/** Both thresholds with their quarterly trends, and the trend table (the numbers behind the trend charts). */
export const thresholds = (
  ctx: ReportContext,
): { goalCoverage: ThresholdFigure; practitioner: ThresholdFigure; table: MetricTable; suppressed: number } => {
  const level = ctx.input.ladder[ctx.thresholdRank]?.name ?? ctx.input.thresholdLevel;
  const goalNow = privateRatio(ctx, ctx.judged, (e) => e.goal !== null);
  const goalTrend = trendOf(
    ctx,
    () => true,
    (s) => s.hasGoal,
  );
  const practitionerPopulation = ctx.judged.filter((e) => inThresholdGrades(ctx, e));
  const practitionerNow = privateRatio(ctx, practitionerPopulation, (e) => holdsOrPursues(ctx, e));
  const practitionerTrend = trendOf(
    ctx,
    (s) => inThresholdGrades(ctx, s),
    (s) => holdsOrPursues(ctx, s),
  );

  const goalCoverage = figure(
    ctx,
    {
      id: 'goal-coverage',
      title: 'Employees with the AI fluency goal',
      definition:
        'Judged employees (active, grade known) whose goal plan holds the AI fluency development goal of the ' +
        'cycle, as a share of all judged employees. ' +
        `Target ${percent(ctx.input.targets.goalCoverage)} (config \`thresholds.goalCoverage\`).`,
      target: ctx.input.targets.goalCoverage,
    },
    goalNow,
    goalTrend.points,
  );
  const practitioner = figure(
    ctx,
    {
      id: 'practitioner-or-pursuing',
      title: `${level} or above: holding or pursuing`,
      definition:
        `Judged employees whose grade expects ${level} or a higher level, ` +
        'who hold the level their grade expects or are pursuing it (enrolled, ' +
        'or with the credential or the use but not both), as a share of those employees. ' +
        `Target ${percent(ctx.input.targets.practitioner)} (config \`thresholds.practitioner\`).`,
      target: ctx.input.targets.practitioner,
    },
    practitionerNow,
    practitionerTrend.points,
  );

  const byQuarter = new Map(goalTrend.points.map((p) => [p.quarter, p]));
  const practitionerByQuarter = new Map(practitionerTrend.points.map((p) => [p.quarter, p]));
  const rowsShown = ctx.quarters.filter(
    (q) => byQuarter.get(q)?.value != null || practitionerByQuarter.get(q)?.value != null,
  );
  const table = makeTable(ctx, {
    id: 'thresholds-trend',
    title: 'Thresholds by quarter',
    definition:
      'The two thresholds at the end of each quarter, from the quarterly level snapshots (the as-of quarter ' +
      'from the current evaluations when no snapshot holds it). A quarter whose population is below the ' +
      'minimum group size shows no figure.',
    groupLabel: 'Quarter',
    mode: 'suppress',
    columns: [
      { key: 'goalCoverage', label: 'With goal', unit: 'share' },
      { key: 'goalPopulation', label: 'Judged', unit: 'count' },
      { key: 'practitioner', label: `${level}+ holding or pursuing`, unit: 'share' },
      { key: 'practitionerPopulation', label: `In ${level}+ grades`, unit: 'count' },
      { key: 'synthetic', label: 'Synthetic', unit: 'flag' },
    ],
    outcome: {
      groups: rowsShown.map((q) => ({ label: q, members: [q], mergedGroups: 1 })),
      merged: 0,
      suppressed: goalTrend.suppressed + practitionerTrend.suppressed,
    },
    values: (_m, q) => ({
      goalCoverage: byQuarter.get(q)?.value ?? null,
      goalPopulation: byQuarter.get(q)?.denominator ?? null,
      practitioner: practitionerByQuarter.get(q)?.value ?? null,
      practitionerPopulation: practitionerByQuarter.get(q)?.denominator ?? null,
      synthetic: ctx.syntheticQuarters.has(q),
    }),
    synthetic: (q) => ctx.syntheticQuarters.has(q),
  });
  return { goalCoverage, practitioner, table, suppressed: goalNow.suppressed + practitionerNow.suppressed };
};
