import type { Policy } from './policy.js';
import { rankOf } from './policy.js';

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The level a grade (in a job family) expects: of the rules that match, the highest level wins.
 * Null when no rule matches. The grade must be in the order (callers report unknown grades first).
 */
export const expectedLevel = (policy: Policy, grade: string, jobFamily: string | null): string | null => {
  const rank = policy.gradeRank.get(grade);
  let best: string | null = null;
  for (const rule of policy.expect) {
    if (rule.fromGrade !== undefined) {
      const from = policy.gradeRank.get(rule.fromGrade);
      if (rank === undefined || from === undefined || rank < from) continue;
    }
    if (rule.grades !== undefined && !rule.grades.some((g) => g === grade)) continue;
    if (rule.jobFamilies !== undefined && (jobFamily === null || !rule.jobFamilies.some((f) => sameName(f, jobFamily)))) continue;
    if (rankOf(policy, rule.level) > rankOf(policy, best)) best = rule.level;
  }
  return best;
};

/** The next grade up in the order, or null at the top (then the flag judges the current grade). */
export const nextGrade = (policy: Policy, grade: string): string | null => {
  const rank = policy.gradeRank.get(grade);
  if (rank === undefined) return null;
  return policy.gradeOrder[rank + 1] ?? null;
};
