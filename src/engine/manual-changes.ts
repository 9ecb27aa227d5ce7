import type {
  Change,
  Config,
  GoalIdentity,
  ManualChange,
  ManualHandling,
  PlanSummary,
  RunIssue,
} from '../../schemas/index.js';
import { markerFor, referenceIdFor } from '../../schemas/index.js';
import type { EmployeeRecord } from '../connector.js';
import { judgeManualChange, manualPolicyFor, type Written } from '../core/index.js';

/** What the state store knows fluencyflow wrote (StateStore.writtenValues), and whether `--adopt` was given. */
export interface WriteHistory {
  byKey: ReadonlyMap<string, Written>;
  connectors: ReadonlySet<string>;
  adopt: boolean;
}

/** The tenant holds fluencyflow's own values for this employee: its marked goal, or a flag. */
const hasTrace = (r: EmployeeRecord, identity: GoalIdentity): boolean =>
  (r.current.eligibility?.value ?? null) !== null ||
  r.current.goals.some(
    (g) =>
      g.referenceId === referenceIdFor(identity, r.employee.id) ||
      g.description.includes(markerFor(identity, r.employee.id)),
  );

/**
 * Connectors whose history is lost: the state store never wrote to them, yet the tenant holds fluencyflow's values.
 * There, goals fluencyflow did not create are not adopted without `--adopt` (on a fresh tenant they are).
 */
const lostHistory = (
  records: readonly EmployeeRecord[],
  history: WriteHistory,
  identity: GoalIdentity,
): Set<string> => {
  const lost = new Set<string>();
  for (const r of records)
    if (!history.connectors.has(r.employee.connector) && !lost.has(r.employee.connector) && hasTrace(r, identity))
      lost.add(r.employee.connector);
  return lost;
};

const ISSUE: Partial<Record<ManualHandling, { code: string; words: string }>> = {
  reported: {
    code: 'MANUAL_CHANGE_REPORTED',
    words: 'changed by hand, reported and not written (onManualChange: report)',
  },
  'no-history': { code: 'DIFFERS_NO_HISTORY', words: 'differs, no history: not written until plan/apply --adopt' },
};

/**
 * Every planned change judged against what fluencyflow last wrote (DESIGN §9, manual changes): a value a person
 * changed is kept, reported or reverted per `onManualChange`; one that differs without history waits for `--adopt`.
 */
export const judgeManualChanges = (input: {
  config: Config;
  changes: readonly Change[];
  records: readonly EmployeeRecord[];
  history: WriteHistory;
  identity: GoalIdentity;
}): { changes: Change[]; manual: ManualChange[]; issues: RunIssue[]; counts: PlanSummary['manual'] } => {
  const lost = lostHistory(input.records, input.history, input.identity);
  const changes: Change[] = [];
  const manual: ManualChange[] = [];
  const issues: RunIssue[] = [];
  const counts: NonNullable<PlanSummary['manual']> = {};
  for (const c of input.changes) {
    const judged = judgeManualChange(c, input.history.byKey.get(c.key), {
      policy: manualPolicyFor(input.config.onManualChange, c.kind),
      adopt: input.history.adopt,
      protectUnownedGoals: lost.has(c.connector),
      identity: input.identity,
    });
    changes.push(judged.change);
    const m = judged.manual;
    if (m === null) continue;
    manual.push(m);
    counts[m.handling] = (counts[m.handling] ?? 0) + 1;
    const issue = ISSUE[m.handling];
    if (issue)
      issues.push({
        code: issue.code,
        message: `${c.kind} ${issue.words}: HRIS holds ${m.held}`,
        connector: c.connector,
        employeeId: c.employeeId,
        where: null,
      });
  }
  return { changes, manual, issues, counts: manual.length > 0 ? counts : undefined };
};
