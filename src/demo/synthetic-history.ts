import type { EmployeeEvaluation, LevelSnapshot } from '../../schemas/evaluation.js';
import { quarterOf, shiftQuarter } from '../report/quarters.js';
import { createRandom } from './random.js';

export interface SyntheticHistoryOptions {
  evaluations: readonly EmployeeEvaluation[];
  /** Level ids, lowest first. */
  ladder: readonly string[];
  asOf: string;
  /** Quarters before the as-of quarter to make up (default 8). */
  quarters?: number;
  seed?: number;
}

/** FNV-1a, so each employee's made-up past depends only on who they are, not on the order of the list. */
const hash = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/**
 * Made-up quarterly snapshots for the demo, so its trend charts are not empty: walking back from today's level,
 * people held lower levels further back (and a few held a higher one they later lost), some joined recently,
 * and the goal reached people over the last quarters. Every snapshot is marked `synthetic`. Deterministic.
 */
export const generateSyntheticHistory = (options: SyntheticHistoryOptions): LevelSnapshot[] => {
  const count = options.quarters ?? 8;
  const seed = options.seed ?? 7;
  const rank = new Map(options.ladder.map((id, i) => [id, i]));
  const top = options.ladder.length - 1;
  const current = quarterOf(options.asOf);
  const byQuarter: LevelSnapshot[][] = Array.from({ length: count }, () => []);
  for (const e of options.evaluations) {
    if (e.unjudged !== null) continue;
    const r = createRandom(seed ^ hash(`${e.connector}\u0000${e.employeeId}`));
    // Quarters back this person has been here: most for all of the history, a quarter of them joined since.
    const tenure = r.chance(0.75) ? count : r.int(0, count - 1);
    const goalSince = e.goal === null ? 0 : r.int(1, count - 2);
    const expected = e.levelExpected === null ? -1 : (rank.get(e.levelExpected) ?? -1);
    let level = e.levelHeld === null ? -1 : (rank.get(e.levelHeld) ?? -1);
    for (let back = 1; back <= Math.min(tenure, count); back++) {
      const roll = r.next();
      if (roll < 0.16 && level >= 0) level -= 1;
      else if (roll > 0.975 && level < top) level += 1;
      const held = level >= 0 ? (options.ladder[level] ?? null) : null;
      const status = expected >= 0 && level >= expected ? 'meets' : r.chance(0.3) ? 'pursuing' : 'below';
      byQuarter[back - 1]?.push({
        quarter: shiftQuarter(current, -back),
        connector: e.connector,
        employeeId: e.employeeId,
        department: e.department,
        jobFamily: e.jobFamily,
        grade: e.grade,
        levelHeld: held,
        levelExpected: e.levelExpected,
        status,
        hasGoal: back <= goalSince,
        synthetic: true,
      });
    }
  }
  // Oldest quarter first.
  return byQuarter.reverse().flat();
};
