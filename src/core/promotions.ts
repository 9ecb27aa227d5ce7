import type { JobHistoryEntry } from '../../schemas/index.js';
import { dayNumber } from './days.js';
import { familiesOf } from './expectation.js';
import type { Policy } from './policy.js';

export interface Promotion {
  effectiveDate: string;
  fromGrade: string;
  toGrade: string;
  /** The job families held from the effective date on (the new grade's expectation is judged in them). */
  toJobFamilies: string[];
}

/**
 * Promotions: consecutive job-history records, ordered by effective date, where the grade's rank rises (a two-grade
 * jump is one promotion). Records dated after as-of do not count; records with an unknown grade break no chain
 * but never count as a step.
 */
export const promotionsIn = (policy: Policy, history: readonly JobHistoryEntry[], asOfDay: number): Promotion[] => {
  const rows = history
    .filter((h) => dayNumber(h.effectiveDate) <= asOfDay && h.grade !== null && policy.gradeRank.has(h.grade))
    .sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0));
  const out: Promotion[] = [];
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1];
    const cur = rows[i];
    if (!prev || !cur || prev.grade === null || cur.grade === null) continue;
    const from = policy.gradeRank.get(prev.grade) ?? -1;
    const to = policy.gradeRank.get(cur.grade) ?? -1;
    if (to > from)
      out.push({
        effectiveDate: cur.effectiveDate,
        fromGrade: prev.grade,
        toGrade: cur.grade,
        toJobFamilies: familiesOf(cur),
      });
  }
  return out;
};

/** The date of the last grade change on or before as-of, for "months in grade". */
export const lastGradeChange = (history: readonly JobHistoryEntry[], asOfDay: number): string | null => {
  const rows = history
    .filter((h) => dayNumber(h.effectiveDate) <= asOfDay)
    .sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : 1));
  let last: string | null = null;
  for (let i = 0; i < rows.length; i++) {
    const cur = rows[i];
    const prev = rows[i - 1];
    if (!cur) continue;
    if (!prev || prev.grade !== cur.grade) last = cur.effectiveDate;
  }
  return last;
};
