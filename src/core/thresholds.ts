import type { EmployeeEvaluation } from '../../schemas/index.js';
import type { Policy } from './policy.js';
import { rankOf } from './policy.js';

/**
 * The level "practitioner or above" refers to: `thresholds.level`, else the ladder's `practitioner`, else its second
 * level.
 */
export const thresholdLevel = (policy: Policy): string =>
  policy.thresholds.level ??
  policy.ladder.find((l) => l.id === 'practitioner')?.id ??
  policy.ladder[1]?.id ??
  policy.ladder[0]?.id ??
  '';

export interface ThresholdFigures {
  /** Judged employees with the goal / judged employees (target 100%). */
  goalCoverage: { withGoal: number; of: number; share: number; target: number };
  /** In grades expecting the threshold level or above: holding it or pursuing it (target 80% by default). */
  practitionerOrPursuing: { count: number; of: number; share: number; target: number; level: string };
}

/** The pattern's success test (DESIGN §1 Thresholds). `hasGoal` says whether the HRIS holds the goal for someone. */
export const thresholdFigures = (
  policy: Policy,
  evaluations: readonly EmployeeEvaluation[],
  hasGoal: (e: EmployeeEvaluation) => boolean,
): ThresholdFigures => {
  const judged = evaluations.filter((e) => e.unjudged === null);
  const withGoal = judged.filter(hasGoal).length;
  const level = thresholdLevel(policy);
  const scope = judged.filter((e) => rankOf(policy, e.levelExpected) >= rankOf(policy, level));
  const ok = scope.filter((e) => e.status === 'meets' || e.status === 'pursuing').length;
  const share = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 10_000) / 10_000);
  return {
    goalCoverage: {
      withGoal,
      of: judged.length,
      share: share(withGoal, judged.length),
      target: policy.thresholds.goalCoverage,
    },
    practitionerOrPursuing: {
      count: ok,
      of: scope.length,
      share: share(ok, scope.length),
      target: policy.thresholds.practitioner,
      level,
    },
  };
};

export interface SignalFigures {
  judged: number;
  certifiedInactive: number;
  burst: number;
  tooFast: number;
  /** Departments by certified-inactive share, highest first (departments of at least `minGroupSize` only). */
  byDepartment: { department: string; employees: number; certifiedInactive: number; burst: number; tooFast: number }[];
}

/** Gaming signals per organisation and per department (DESIGN §1: certified-inactive is the gaming signal). */
export const signalFigures = (evaluations: readonly EmployeeEvaluation[], minGroupSize: number): SignalFigures => {
  const judged = evaluations.filter((e) => e.unjudged === null);
  const byDept = new Map<
    string,
    { department: string; employees: number; certifiedInactive: number; burst: number; tooFast: number }
  >();
  for (const e of judged) {
    const key = e.department ?? 'Unassigned';
    const d = byDept.get(key) ?? { department: key, employees: 0, certifiedInactive: 0, burst: 0, tooFast: 0 };
    d.employees++;
    if (e.signals.certifiedInactive) d.certifiedInactive++;
    if (e.signals.burst) d.burst++;
    if (e.signals.tooFast) d.tooFast++;
    byDept.set(key, d);
  }
  return {
    judged: judged.length,
    certifiedInactive: judged.filter((e) => e.signals.certifiedInactive).length,
    burst: judged.filter((e) => e.signals.burst).length,
    tooFast: judged.filter((e) => e.signals.tooFast).length,
    byDepartment: [...byDept.values()]
      .filter((d) => d.employees >= minGroupSize)
      .sort(
        (a, b) =>
          b.certifiedInactive / b.employees - a.certifiedInactive / a.employees ||
          a.department.localeCompare(b.department),
      ),
  };
};
