import type { DesiredEligibility, GamingSignals } from '../../schemas/index.js';
import { type LevelEvidence, missingFor } from './evidence-rules.js';
import type { Policy } from './policy.js';
import { levelById, rankOf } from './policy.js';

const SIGNAL_WORDS: Record<'certified-inactive' | 'burst' | 'too-fast', string> = {
  'certified-inactive': 'credential without the required AI use',
  burst: 'AI use only in a burst right before the review date',
  'too-fast': 'credential earned faster than the programme allows',
};

/**
 * The promotion-eligibility flag for the next grade up (same job family): the AI fluency criterion is met when the
 * level held reaches that grade's expectation. Fluency is one named factor: the reason says "AI fluency criterion".
 */
export const eligibilityFor = (
  policy: Policy,
  judgedGrade: string,
  expectedThere: string | null,
  held: string | null,
  levels: readonly LevelEvidence[],
  signals: GamingSignals,
): DesiredEligibility => {
  const blocked = policy.gaming.block.filter(
    (s) =>
      (s === 'certified-inactive' && signals.certifiedInactive) ||
      (s === 'burst' && signals.burst) ||
      (s === 'too-fast' && signals.tooFast),
  );
  const expectedLevel = levelById(policy, expectedThere);
  const heldName = levelById(policy, held)?.name.toLowerCase() ?? 'no level';
  if (expectedLevel === null) {
    return { value: 'eligible', reason: clip(`AI fluency criterion met for ${judgedGrade}: no level expected.`) };
  }
  const name = expectedLevel.name.toLowerCase();
  if (rankOf(policy, held) >= rankOf(policy, expectedLevel.id)) {
    if (blocked.length > 0)
      return {
        value: 'not-eligible',
        reason: clip(
          `AI fluency criterion not met for ${judgedGrade} (${name} expected): ` +
            `${blocked.map((b) => SIGNAL_WORDS[b]).join('; ')}.`,
        ),
      };
    return {
      value: 'eligible',
      reason: clip(`AI fluency criterion met for ${judgedGrade}: ${heldName} held, ${name} expected.`),
    };
  }
  const target = levels.find((l) => l.level.id === expectedLevel.id);
  const missing = target ? missingFor(target) : `no ${name} level`;
  return {
    value: 'not-eligible',
    reason: clip(`AI fluency criterion not met for ${judgedGrade} (${name} expected): ${missing}.`),
  };
};

/** Reasons go into fields as short as 255 characters (SuccessFactors `cust_reason`). */
export const clip = (s: string, max = 255): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
