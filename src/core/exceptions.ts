import type { ExceptionNote, PromotionAssessment } from '../../schemas/index.js';
import { dayNumber } from './days.js';
import { levelEvidenceOn, levelHeld, missingFor } from './evidence-rules.js';
import type { EmployeeEvidence } from './evidence-view.js';
import { expectedLevel } from './expectation.js';
import type { Policy } from './policy.js';
import { levelById, rankOf } from './policy.js';
import type { Promotion } from './promotions.js';
import { clip } from './eligibility.js';

/**
 * Judges each promotion on its effective date: the level held then (evidence as of that date) against the new
 * grade's and new job family's expectation.
 */
export const assessPromotion = (policy: Policy, evidence: EmployeeEvidence, p: Promotion): PromotionAssessment => {
  const day = dayNumber(p.effectiveDate);
  const levels = levelEvidenceOn(policy, evidence, day);
  const held = levelHeld(levels);
  const expected = expectedLevel(policy, p.toGrade, p.toJobFamilies);
  const met = expected === null || rankOf(policy, held) >= rankOf(policy, expected);
  const target = levels.find((l) => l.level.id === expected);
  return {
    effectiveDate: p.effectiveDate,
    fromGrade: p.fromGrade,
    toGrade: p.toGrade,
    levelHeldThen: held,
    levelExpected: expected,
    met,
    missing: met || !target ? '' : missingFor(target),
  };
};

/** The note written for a promotion made without the required fluency. Contains "justification required". */
export const exceptionNoteFor = (policy: Policy, a: PromotionAssessment): Omit<ExceptionNote, 'id'> => {
  const held = levelById(policy, a.levelHeldThen)?.name ?? 'none';
  const expected = levelById(policy, a.levelExpected)?.name ?? 'none';
  return {
    promotionDate: a.effectiveDate,
    fromGrade: a.fromGrade,
    toGrade: a.toGrade,
    note: clip(
      `${a.effectiveDate}: promoted ${a.fromGrade} to ${a.toGrade}. AI fluency held then: ${held}; expected: ` +
        `${expected}. Missing: ${a.missing}. Exception: justification required.`,
      1000,
    ),
  };
};

/** Notes are matched on promotion date and new grade: one note per promotion, never repeated. */
export const sameNote = (
  a: { promotionDate: string; toGrade: string },
  b: { promotionDate: string; toGrade: string },
): boolean => a.promotionDate === b.promotionDate && a.toGrade.trim().toLowerCase() === b.toGrade.trim().toLowerCase();
