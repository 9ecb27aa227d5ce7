import { Counter, Gauge, Registry } from 'prom-client';
import type { ThresholdFigures } from '../core/thresholds.js';

/**
 * The service's Prometheus metrics, on a registry of its own (never the process-global one): runs, changes,
 * failures, HTTP calls and throttled answers per HRIS connection, and each threshold against its target.
 */
export const createMetrics = () => {
  const registry = new Registry();
  const runs = new Counter({
    name: 'fluencyflow_runs_total',
    help: 'Runs the service started, by trigger, command and final status',
    labelNames: ['trigger', 'command', 'status'] as const,
    registers: [registry],
  });
  const changes = new Counter({
    name: 'fluencyflow_changes_total',
    help: 'Changes sent to the HRIS by applies, by outcome (applied, failed, unknown, not_attempted)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'fluencyflow_failures_total',
    help: 'Runs that failed or were partial, by trigger',
    labelNames: ['trigger', 'status'] as const,
    registers: [registry],
  });
  const calls = new Counter({
    name: 'fluencyflow_hris_calls_total',
    help: 'HTTP requests sent to each HRIS connection',
    labelNames: ['connector'] as const,
    registers: [registry],
  });
  const throttled = new Counter({
    name: 'fluencyflow_hris_throttled_total',
    help: 'Answers of each HRIS connection that throttled a call (429 and the like)',
    labelNames: ['connector'] as const,
    registers: [registry],
  });
  const threshold = new Gauge({
    name: 'fluencyflow_threshold_share',
    help: 'The share each threshold measured in the last run',
    labelNames: ['threshold'] as const,
    registers: [registry],
  });
  const target = new Gauge({
    name: 'fluencyflow_threshold_target',
    help: "Each threshold's target",
    labelNames: ['threshold'] as const,
    registers: [registry],
  });
  const pending = new Gauge({
    name: 'fluencyflow_pending_plans',
    help: 'Plans waiting for approval',
    registers: [registry],
  });
  const lastRun = new Gauge({
    name: 'fluencyflow_last_run_timestamp_seconds',
    help: 'When the last run finished (seconds since the epoch)',
    registers: [registry],
  });
  return {
    registry,
    call: (connector: string) => calls.inc({ connector }),
    throttle: (connector: string) => throttled.inc({ connector }),
    pending: (n: number) => pending.set(n),
    run(r: {
      trigger: string;
      command: string;
      status: string;
      finishedAt: Date;
      counts?: { applied: number; failed: number; unknown: number; notAttempted: number };
      thresholds?: ThresholdFigures;
    }): void {
      runs.inc({ trigger: r.trigger, command: r.command, status: r.status });
      if (r.status === 'failed' || r.status === 'partial') failures.inc({ trigger: r.trigger, status: r.status });
      if (r.counts) {
        changes.inc({ outcome: 'applied' }, r.counts.applied);
        changes.inc({ outcome: 'failed' }, r.counts.failed);
        changes.inc({ outcome: 'unknown' }, r.counts.unknown);
        changes.inc({ outcome: 'not_attempted' }, r.counts.notAttempted);
      }
      if (r.thresholds) {
        threshold.set({ threshold: 'goalCoverage' }, r.thresholds.goalCoverage.share);
        target.set({ threshold: 'goalCoverage' }, r.thresholds.goalCoverage.target);
        threshold.set({ threshold: 'practitioner' }, r.thresholds.practitionerOrPursuing.share);
        target.set({ threshold: 'practitioner' }, r.thresholds.practitionerOrPursuing.target);
      }
      lastRun.set(r.finishedAt.getTime() / 1000);
    },
  };
};
export type ServiceMetrics = ReturnType<typeof createMetrics>;
