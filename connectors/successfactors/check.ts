/**
 * `check`: everything a plan or an apply would otherwise run into, one item each, before anything is written:
 * credentials, reads, the goal plan, its states and category, the API user's write permissions on `Goal_<plan>`
 * and the MDF objects (from `$metadata`), the MDF fields and their types, the eligibility picklist's options.
 * `discover`: grades, goal plans, categories, fields and the values the connector writes.
 */
import type { CheckItem, Discovery } from '../../src/connector.js';
import { FluencyError, SetupMissingError } from '../../src/errors.js';
import type { TokenSource } from './auth.js';
import { getEntityMetadata, listGoalEnums, listGoalPlans, listPayGrades, probe } from './client.js';
import type { EntityMeta } from './metadata.js';
import {
  assertMdfFields, findGoalPlan, mdfMetadata, resolveCategory, resolveEligibility, resolveGoalStates, type TenantDeps, type TenantValues,
} from './tenant.js';
import { toFluencyError } from './to-error.js';
import { GOAL_WRITE_SUMMARY, goalWriteProblems, mdfWriteProblems, permissionError } from './permissions.js';
import { ELIGIBILITY_FIELDS, EXCEPTION_FIELDS } from './wire-names.js';

export interface CheckDeps extends TenantDeps {
  tokens: TokenSource;
  /** The as-of date of reads outside a plan (picklists, pay grades). */
  asOf: string;
}

const item = async (name: string, run: () => Promise<string>): Promise<CheckItem> => {
  try {
    return { name, ok: true, detail: await run() };
  } catch (e) {
    const err = e instanceof FluencyError ? e : toFluencyError(e);
    return { name, ok: false, detail: `${err.code}: ${err.message}` };
  }
};

const choiceText = (c: { meaning: string; value: string; label: string | null; source: string }): string =>
  `${c.meaning} → ${c.value}${c.label && c.label !== c.value ? ` (${c.label})` : ''} [${c.source}]`;

/** The API user may create goals with the fields sent, and upsert the fields an update rewrites. */
const goalPermissions = (deps: CheckDeps, meta: EntityMeta): string => {
  const problems = goalWriteProblems(meta);
  if (problems.length > 0) throw permissionError(deps.config, deps.configPath, meta, problems);
  return `${meta.name}: ${GOAL_WRITE_SUMMARY}`;
};

/** The MDF object's fields and types, then the API user's right to upsert it and them. */
const mdfPermissions = (deps: CheckDeps, key: 'mdfObject' | 'exceptionObject', meta: EntityMeta, fields: readonly string[]): string => {
  assertMdfFields(deps, key, meta, fields);
  const problems = mdfWriteProblems(meta, fields);
  if (problems.length > 0) throw permissionError(deps.config, deps.configPath, meta, problems);
  return `${meta.name}: fields ${fields.join(', ')} present, of the right types, upsertable by the API user`;
};

