import type { EmployeeEvaluation } from '../../schemas/index.js';
import { thresholdLevel } from '../core/thresholds.js';
import { evidenceSignalsOf } from '../evidence/evidence-signals.js';
import type { StateStore } from '../state/state-store.js';
import type { OrgEvaluation } from './evaluate-org.js';

/**
 * The evaluations as the dashboard should count them: `goal` is kept only where the HRIS already holds this
 * cycle's goal (a goal that is only planned does not count toward the 100% threshold).
 */
const evaluationsAsHeld = (ev: OrgEvaluation): EmployeeEvaluation[] => {
  const held = new Set<string>();
  for (const c of ev.changes)
    if (c.kind === 'goal' && c.action !== 'create') held.add(`${c.connector}:${c.employeeId}`);
  return ev.evaluations.map((e) => (held.has(`${e.connector}:${e.employeeId}`) ? e : { ...e, goal: null }));
};

/** Everything `buildMetrics` needs, from one evaluation and the state store's snapshots. */
export const metricsInputOf = (ev: OrgEvaluation, store: StateStore, organization: string, minGroupSize: number) => ({
  evaluations: evaluationsAsHeld(ev),
  snapshots: store.snapshots(),
  ladder: ev.policy.ladder.map((l) => ({ id: l.id, name: l.name })),
  thresholdLevel: thresholdLevel(ev.policy),
  targets: { goalCoverage: ev.policy.thresholds.goalCoverage, practitioner: ev.policy.thresholds.practitioner },
  asOf: ev.asOf,
  minGroupSize,
  organization,
  scope: ev.scope === null ? null : { label: ev.scope, outOfScope: ev.outOfScope },
  evidence: new Map(
    ev.evaluations.map((e) => [
      `${e.connector}:${e.employeeId}`,
      evidenceSignalsOf(ev.evidence.bundleFor(`${e.connector}:${e.employeeId}`)),
    ]),
  ),
});
