/**
 * What the API user may write, as a tenant's `$metadata` says for that user (`sap:creatable`, `sap:updatable`,
 * `sap:upsertable` on the entity set and each property). Pure: `check` turns a problem into a FF_FORBIDDEN item,
 * a plan into a warning (the writes would be refused record by record).
 */
import { PermissionError } from '../../src/errors.js';
import type { SuccessFactorsConfig } from './config.js';
import type { EntityMeta } from './metadata.js';
import { GOAL_CREATE, GOAL_UPDATE } from './wire-names.js';

const GOAL_CHANGED = GOAL_UPDATE.filter((f) => f !== 'id');

/** What the API user may not do on `Goal_<plan>` (create goals with the fields sent, change the fields updated). */
export const goalWriteProblems = (meta: EntityMeta): string[] => {
  const problems: string[] = [];
  if (!meta.creatable) problems.push(`create ${meta.name} (sap:creatable="false")`);
  if (!meta.upsertable && !meta.updatable) problems.push(`update ${meta.name} (sap:upsertable="false")`);
  const notCreatable = GOAL_CREATE.filter((f) => meta.properties.get(f)?.creatable === false);
  const notUpsertable = GOAL_CHANGED.filter((f) => meta.properties.get(f)?.upsertable === false);
  if (notCreatable.length > 0) problems.push(`set ${notCreatable.join(', ')} on create`);
  if (notUpsertable.length > 0) problems.push(`change ${notUpsertable.join(', ')}`);
  return problems;
};

/** What the API user may not do on an MDF object (upsert it, or upsert some of the fields written). */
export const mdfWriteProblems = (meta: EntityMeta, fields: readonly string[]): string[] => {
  const locked = fields.filter((f) => meta.properties.get(f)?.upsertable === false);
  if (meta.upsertable && locked.length === 0) return [];
  return [`upsert ${meta.name}${locked.length > 0 ? ` (fields ${locked.join(', ')})` : ''}`];
};

/** One sentence naming the API user, what it may not do and what to grant. */
export const permissionError = (
  config: SuccessFactorsConfig,
  configPath: string,
  meta: EntityMeta,
  problems: readonly string[],
): PermissionError => {
  const grant = meta.name.startsWith('Goal_')
    ? `create and edit rights on goal plan ${config.goalPlanId}`
    : 'edit rights on the object';
  return new PermissionError(
    `${configPath}.auth.userId: the API user ${config.auth.userId} may not ${problems.join('; ')} ` +
      `(per ${meta.name}/$metadata); ` +
      `grant it ${grant} in its permission role`,
    { connector: config.id, where: `${configPath}.auth.userId` },
  );
};

export const GOAL_WRITE_SUMMARY = `the API user may create goals and change ${GOAL_CHANGED.join(', ')}`;