export const runCheck = async (deps: CheckDeps): Promise<CheckItem[]> => {
  const { http, config } = deps;
  const items: CheckItem[] = [];
  const token = await item('oauth token (SAML bearer assertion)', async () => {
    await deps.tokens.get();
    return `token issued for ${config.auth.userId}@${config.companyId}`;
  });
  items.push(token);
  // Stop at bad credentials: every other call would fail the same way.
  if (!token.ok) return items;
  items.push(await item('read users', async () => (await probe(http, 'User', 'userId'), 'User is readable')));
  items.push(await item('read job history', async () => (await probe(http, 'EmpJob', 'payGrade'), 'EmpJob is readable')));
  if (config.grade === 'payGrade')
    items.push(await item('read pay grades', async () => (await probe(http, 'FOPayGrade', 'paygradeLevel'), 'FOPayGrade is readable')));

  const plan = await item(`goal plan ${config.goalPlanId}`, async () => {
    const found = await findGoalPlan(deps);
    return `Goal_${config.goalPlanId} "${found.name ?? ''}"`;
  });
  items.push(plan);
  if (plan.ok) {
    const enums = await listGoalEnums(http, config.goalPlanId).catch(() => []);
    items.push(await item('goal states', async () => resolveGoalStates(deps, enums).choices.map(choiceText).join(', ')));
    items.push(await item('goal category', async () => `new goals get category ${resolveCategory(deps, enums) ?? '(none: the plan defines no categories)'}`));
    items.push(await item(`goal plan ${config.goalPlanId} write permissions`, async () => {
      const meta = await getEntityMetadata(http, `Goal_${config.goalPlanId}`);
      if (meta === null) throw new SetupMissingError(`Goal_${config.goalPlanId} is not in the tenant's $metadata`, { connector: config.id });
      return goalPermissions(deps, meta);
    }));
  }

  const eligibility: { meta: EntityMeta | null } = { meta: null };
  items.push(await item(`MDF object ${config.mdfObject}`, async () => {
    const meta = await mdfMetadata(deps, 'mdfObject');
    eligibility.meta = meta;
    const detail = mdfPermissions(deps, 'mdfObject', meta, ELIGIBILITY_FIELDS);
    await probe(http, config.mdfObject, 'externalCode');
    return detail;
  }));
  const readyMeta = eligibility.meta;
  if (readyMeta !== null) {
    items.push(await item('eligibility values', async () => {
      const e = await resolveEligibility(deps, readyMeta, deps.asOf);
      const source = e.picklistId === null ? 'cust_eligible has no picklist: values written as named' : `picklist ${e.picklistId} as of ${deps.asOf}`;
      return `${e.choices.map(choiceText).join(', ')} (${source})`;
    }));
  }
  items.push(await item(`MDF object ${config.exceptionObject}`, async () => {
    const detail = mdfPermissions(deps, 'exceptionObject', await mdfMetadata(deps, 'exceptionObject'), EXCEPTION_FIELDS);
    await probe(http, config.exceptionObject, 'externalCode');
    return detail;
  }));
  return items;
};

export const runDiscover = async (deps: CheckDeps, values: TenantValues): Promise<Discovery> => {
  const { http, config } = deps;
  const grades =
    config.grade === 'payGrade'
      ? (await listPayGrades(http, deps.asOf))
          .filter((g) => g.status === null || g.status === 'A')
          .sort((a, b) => (a.paygradeLevel ?? Number.MAX_SAFE_INTEGER) - (b.paygradeLevel ?? Number.MAX_SAFE_INTEGER) || a.externalCode.localeCompare(b.externalCode))
          .map((g) => ({ id: g.externalCode, name: g.name ?? g.externalCode, rank: g.paygradeLevel }))
      : [];
  const plans = await listGoalPlans(http);
  const enums = await listGoalEnums(http, config.goalPlanId);
  const eligibilityNote = `${values.eligible} / ${values.notEligible}${values.picklistId === null ? '' : ` (picklist ${values.picklistId})`}`;
  return {
    grades,
    gradesOrdered: config.grade === 'payGrade' && grades.every((g) => g.rank !== null),
    goalPlans: plans.map((p) => ({ id: p.id, name: p.name ?? p.id })),
    goalCategories: enums.filter((r) => r.fieldId === 'category' && r.value !== null).map((c) => ({ id: c.value ?? '', name: c.label ?? c.value ?? '' })),
    customFields: [
      { id: `${config.mdfObject}.cust_eligible`, name: 'eligibility flag', type: 'picklist', note: eligibilityNote },
      { id: `${config.mdfObject}.cust_reason`, name: 'eligibility reason', type: 'string(255)' },
      ...EXCEPTION_FIELDS.filter((f) => f !== 'externalCode').map((f) => ({ id: `${config.exceptionObject}.${f}`, name: f, type: f === 'cust_promotionDate' ? 'date' : 'string' })),
    ],
    values: values.choices,
  };
};
