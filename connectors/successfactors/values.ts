/**
 * Tenant truth (DESIGN §9): the values the connector writes, read from the tenant. Goal states and categories come
 * from the goal plan's GoalEnum rows, the eligibility values from the picklist that `$metadata` binds to
 * `cust_eligible` (PickListValueV2, as of the as-of date). A value named in the config must be in the tenant's list;
 * without one the value is picked by meaning. Each step throws before anything is written, naming the config path.
 */
import type { TenantValueChoice } from '../../src/connector.js';
import {
  assertDistinct,
  chooseValue,
  findValue,
  isNamed,
  validList,
  type TenantListValue,
} from '../../src/connector-kit/tenant-values.js';
import { SetupMissingError, TenantValueError } from '../../src/errors.js';
import type { GoalStatus } from '../../schemas/index.js';
import { getEntityMetadata, listGoalEnums, listGoalPlans } from './client.js';
import { assertMdfFields, mdfMetadata, resolveEligibility, type EligibilityValues, type TenantDeps } from './mdf.js';
import { goalWriteProblems, mdfWriteProblems, permissionError } from './permissions.js';
import { ELIGIBILITY_FIELDS, EXCEPTION_FIELDS } from './wire-names.js';
import type { GoalEnumRow } from './wire-schemas.js';

export type { TenantDeps } from './mdf.js';

export interface GoalValues {
  choices: TenantValueChoice[];
  goalStatus: Readonly<Record<GoalStatus, string>>;
  closedStates: readonly string[];
  /** The category a new goal gets (null: the plan defines none, and none is sent). */
  category: string | null;
}

export type TenantValues = GoalValues &
  EligibilityValues & {
    choices: TenantValueChoice[];
    /** Writes `$metadata` says the API user may not make: a plan is still made, with these warnings. */
    warnings: string[];
  };

const STATUSES: readonly GoalStatus[] = ['on-track', 'behind', 'achieved'];
/** Words for a state in which a goal is closed (a closed copy is adopted and reopened). */
const CLOSED_WORDS = ['cancelled', 'canceled', 'closed', 'abandoned', 'withdrawn', 'obsolete', 'discontinued'];

const listOf = (rows: readonly GoalEnumRow[], fieldId: string): TenantListValue[] =>
  rows.filter((r) => r.fieldId === fieldId && r.value !== null).map((r) => ({ value: r.value ?? '', label: r.label }));

/** The configured goal plan, or a SetupMissingError listing the plans the tenant has. */
export const findGoalPlan = async (deps: TenantDeps): Promise<{ id: string; name: string | null }> => {
  const plans = await listGoalPlans(deps.http);
  const plan = plans.find((p) => p.id === String(deps.config.goalPlanId));
  if (plan) return plan;
  const found = plans.map((p) => `${p.id} "${p.name ?? ''}"`).join(', ') || 'none';
  throw new SetupMissingError(
    `${deps.configPath}.goalPlanId: goal plan ${deps.config.goalPlanId} is not in the tenant ` +
      `(plans the API user sees: ${found}); set goalPlanId to one of them`,
    { connector: deps.config.id, where: `${deps.configPath}.goalPlanId` },
  );
};

/** Goal states (each meaning, distinct) and the closed states, from the plan's GoalEnum rows. */
export const resolveGoalStates = (deps: TenantDeps, enums: readonly GoalEnumRow[]): Omit<GoalValues, 'category'> => {
  const { config, configPath } = deps;
  const states = listOf(enums, 'state');
  const from = `GoalEnum state of goal plan ${config.goalPlanId}`;
  const choices = STATUSES.map((meaning) =>
    chooseValue({
      connector: config.id,
      list: 'goal status',
      meaning,
      configured: config.values.goalStatus?.[meaning],
      configPath: `${configPath}.values.goalStatus.${meaning}`,
      candidates: states,
      from,
      fallback: meaning,
    }),
  );
  assertDistinct(config.id, choices);
  const chosen = (m: GoalStatus): string => choices.find((c) => c.meaning === m)?.value ?? m;
  const goalStatus = { 'on-track': chosen('on-track'), behind: chosen('behind'), achieved: chosen('achieved') };
  const configured = config.values.closedStates;
  const closedStates = configured
    ? configured.map((s, i) => {
        const hit = findValue(states, s);
        if (hit) return hit.value;
        const where = `${configPath}.values.closedStates[${i}]`;
        const text =
          `${where}: "${s}" is not a state of goal plan ${config.goalPlanId} (${from}); ` + validList(states);
        throw new TenantValueError(text, { connector: config.id, where });
      })
    : states.filter((s) => CLOSED_WORDS.some((w) => isNamed(s, w))).map((s) => s.value);
  return { choices, goalStatus, closedStates };
};

/** The category a new goal gets: the configured one (when the plan has it), else the plan's first. */
export const resolveCategory = (deps: TenantDeps, enums: readonly GoalEnumRow[]): string | null => {
  const { config, configPath } = deps;
  const categories = listOf(enums, 'category');
  if (config.goalCategory === undefined) return categories[0]?.value ?? null;
  const hit = findValue(categories, config.goalCategory);
  if (hit) return hit.value;
  throw new TenantValueError(
    `${configPath}.goalCategory: "${config.goalCategory}" is not a category of goal plan ${config.goalPlanId} ` +
      `(GoalEnum category); ${validList(categories)}`,
    { connector: config.id, where: `${configPath}.goalCategory` },
  );
};

/**
 * Every value the connector writes, in the order a plan would meet the problems, after the set-up they depend on
 * (the goal plan, the MDF objects' fields and types). A write `$metadata` denies the API user stops the plan before
 * anything is read or written, naming what to grant; `check` reports each one.
 */
export const resolveTenantValues = async (deps: TenantDeps, asOf: string): Promise<TenantValues> => {
  await findGoalPlan(deps);
  const enums = await listGoalEnums(deps.http, deps.config.goalPlanId);
  const goal = resolveGoalStates(deps, enums);
  const category = resolveCategory(deps, enums);
  const eligibilityMeta = await mdfMetadata(deps, 'mdfObject');
  assertMdfFields(deps, 'mdfObject', eligibilityMeta, ELIGIBILITY_FIELDS);
  // The exception object too: a missing field or a wrong type would otherwise fail the read with a bare 400.
  const exceptionMeta = await mdfMetadata(deps, 'exceptionObject');
  assertMdfFields(deps, 'exceptionObject', exceptionMeta, EXCEPTION_FIELDS);
  const eligibility = await resolveEligibility(deps, eligibilityMeta, asOf);
  const goalMeta = await getEntityMetadata(deps.http, `Goal_${deps.config.goalPlanId}`);
  const denied = [
    ...(goalMeta ? [[goalMeta, goalWriteProblems(goalMeta)] as const] : []),
    [eligibilityMeta, mdfWriteProblems(eligibilityMeta, ELIGIBILITY_FIELDS)] as const,
    [exceptionMeta, mdfWriteProblems(exceptionMeta, EXCEPTION_FIELDS)] as const,
  ].filter(([, problems]) => problems.length > 0);
  // A write the tenant will refuse must not be planned: the plan would only fail at apply, record by record.
  const [first] = denied;
  if (first) throw permissionError(deps.config, deps.configPath, first[0], first[1]);
  return { ...goal, category, ...eligibility, choices: [...goal.choices, ...eligibility.choices], warnings: [] };
};
