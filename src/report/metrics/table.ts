import type { CellValue, MetricTable, TableColumn } from '../metrics-schema.js';
import { NONE, type ReportContext } from './context.js';
import type { PrivacyOutcome } from '../privacy.js';
import { share } from '../stats.js';

export interface TableSpec<T> {
  id: string;
  title: string;
  definition: string;
  groupLabel: string;
  columns: TableColumn[];
  outcome: PrivacyOutcome<T>;
  mode: 'merge' | 'suppress';
  values: (members: readonly T[], label: string) => Record<string, CellValue>;
  synthetic?: (label: string) => boolean;
}

/** A table from groups that already went through the privacy rule: nothing else builds rows. */
export const makeTable = <T>(ctx: ReportContext, spec: TableSpec<T>): MetricTable => {
  const rows = spec.outcome.groups.map((g) => ({
    group: g.label,
    mergedGroups: g.mergedGroups,
    values: spec.values(g.members, g.label),
  }));
  const synthetic = spec.synthetic;
  return {
    id: spec.id,
    title: spec.title,
    definition: spec.definition,
    asOf: ctx.input.asOf,
    groupLabel: spec.groupLabel,
    columns: spec.columns,
    rows,
    synthetic: synthetic ? rows.some((r) => synthetic(r.group)) : false,
    privacy: { mode: spec.mode, merged: spec.outcome.merged, suppressed: spec.outcome.suppressed },
  };
};

/** "none", then level keys in ladder order (the order the stacked charts draw them). */
export const levelKeys = (ctx: ReportContext): { key: string; label: string }[] => [
  { key: NONE, label: 'No level' },
  ...ctx.input.ladder.map((l) => ({ key: l.id, label: l.name })),
];

/** Count and share columns for each level, after an `employees` column. */
export const levelColumns = (ctx: ReportContext): TableColumn[] => [
  { key: 'employees', label: 'Employees', unit: 'count' },
  ...levelKeys(ctx).flatMap(({ key, label }): TableColumn[] => [
    { key: `count:${key}`, label, unit: 'count' },
    { key: `share:${key}`, label: `${label} %`, unit: 'share' },
  ]),
];

/** Employees per level held (a level not in the ladder counts as none). */
export const levelValues = (ctx: ReportContext, held: readonly (string | null)[]): Record<string, CellValue> => {
  const counts = new Map<string, number>();
  for (const level of held) {
    const key = ctx.rank(level) < 0 ? NONE : (level ?? NONE);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const values: Record<string, CellValue> = { employees: held.length };
  for (const { key } of levelKeys(ctx)) {
    const n = counts.get(key) ?? 0;
    values[`count:${key}`] = n;
    values[`share:${key}`] = share(n, held.length);
  }
  return values;
};
