import { type Metrics, metrics } from './metrics-schema.js';
import { createContext, type MetricsInput } from './metrics/context.js';
import { coverageByConnector } from './metrics/connectors.js';
import { laggingDepartments } from './metrics/lagging.js';
import { levelDistribution } from './metrics/level-distribution.js';
import { movement } from './metrics/movement.js';
import { credentialOutcomesByDepartment, signalsByDepartment } from './metrics/signals.js';
import { thresholds } from './metrics/thresholds.js';
import { useFrequency } from './metrics/use-frequency.js';

const PRIVACY_RULE =
  'No individual appears on the dashboard. Any group smaller than the minimum group size is merged into ' +
  '"Other"; when "Other" is still smaller, the next smallest groups join it until it is big enough, ' +
  'and only a table whose whole population is too small is suppressed. Quarters (which cannot be pooled) ' +
  'below the minimum are left out.';

/** Every figure of the dashboard, from the evaluations of all connectors and the quarterly snapshots. Pure. */
export const buildMetrics = (input: MetricsInput): Metrics => {
  const ctx = createContext(input);
  const t = thresholds(ctx);
  const moves = movement(ctx);
  const connectors = new Set(input.evaluations.map((e) => e.connector)).size;
  const tables = [
    t.table,
    levelDistribution(ctx, 'department'),
    levelDistribution(ctx, 'grade'),
    levelDistribution(ctx, 'jobFamily'),
    useFrequency(ctx),
    signalsByDepartment(ctx),
    ...(input.evidence !== undefined ? [credentialOutcomesByDepartment(ctx)] : []),
    moves.qoq,
    moves.yoy,
    moves.byQuarter,
    laggingDepartments(ctx),
    ...(connectors > 1 ? [coverageByConnector(ctx)] : []),
  ];
  const result: Metrics = {
    schemaVersion: 1,
    organization: input.organization,
    asOf: input.asOf,
    ladder: input.ladder.map(({ id, name }) => ({ id, name })),
    thresholdLevel: input.thresholdLevel,
    population: {
      definition:
        'Judged employees are active and have a grade in the grade order; every figure counts them only, ' +
        'across all HRIS connections, unless its definition says otherwise.',
      evaluations: input.evaluations.length,
      judged: ctx.judged.length,
      unjudged: input.evaluations.length - ctx.judged.length,
      connectors,
      scope: input.scope?.label ?? null,
      outOfScope: input.scope?.outOfScope ?? 0,
      quarters: [...ctx.quarters],
    },
    thresholds: { goalCoverage: t.goalCoverage, practitioner: t.practitioner },
    tables,
    privacy: {
      minGroupSize: input.minGroupSize,
      rule: PRIVACY_RULE,
      merged: tables.reduce((n, x) => n + x.privacy.merged, 0),
      suppressed: tables.reduce((n, x) => n + x.privacy.suppressed, 0) + t.suppressed,
    },
    syntheticQuarters: ctx.quarters.filter((q) => ctx.syntheticQuarters.has(q)),
  };
  return metrics.parse(result);
};
