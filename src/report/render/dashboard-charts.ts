import type { Metrics, MetricTable } from '../metrics-schema.js';
import { gapChart, levelStackChart, movementChart, shareBarChart, useBoxChart, type ChartSpec } from './charts.js';

/** Which chart draws which table; tables without one are shown as tables only. */
export const chartFor = (metrics: Metrics, table: MetricTable): ChartSpec | null => {
  if (table.rows.length === 0) return null;
  const level = metrics.ladder.find((l) => l.id === metrics.thresholdLevel)?.name ?? metrics.thresholdLevel;
  switch (table.id) {
    case 'level-by-department':
    case 'level-by-grade':
    case 'level-by-job-family':
      return levelStackChart(metrics, table, true);
    case 'level-by-quarter':
      return levelStackChart(metrics, table, false);
    case 'use-by-level':
      return useBoxChart(table);
    case 'signals-by-department':
      return shareBarChart(table, 'share:certifiedInactive', 'Certified-inactive');
    case 'movement-qoq':
    case 'movement-yoy':
      return movementChart(table);
    case 'lagging-departments':
      return gapChart(table, level);
    default:
      return null;
  }
};
