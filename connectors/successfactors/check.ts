/**
 * `check`: everything a plan or an apply would otherwise run into, one item each, before anything is written:
 * credentials, reads, the goal plan, its states and category, the API user's write permissions on `Goal_<plan>`
 * and the MDF objects (from `$metadata`), the MDF fields and their types, the eligibility picklist's options.
 */
import type { CheckItem } from '../../src/connector.js';
import { SetupMissingError } from '../../src/errors.js';
import type { TokenSource } from './auth.js';
import { getEntityMetadata, listGoalEnums, probe } from './client.js';
import type { EntityMeta } from './metadata.js';
import { assertMdfFields, mdfMetadata, resolveEligibility, type MdfKey } from './mdf.js';
import { findGoalPlan, resolveCategory, resolveGoalStates, type TenantDeps } from './values.js';
import { toError } from './to-error.js';
import { GOAL_WRITE_SUMMARY, goalWriteProblems, mdfWriteProblems, permissionError } from './permissions.js';
import { ELIGIBILITY_FIELDS, EXCEPTION_FIELDS } from './wire-names.js';

export interface CheckDeps extends TenantDeps {
  tokens: TokenSource;
  /** The as-of date of reads outside a plan (picklists, pay grades). */
  asOf: string;
}

const checkItem = async (connector: string, name: string, run: () => Promise<string>): Promise<CheckItem> => {
  try {
    return { name, ok: true, detail: await run() };
  } catch (e) {
    const err = toError(e, { connector, where: name });
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
const mdfPermissions = (deps: CheckDeps, key: MdfKey, meta: EntityMeta, fields: readonly string[]): string => {
  assertMdfFields(deps, key, meta, fields);
  const problems = mdfWriteProblems(meta, fields);
  if (problems.length > 0) throw permissionError(deps.config, deps.configPath, meta, problems);
  return `${meta.name}: fields ${fields.join(', ')} present, of the right types, upsertable by the API user`;
};

export const runCheck = async (deps: CheckDeps): Promise<CheckItem[]> => {
  const { http, config } = deps;
  const item = (name: string, run: () => Promise<string>) => checkItem(config.id, name, run);
  const items: CheckItem[] = [];
  const token = await item('oauth token (SAML bearer assertion)', async () => {
    await deps.tokens.get();
    return `token issued for ${config.auth.userId}@${config.companyId}`;
  });
  items.push(token);
  // Stop at bad credentials: every other call would fail the same way.
  if (!token.ok) return items;
  const readable = (name: string, set: string, property: string) =>
    item(name, async () => (await probe(http, set, property), `${set} is readable`));
  items.push(await readable('read users', 'User', 'userId'));
  items.push(await readable('read job history', 'EmpJob', 'payGrade'));
  if (config.grade === 'payGrade') items.push(await readable('read pay grades', 'FOPayGrade', 'paygradeLevel'));

  const plan = await item(`goal plan ${config.goalPlanId}`, async () => {
    const found = await findGoalPlan(deps);
    return `Goal_${config.goalPlanId} "${found.name ?? ''}"`;
  });
  items.push(plan);
  if (plan.ok) {
    const enums = await listGoalEnums(http, config.goalPlanId).catch(() => []);
    items.push(
      await item('goal states', async () => resolveGoalStates(deps, enums).choices.map(choiceText).join(', ')),
    );
    items.push(
      await item('goal category', async () => {
        const category = resolveCategory(deps, enums);
        return `new goals get category ${category ?? '(none: the plan defines no categories)'}`;
      }),
    );
    items.push(
      await item(`goal plan ${config.goalPlanId} write permissions`, async () => {
        const set = `Goal_${config.goalPlanId}`;
        const meta = await getEntityMetadata(http, set);
        if (meta === null) {
          throw new SetupMissingError(`${set} is not in the tenant's $metadata`, { connector: config.id, where: set });
        }
        return goalPermissions(deps, meta);
      }),
    );
  }

  const eligibility: { meta: EntityMeta | null } = { meta: null };
  items.push(
    await item(`MDF object ${config.mdfObject}`, async () => {
      const meta = await mdfMetadata(deps, 'mdfObject');
      eligibility.meta = meta;
      const detail = mdfPermissions(deps, 'mdfObject', meta, ELIGIBILITY_FIELDS);
      await probe(http, config.mdfObject, 'externalCode');
      return detail;
    }),
  );
  const readyMeta = eligibility.meta;
  if (readyMeta !== null) {
    items.push(
      await item('eligibility values', async () => {
        const e = await resolveEligibility(deps, readyMeta, deps.asOf);
        const source =
          e.picklistId === null
            ? 'cust_eligible has no picklist: values written as named'
            : `picklist ${e.picklistId} as of ${deps.asOf}`;
        return `${e.choices.map(choiceText).join(', ')} (${source})`;
      }),
    );
  }
  items.push(
    await item(`MDF object ${config.exceptionObject}`, async () => {
      const meta = await mdfMetadata(deps, 'exceptionObject');
      const detail = mdfPermissions(deps, 'exceptionObject', meta, EXCEPTION_FIELDS);
      await probe(http, config.exceptionObject, 'externalCode');
      return detail;
    }),
  );
  return items;
};
