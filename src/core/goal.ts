import type { DesiredGoal, GoalStatus, LadderLevel } from '../../schemas/index.js';
import { dayNumber } from './days.js';
import type { LevelEvidence } from './evidence-rules.js';
import type { Policy } from './policy.js';
import { rankOf } from './policy.js';

export const goalTitle = (policy: Policy): string => policy.goal.title.split('{cycle}').join(policy.cycle.id);
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

const criteria = (level: LadderLevel): { met: string; notMet: string } => {
  const creds = level.evidence.credentials;
  const use = level.evidence.use;
  const credText = creds.length === 0 ? null : creds.length === 1 ? `holds the credential ${creds[0]}` : `holds one of the credentials ${creds.join(', ')}`;
  const useText = use === null ? null : `uses AI tools on at least ${use.minActiveDays} days in the last ${use.windowDays}`;
  const met = [credText, useText].filter((x) => x !== null).join(' and ');
  return { met: `Met when the employee ${met}.`, notMet: `Not met while either part is missing at the cycle's end; a credential without the use does not count.` };
};

export const desiredGoal = (
  policy: Policy,
  employeeId: string,
  target: LevelEvidence,
  asOfDay: number,
): DesiredGoal => {
  const progress = goalProgress(policy, target);
  const status = goalStatusFor(policy, progress, target.held, asOfDay);
  const level = target.level;
  const marker = `${goalMarkerPrefix(policy)}${employeeId}]`;
  const { met, notMet } = criteria(level);
  const description = [
    `Reach the ${level.name} level of AI fluency by ${policy.cycle.end}.`,
    level.description ? `${level.name}: ${level.description}` : null,
    met,
    notMet,
    `Status: ${status} (${progress}% complete).`,
    marker,
  ]
    .filter((x) => x !== null)
    .join('\n');
  return {
    title: goalTitle(policy),
    description,
    dueDate: policy.cycle.end,
    percentComplete: progress,
    status,
    targetLevel: level.id,
    marker,
    referenceId: `${goalReferencePrefix(policy)}${employeeId}`,
    cycleStart: policy.cycle.start,
  };
};

;
