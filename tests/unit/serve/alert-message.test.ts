import { describe, expect, it } from 'vitest';
import type { ThresholdFigures } from '../../../src/core/thresholds.js';
import { alertFor, thresholdState, type RunOutcome } from '../../../src/serve/alert-message.js';

const figures = (goal: number, practitioner: number): ThresholdFigures => ({
  goalCoverage: { withGoal: Math.round(goal * 200), of: 200, share: goal, target: 1 },
  practitionerOrPursuing: {
    count: Math.round(practitioner * 50),
    of: 50,
    share: practitioner,
    target: 0.8,
    level: 'practitioner',
  },
});

const run = (over: Partial<RunOutcome> = {}): RunOutcome => ({
  runId: 'run-1',
  trigger: 'weekly',
  command: 'apply',
  status: 'done',
  counts: { applied: 10, failed: 0, unknown: 0, notAttempted: 0 },
  manualChanges: 0,
  ...over,
});
const ALL = ['failed', 'partial', 'manual-changes', 'threshold'] as const;

describe('which runs raise an alert', () => {
  it('a clean run with thresholds where they were raises none', () => {
    expect(alertFor(run({ thresholds: figures(1, 0.9) }), thresholdState(figures(1, 0.85)), ALL)).toBeNull();
  });

  it('a threshold crossing its target, either way, is one event naming both figures', () => {
    const fell = alertFor(run({ thresholds: figures(0.95, 0.9) }), thresholdState(figures(1, 0.9)), ALL);
    expect(fell?.events).toEqual(['threshold']);
    expect(fell?.text).toBe('goal coverage fell below its target: 95.0% (target 100.0%).');
    const rose = alertFor(run({ thresholds: figures(1, 0.8) }), thresholdState(figures(1, 0.79)), ALL);
    expect(rose?.text).toBe('practitioner or pursuing reached its target: 80.0% (target 80.0%).');
  });

  it('a threshold that stays below, or a first run with nothing before it, is no crossing', () => {
    expect(alertFor(run({ thresholds: figures(0.5, 0.5) }), thresholdState(figures(0.6, 0.4)), ALL)).toBeNull();
    expect(alertFor(run({ thresholds: figures(0.5, 0.5) }), null, ALL)).toBeNull();
  });

  it('a failed run names its error code; events left out of `on` are not sent', () => {
    const failed = alertFor(run({ status: 'failed', errorCode: 'FF_AUTH_FAILED', manualChanges: 2 }), null, ALL);
    expect(failed?.events).toEqual(['failed', 'manual-changes']);
    expect(failed?.text).toBe(
      'fluencyflow weekly apply run run-1 failed (FF_AUTH_FAILED).\n' +
        'fluencyflow weekly apply run run-1 found 2 values changed by hand in the HRIS.',
    );
    expect(alertFor(run({ manualChanges: 2 }), null, ['failed', 'partial'])).toBeNull();
  });
});
