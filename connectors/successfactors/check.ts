/** `check` (credentials first, then every object written) and `discover` (grades, goal plans, categories, fields). */
import type { CheckItem, Discovery } from '../../src/connector.js';
import { FluencyError, SetupMissingError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/index.js';
import type { SuccessFactorsConfig } from './config.js';
import { listGoalEnums, listGoalPlans, listPayGrades, probe } from './client.js';
import { toFluencyError } from './to-error.js';
import type { TokenSource } from './auth.js';
import { ELIGIBILITY_FIELDS, EXCEPTION_FIELDS } from './wire-names.js';
import type { GoalEnumRow } from './wire-schemas.js';

export interface CheckDeps {
  http: HttpClient;
  tokens: TokenSource;
  config: SuccessFactorsConfig;
}

const item = async (name: string, run: () => Promise<string>): Promise<CheckItem> => {
  try {
    return { name, ok: true, detail: await run() };
  } catch (e) {
    const err = e instanceof FluencyError ? e : toFluencyError(e);
    return { name, ok: false, detail: `${err.code}: ${err.message}` };
  }
};

const enumValues = (rows: readonly GoalEnumRow[], fieldId: string): string[] =>
  rows.filter((r) => r.fieldId === fieldId).flatMap((r) => (r.value === null ? [] : [r.value]));

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
  items.push(
    await item(`goal plan ${config.goalPlanId}`, async () => {
      const plans = await listGoalPlans(http);
      const plan = plans.find((p) => p.id === String(config.goalPlanId));
      if (!plan) throw new SetupMissingError(`goal plan ${config.goalPlanId} not found (plans: ${plans.map((p) => p.id).join(', ') || 'none'})`);
      return `Goal_${config.goalPlanId} "${plan.name ?? ''}"`;
    }),
  );
  items.push(
    await item('goal states and category', async () => {
      const enums = await listGoalEnums(http, config.goalPlanId);
      const states = enumValues(enums, 'state');
      const missing = Object.values(config.values.goalStatus).filter((s) => !states.includes(s));
      if (missing.length > 0) throw new SetupMissingError(`goal plan states lack ${missing.join(', ')} (has: ${states.join(', ')})`);
      const categories = enumValues(enums, 'category');
      if (config.goalCategory !== undefined && !categories.includes(config.goalCategory))
        throw new SetupMissingError(`goal category "${config.goalCategory}" not in the plan (has: ${categories.join(', ')})`);
      return `states ${Object.values(config.values.goalStatus).join(', ')} present`;
    }),
  );
  items.push(await item(`MDF object ${config.mdfObject}`, async () => {
    for (const f of ELIGIBILITY_FIELDS) await probe(http, config.mdfObject, f);
    return `fields ${ELIGIBILITY_FIELDS.join(', ')} readable`;
  }));
  items.push(await item(`MDF object ${config.exceptionObject}`, async () => {
    for (const f of EXCEPTION_FIELDS) await probe(http, config.exceptionObject, f);
    return `fields ${EXCEPTION_FIELDS.join(', ')} readable`;
  }));
  return items;
};

export const runDiscover = async (deps: CheckDeps, asOfDate: string): Promise<Omit<Discovery, 'values'>> => {
  const { http, config } = deps;
  const grades =
    config.grade === 'payGrade'
      ? (await listPayGrades(http, asOfDate))
          .filter((g) => g.status === null || g.status === 'A')
          .sort((a, b) => (a.paygradeLevel ?? Number.MAX_SAFE_INTEGER) - (b.paygradeLevel ?? Number.MAX_SAFE_INTEGER) || a.externalCode.localeCompare(b.externalCode))
          .map((g) => ({ id: g.externalCode, name: g.name ?? g.externalCode, rank: g.paygradeLevel }))
      : [];
  const plans = await listGoalPlans(http);
  const enums = await listGoalEnums(http, config.goalPlanId);
  return {
    grades,
    gradesOrdered: config.grade === 'payGrade' && grades.every((g) => g.rank !== null),
    goalPlans: plans.map((p) => ({ id: p.id, name: p.name ?? p.id })),
    goalCategories: enumValues(enums, 'category').map((c) => ({ id: c, name: c })),
    customFields: [
      { id: `${config.mdfObject}.cust_eligible`, name: 'eligibility flag', type: 'picklist', note: `${config.values.eligible} / ${config.values.notEligible}` },
      { id: `${config.mdfObject}.cust_reason`, name: 'eligibility reason', type: 'string(255)' },
      ...EXCEPTION_FIELDS.filter((f) => f !== 'externalCode').map((f) => ({ id: `${config.exceptionObject}.${f}`, name: f, type: f === 'cust_promotionDate' ? 'date' : 'string' })),
    ],
  };
};

/** The category a new goal gets: the configured one, else the plan's first. */
export const goalCategory = async (deps: CheckDeps): Promise<string> => {
  if (deps.config.goalCategory !== undefined) return deps.config.goalCategory;
  const categories = enumValues(await listGoalEnums(deps.http, deps.config.goalPlanId), 'category');
  return categories[0] ?? '';
};
