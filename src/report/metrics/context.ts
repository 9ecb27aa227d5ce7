import type { EmployeeEvaluation, LevelSnapshot } from '../../../schemas/evaluation.js';
import type { EvidenceSignals } from '../../evidence/evidence-signals.js';
import { quarterOf } from '../quarters.js';
import { toSnapshot } from '../../core/snapshot.js';

/** What `buildMetrics` reads; the engine fills it from the evaluations of every connector and the state store. */
export interface MetricsInput {
  evaluations: readonly EmployeeEvaluation[];
  snapshots: readonly LevelSnapshot[];
  /** Lowest first. */
  ladder: readonly { id: string; name: string }[];
  /** The level "practitioner or above" means in the second threshold. */
  thresholdLevel: string;
  /** The config's targets (`thresholds:`): goal coverage and holding-or-pursuing, as shares 0..1. */
  targets: { goalCoverage: number; practitioner: number };
  asOf: string;
  minGroupSize: number;
  organization: string;
  /** The run's scope label and how many employees it left out; absent or null when it covers everyone. */
  scope?: { label: string; outOfScope: number } | null;
  /** Per employee (`connector:id`): credential outcomes and evidence signals, counted by department only. */
  evidence?: ReadonlyMap<string, EvidenceSignals>;
}

/** The column key and label of "no level held". */
export const NONE = 'none';

/** Facts every metric needs, computed once. */
export interface ReportContext {
  input: MetricsInput;
  /** Ladder position (0 = lowest); -1 for no level or an id not in the ladder. */
  rank: (level: string | null) => number;
  thresholdRank: number;
  /** Judged employees: active, with a known grade (`unjudged === null`). */
  judged: readonly EmployeeEvaluation[];
  /** The snapshots plus, when the store has none for the as-of quarter, that quarter derived from the evaluations. */
  history: readonly LevelSnapshot[];
  /** Quarters present in the history, oldest first. */
  quarters: readonly string[];
  syntheticQuarters: ReadonlySet<string>;
}

export const departmentLabel = (d: string | null): string => d ?? 'Unassigned';
export const familyLabel = (f: string | null): string => f ?? 'Unassigned';
export const gradeLabel = (g: string | null): string => g ?? 'Unknown';

/** The as-of quarter as the evaluations see it, in snapshot form, so trends end where the headline figures are. */
const currentQuarter = (evaluations: readonly EmployeeEvaluation[], quarter: string): LevelSnapshot[] =>
  evaluations.filter((e) => e.unjudged === null).map((e) => toSnapshot(e, quarter, e.goal !== null));

export const createContext = (input: MetricsInput): ReportContext => {
  const ranks = new Map(input.ladder.map((l, i) => [l.id, i]));
  const thresholdRank = ranks.get(input.thresholdLevel);
  if (thresholdRank === undefined)
    throw new RangeError(`threshold level "${input.thresholdLevel}" is not in the ladder`);
  if (!Number.isInteger(input.minGroupSize) || input.minGroupSize < 1)
    throw new RangeError('minGroupSize must be a positive integer');
  const rank = (level: string | null) => (level === null ? -1 : (ranks.get(level) ?? -1));
  const asOfQuarter = quarterOf(input.asOf);
  const snapshots = input.snapshots.filter((s) => s.quarter <= asOfQuarter);
  const hasCurrent = snapshots.some((s) => s.quarter === asOfQuarter);
  const history = hasCurrent ? snapshots : [...snapshots, ...currentQuarter(input.evaluations, asOfQuarter)];
  const quarters = [...new Set(history.map((s) => s.quarter))].sort();
  const syntheticQuarters = new Set(history.filter((s) => s.synthetic).map((s) => s.quarter));
  return {
    input,
    rank,
    thresholdRank,
    judged: input.evaluations.filter((e) => e.unjudged === null),
    history,
    quarters,
    syntheticQuarters,
  };
};
