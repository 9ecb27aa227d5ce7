import type { AlertEvent } from '../../schemas/index.js';
import type { ThresholdFigures } from '../core/thresholds.js';

/** What one run ended with, as the alerts see it: ids, statuses, error codes and counts; never a name or e-mail. */
export interface RunOutcome {
  runId: string;
  trigger: string;
  command: string;
  status: 'done' | 'partial' | 'failed' | 'pending-approval';
  errorCode?: string;
  counts?: { applied: number; failed: number; unknown: number; notAttempted: number };
  manualChanges: number;
  thresholds?: ThresholdFigures;
}

/** Whether each threshold met its target, to tell a crossing from a threshold that stays below. */
export interface ThresholdState {
  goalCoverage: boolean;
  practitioner: boolean;
}

export const thresholdState = (t: ThresholdFigures): ThresholdState => ({
  goalCoverage: t.goalCoverage.share >= t.goalCoverage.target,
  practitioner: t.practitionerOrPursuing.share >= t.practitionerOrPursuing.target,
});

/** The body a generic webhook receives: Slack and Teams incoming webhooks show `text`; the rest is for machines. */
export interface AlertMessage {
  text: string;
  runId: string;
  status: RunOutcome['status'];
  events: AlertEvent[];
  counts: RunOutcome['counts'] & { manualChanges: number };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The alert one run raises, or null: failed or partial runs, manual changes found, a threshold crossing its target
 * (either way) since the run before. Only the events in `on` count.
 */
export const alertFor = (
  run: RunOutcome,
  before: ThresholdState | null,
  on: readonly AlertEvent[],
): AlertMessage | null => {
  const lines: string[] = [];
  const events: AlertEvent[] = [];
  const what = `fluencyflow ${run.trigger} ${run.command} run ${run.runId}`;
  const c = run.counts;
  if (run.status === 'failed' && on.includes('failed')) {
    events.push('failed');
    lines.push(`${what} failed${run.errorCode ? ` (${run.errorCode})` : ''}.`);
  }
  if (run.status === 'partial' && on.includes('partial') && c) {
    events.push('partial');
    lines.push(
      `${what} partly failed: ${c.applied} applied, ${c.failed} failed, ${c.unknown} outcome unknown, ` +
        `${c.notAttempted} not attempted.`,
    );
  }
  if (run.manualChanges > 0 && on.includes('manual-changes')) {
    events.push('manual-changes');
    lines.push(`${what} found ${run.manualChanges} values changed by hand in the HRIS.`);
  }
  if (run.thresholds && before && on.includes('threshold')) {
    const now = thresholdState(run.thresholds);
    const t = run.thresholds;
    const crossed = [
      { name: 'goal coverage', was: before.goalCoverage, is: now.goalCoverage, f: t.goalCoverage },
      {
        name: `${t.practitionerOrPursuing.level} or pursuing`,
        was: before.practitioner,
        is: now.practitioner,
        f: t.practitionerOrPursuing,
      },
    ].filter((x) => x.was !== x.is);
    if (crossed.length > 0) events.push('threshold');
    for (const x of crossed) {
      const how = x.is ? 'reached' : 'fell below';
      lines.push(`${x.name} ${how} its target: ${pct(x.f.share)} (target ${pct(x.f.target)}).`);
    }
  }
  if (events.length === 0) return null;
  return {
    text: lines.join('\n'),
    runId: run.runId,
    status: run.status,
    events,
    counts: { ...(c ?? { applied: 0, failed: 0, unknown: 0, notAttempted: 0 }), manualChanges: run.manualChanges },
  };
};
