import type { DesiredGoal, GoalStatus } from '../../schemas/index.js';
import { REFERENCE_LINE_LABEL } from '../../schemas/index.js';
import { dayNumber } from './days.js';
import type { LevelEvidence } from './evidence-rules.js';
import { goalName, goalNames, goalText, pickLocale } from './goal-text.js';
import type { Policy } from './policy.js';
import { rankOf } from './policy.js';

/** The default locale's name for the first level: the name an identity reports as `title`. */
export const goalTitle = (policy: Policy): string => {
  const first = policy.ladder[0];
  if (!first) return policy.goal.title.split('{cycle}').join(policy.cycle.id);
  return goalName(policy.goalTexts, policy.goalTexts.defaultLocale, policy.cycle.id, first);
};
/** Every name the cycle's goal may carry (all locales, all levels, the name before locales). */
export const goalTitles = (policy: Policy): string[] => goalNames(policy.goalTexts, policy.cycle.id, policy.ladder);
export const goalMarkerPrefix = (policy: Policy): string => `[fluencyflow:${policy.cycle.id}:`;
export const goalReferencePrefix = (policy: Policy): string => `FLUENCY-${policy.cycle.id}-`;

/** The level the goal aims at: the expected one, or the next up when it is already held (configurable). */
export const goalTarget = (policy: Policy, expected: string | null, held: string | null): string => {
  const first = policy.ladder[0]?.id ?? '';
  const target = expected ?? first;
  if (rankOf(policy, held) < rankOf(policy, target) || policy.goal.whenExpectedHeld === 'expected') return target;
  const next = policy.ladder[rankOf(policy, held) + 1];
  return next ? next.id : (held ?? target);
};

/** Progress 0-100 toward the target level: credential and use, weighted by the config (default 50/50). */
const goalProgress = (policy: Policy, target: LevelEvidence): number => {
  if (target.held) return 100;
  const { credential, use } = policy.goal.weights;
  const c = target.credentialMet ? 1 : 0;
  const u = target.requiredDays === null ? 1 : Math.min(1, target.activeDays / target.requiredDays);
  return Math.min(99, Math.round((100 * (credential * c + use * u)) / (credential + use)));
};

/** On track when progress is at least the share of the cycle already gone; achieved when the target is held. */
export const goalStatusFor = (policy: Policy, progress: number, held: boolean, asOfDay: number): GoalStatus => {
  if (held) return 'achieved';
  const start = dayNumber(policy.cycle.start);
  const end = dayNumber(policy.cycle.end);
  const elapsed = end <= start ? 1 : Math.min(1, Math.max(0, (asOfDay - start) / (end - start)));
  return progress >= Math.round(elapsed * 100) ? 'on-track' : 'behind';
};

/**
 * The goal fluencyflow wants for one employee: name and description in the employee's locale (`hrisLocale`, what
 * the HRIS holds, or the config's default), and the reference (`referenceId`, and the `marker` line a connector
 * appends where its HRIS has no external-key field). No internal id appears in the text.
 */
export const desiredGoal = (
  policy: Policy,
  employeeId: string,
  target: LevelEvidence,
  asOfDay: number,
  hrisLocale: string | null = null,
): DesiredGoal => {
  const progress = goalProgress(policy, target);
  const status = goalStatusFor(policy, progress, target.held, asOfDay);
  const referenceId = `${goalReferencePrefix(policy)}${employeeId}`;
  const text = goalText(policy.goalTexts, {
    locale: pickLocale(policy.goalTexts, hrisLocale),
    cycleId: policy.cycle.id,
    level: target.level,
    due: policy.cycle.end,
    status,
    progress,
  });
  return {
    title: text.name,
    description: text.description,
    dueDate: policy.cycle.end,
    percentComplete: progress,
    status,
    targetLevel: target.level.id,
    locale: text.locale,
    marker: `${REFERENCE_LINE_LABEL}${referenceId}`,
    referenceId,
    cycleStart: policy.cycle.start,
  };
};
