/**
 * The sandbox tenant's data model: the EDMX facts, plus what only a real tenant's `$metadata` has (the EmpJob
 * navigations to the foundation objects, listed in the specs' SOURCES.md caveats) and the custom MDF objects the
 * admin defines (DESIGN §8).
 */
import { EDMX_ENTITIES, type EntityFact, type PropertyFact } from './edmx-facts.js';

const p = (type: string, filterable = true): PropertyFact => ({ type: `Edm.${type}`, filterable });

/** The eligibility object: not effective dated, externalCode = the user's userId, `cust_eligible` a picklist. */
const eligibilityFact = (picklistId: string): EntityFact => ({
  keys: ['externalCode'],
  picklists: new Map([['cust_eligible', picklistId]]),
  properties: new Map([
    ['externalCode', p('String')],
    ['cust_eligible', p('String')],
    ['cust_reason', p('String', false)],
    ['lastModifiedBy', p('String')],
    ['lastModifiedDateTime', p('DateTimeOffset')],
  ]),
  navigations: new Map(),
  employeeCentral: false,
  effectiveDated: false,
  source: 'tenant-mdf',
});

/** The exception object: externalCode `<userId>-<yyyy-mm-dd>`. */
const exceptionFact = (): EntityFact => ({
  keys: ['externalCode'],
  properties: new Map([
    ['externalCode', p('String')],
    ['cust_userId', p('String')],
    ['cust_promotionDate', p('DateTime')],
    ['cust_fromGrade', p('String')],
    ['cust_toGrade', p('String')],
    ['cust_note', p('String', false)],
    ['lastModifiedDateTime', p('DateTimeOffset')],
  ]),
  navigations: new Map(),
  employeeCentral: false,
  effectiveDated: false,
  source: 'tenant-mdf',
});

const must = (name: string): EntityFact => {
  const fact = EDMX_ENTITIES[name];
  if (!fact) throw new Error(`no EDMX fact for ${name}`);
  return fact;
};

export interface TenantModelOptions {
  goalPlanIds: readonly number[];
  mdfObject: string;
  exceptionObject: string;
  eligibilityPicklistId: string;
  /** An admin's mistakes (quirks): fields left out, fields of another type, objects the API user may not write. */
  missingFields?: readonly string[];
  fieldTypes?: Readonly<Record<string, string>>;
  readOnlyEntities?: readonly string[];
}

/** The MDF object as the admin actually defined it. */
const asDefined = (fact: EntityFact, o: TenantModelOptions, name: string): EntityFact => {
  const properties = new Map(fact.properties);
  for (const f of o.missingFields ?? []) properties.delete(f);
  for (const [f, type] of Object.entries(o.fieldTypes ?? {})) if (properties.has(f)) properties.set(f, p(type));
  const denied = (o.readOnlyEntities ?? []).includes(name);
  return {
    ...fact,
    properties,
    ...(denied
      ? {
          access: { creatable: false, updatable: false, upsertable: false },
          propertyAccess: new Map([...properties.keys()].map((k) => [k, { creatable: false, upsertable: false }])),
        }
      : {}),
  };
};

/** Entity set name -> facts, as the sandbox tenant's `$metadata` would list them. */
export const tenantModel = (o: TenantModelOptions): ReadonlyMap<string, EntityFact> => {
  const empJob = must('EmpJob');
  const model = new Map<string, EntityFact>([
    ['User', must('User')],
    [
      'EmpJob',
      {
        ...empJob,
        navigations: new Map([...empJob.navigations, ['payGradeNav', 'FOPayGrade'], ['jobCodeNav', 'FOJobCode']]),
      },
    ],
    ['FOPayGrade', must('FOPayGrade')],
    ['FOJobCode', must('FOJobCode')],
    ['GoalPlanTemplate', must('GoalPlanTemplate')],
    ['GoalEnum', must('GoalEnum')],
    ['PickListValueV2', must('PickListValueV2')],
    [o.mdfObject, asDefined(eligibilityFact(o.eligibilityPicklistId), o, o.mdfObject)],
    [o.exceptionObject, asDefined(exceptionFact(), o, o.exceptionObject)],
  ]);
  // Goal_<planId> share one shape in the EDMX (Goal_1..Goal_8, Goal_101).
  for (const id of o.goalPlanIds) model.set(`Goal_${id}`, asDefined(must('Goal_3'), o, `Goal_${id}`));
  return model;
};
