export { buildMetrics, PRIVACY_RULE } from './build-metrics.js';
export type { MetricsInput } from './metrics/context.js';
export { metrics as metricsSchema, type Metrics, type MetricTable, type ThresholdFigure } from './metrics-schema.js';
export { writeReport } from './write-report.js';
export { applyMinGroupSize, OTHER } from './privacy.js';
export { buildCommitteeRows, committeeRow, type CommitteeRow, type CommitteeOptions } from './committee/build-committee-rows.js';
export { writeCommitteeReport, type CommitteeReportOptions } from './committee/write-committee-report.js';
