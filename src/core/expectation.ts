import type { Policy } from './policy.js';
import { rankOf } from './policy.js';

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Every job family of an employee or a job-history record: `jobFamilies` where the connector read several (a
 * Workday job profile in two families), plus `jobFamily`, de-duplicated without case.
 */
export const familiesOf = (x: { jobFamily: string | null; jobFamilies?: readonly string[] | undefined }): string[] => {
  const out: string[] = [];
  for (const f of [...(x.jobFamilies ?? []), ...(x.jobFamily === null ? [] : [x.jobFamily])])
    if (f.trim() !== '' && !out.some((o) => sameName(o, f))) out.push(f);
  return out;
};

/**
 * The level a grade (in the given job families) expects: of the rules that match, the highest level wins. A
 * job-family rule matches when any of the families is listed. Null when no rule matches. The grade must be in the
 * order (callers report unknown grades first).
 */
export const expectedLevel = (policy: Policy, grade: string, jobFamilies: readonly string[]): string | null => {
  const rank = policy.gradeRank.get(grade);
  let best: string | null = null;
  for (const rule of policy.expect) {
    if (rule.fromGrade !== undefined) {
      const from = policy.gradeRank.get(rule.fromGrade);
      if (rank === undefined || from === undefined || rank < from) continue;
    }
    if (rule.grades !== undefined && !rule.grades.some((g) => g === grade)) continue;
    const listed = rule.jobFamilies;
    if (listed !== undefined && !jobFamilies.some((held) => listed.some((f) => sameName(f, held)))) continue;
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
