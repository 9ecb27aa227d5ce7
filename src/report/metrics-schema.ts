import { z } from 'zod';
import { isoDate } from '../../schemas/common.js';

const quarter = z.string().regex(/^\d{4}-Q[1-4]$/);

/** What a column's numbers are: the page formats by unit, the CSV writes the raw value. */
const columnUnit = z.enum(['count', 'share', 'points', 'days-per-week', 'rank', 'text', 'flag']);
export type ColumnUnit = z.infer<typeof columnUnit>;

const tableColumn = z.object({ key: z.string(), label: z.string(), unit: columnUnit });
export type TableColumn = z.infer<typeof tableColumn>;

const cellValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof cellValue>;

const tableRow = z.object({
  /** The group's label: a department, a grade, a level, a quarter; `Other` for merged small groups. */
  group: z.string(),
  /** How many original groups this row holds (more than 1 only for `Other`). */
  mergedGroups: z.number().int().min(1),
  values: z.record(z.string(), cellValue),
});

/** How the minimum-group-size rule changed one table. */
const tablePrivacy = z.object({
  /** `merge`: small groups go to `Other`; `suppress`: small groups (quarters) are left out. */
  mode: z.enum(['merge', 'suppress']),
  merged: z.number().int().min(0),
  suppressed: z.number().int().min(0),
});

/** One table of the dashboard, with its definition; charts, HTML tables and CSVs are all drawn from these. */
const metricTable = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  definition: z.string(),
  asOf: isoDate,
  /** The heading of the group column (`Department`, `Level held`, `Quarter`). */
  groupLabel: z.string(),
  columns: z.array(tableColumn),
  rows: z.array(tableRow),
  /** True when any row is built from synthetic (demo) history. */
  synthetic: z.boolean(),
  privacy: tablePrivacy,
});
export type MetricTable = z.infer<typeof metricTable>;

const trendPoint = z.object({
  quarter,
  /** Null when the quarter's population is below the minimum group size. */
  value: z.number().nullable(),
  numerator: z.number().int().nullable(),
  denominator: z.number().int().nullable(),
  synthetic: z.boolean(),
});
export type TrendPoint = z.infer<typeof trendPoint>;

/** One of the two success thresholds shown at the top of the page. */
const thresholdFigure = z.object({
  id: z.enum(['goal-coverage', 'practitioner-or-pursuing']),
  title: z.string(),
  definition: z.string(),
  asOf: isoDate,
  /** A share between 0 and 1. */
  target: z.number().min(0).max(1),
  /** A share between 0 and 1; null when the population is empty or below the minimum group size. */
  value: z.number().min(0).max(1).nullable(),
  numerator: z.number().int().nullable(),
  denominator: z.number().int().nullable(),
  met: z.boolean().nullable(),
  trend: z.array(trendPoint),
});
export type ThresholdFigure = z.infer<typeof thresholdFigure>;

/** Everything the dashboard shows: `metrics.json` is this object, and the page and the CSVs are drawn from it. */
export const metrics = z.object({
  schemaVersion: z.literal(1),
  organization: z.string(),
  asOf: isoDate,
  ladder: z.array(z.object({ id: z.string(), name: z.string() })),
  thresholdLevel: z.string(),
  population: z.object({
    definition: z.string(),
    evaluations: z.number().int(),
    judged: z.number().int(),
    unjudged: z.number().int(),
    connectors: z.number().int(),
    /** The run's scope (a pilot): the figures cover it only; null when they cover everyone read. */
    scope: z.string().nullable().default(null),
    /** Employees read but outside the scope, not counted anywhere on the page. */
    outOfScope: z.number().int().min(0).default(0),
    quarters: z.array(quarter),
  }),
  thresholds: z.object({ goalCoverage: thresholdFigure, practitioner: thresholdFigure }),
  tables: z.array(metricTable),
  privacy: z.object({
    minGroupSize: z.number().int().min(1),
    rule: z.string(),
    /** Totals over every table and the thresholds. */
    merged: z.number().int().min(0),
    suppressed: z.number().int().min(0),
  }),
  /** Quarters whose history was made up by the demo; the page labels them. */
  syntheticQuarters: z.array(quarter),
});
export type Metrics = z.infer<typeof metrics>;
