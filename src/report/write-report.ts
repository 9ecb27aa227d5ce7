import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv } from './csv.js';
import { type Metrics, type MetricTable, metrics as metricsSchema } from './metrics-schema.js';
import { renderDashboard } from './render/dashboard-page.js';
import { rowLabel } from './render/html-table.js';

/** A metric table as CSV: the group, how many groups the row pools, then every column with its raw value. */
export const tableCsv = (table: MetricTable): string =>
  toCsv(
    [table.groupLabel, 'Groups pooled', ...table.columns.map((c) => c.label)],
    table.rows.map((r) => [
      rowLabel(r.group, r.mergedGroups),
      r.mergedGroups,
      ...table.columns.map((c) => r.values[c.key] ?? null),
    ]),
  );

/** The two thresholds as CSV, one line each. */
const thresholdsCsv = (m: Metrics): string =>
  toCsv(
    ['Figure', 'Value', 'Target', 'Met', 'Employees counted', 'Population', 'As of', 'Definition'],
    [m.thresholds.goalCoverage, m.thresholds.practitioner].map((t) => [
      t.title,
      t.value,
      t.target,
      t.met,
      t.numerator,
      t.denominator,
      t.asOf,
      t.definition,
    ]),
  );

/**
 * Writes the dashboard: `index.html` (self-contained), `metrics.json` (every figure with its definition and
 * as-of date), `thresholds.csv` and one CSV per table. Returns the file names written.
 */
export const writeReport = async (options: { dir: string; metrics: Metrics }): Promise<string[]> => {
  const m = metricsSchema.parse(options.metrics);
  await mkdir(options.dir, { recursive: true });
  const files: [string, string][] = [
    ['index.html', renderDashboard(m)],
    ['metrics.json', `${JSON.stringify(m, null, 2)}\n`],
    ['thresholds.csv', thresholdsCsv(m)],
    ...m.tables.map((t): [string, string] => [`${t.id}.csv`, tableCsv(t)]),
  ];
  for (const [name, content] of files) await writeFile(join(options.dir, name), content, 'utf8');
  return files.map(([name]) => name);
};
