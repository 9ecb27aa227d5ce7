import type { Config, LadderLevel } from '../../schemas/index.js';
import { buildGoalTexts, type GoalTexts } from './goal-text.js';

/** The parts of the config the pure policy needs, prepared once (lookups by id, ranks, aliases). */
export interface Policy {
  ladder: readonly LadderLevel[];
  levelRank: ReadonlyMap<string, number>;
  /** Grade order, lowest first; empty when neither the config nor the HRIS gives one. */
  gradeOrder: readonly string[];
  gradeRank: ReadonlyMap<string, number>;
  expect: Config['grades']['expect'];
  goal: Config['goal'];
  cycle: Config['cycle'];
  lookbackDays: number;
  gaming: Config['gaming'];
  /** Lower-cased display name or id -> lower-cased ladder credential id. */
  credentialAliases: ReadonlyMap<string, string>;
  nearPromotionMonths: number;
  thresholds: Config['thresholds'];
  /** The goal's templates per locale and the credentials' display names. */
  goalTexts: GoalTexts;
}

export const buildPolicy = (config: Config, hrisGradeOrder: readonly string[] = []): Policy => {
  const gradeOrder = config.grades.order ?? hrisGradeOrder;
  const aliases = new Map<string, string>();
  for (const [name, id] of Object.entries(config.credentials))
    aliases.set(name.trim().toLowerCase(), id.trim().toLowerCase());
  return {
    ladder: config.ladder,
    levelRank: new Map(config.ladder.map((l, i) => [l.id, i])),
    gradeOrder,
    gradeRank: new Map(gradeOrder.map((g, i) => [g, i])),
    expect: config.grades.expect,
    goal: config.goal,
    cycle: config.cycle,
    lookbackDays: config.promotion.lookbackDays,
    gaming: config.gaming,
    credentialAliases: aliases,
    nearPromotionMonths: config.promotion.nearPromotionMonths,
    thresholds: config.thresholds,
    goalTexts: buildGoalTexts(config),
  };
};

export const levelById = (policy: Policy, id: string | null): LadderLevel | null =>
  id === null ? null : (policy.ladder.find((l) => l.id === id) ?? null);

export const rankOf = (policy: Policy, level: string | null): number =>
  level === null ? -1 : (policy.levelRank.get(level) ?? -1);
