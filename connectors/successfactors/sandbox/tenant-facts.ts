/**
 * The sandbox tenant's data model: the EDMX facts, plus what only a real tenant's `$metadata` has (the EmpJob
 * navigations to the foundation objects, listed in the specs' SOURCES.md caveats) and the custom MDF objects the
 * admin defines (DESIGN §8).
 */
import { EDMX_ENTITIES, type EntityFact, type PropertyFact } from './edmx-facts.js';

const p = (type: string, filterable = true): PropertyFact => ({ type: `Edm.${type}`, filterable });

/** The eligibility object: not effective dated, externalCode = the user's userId. */
export const eligibilityFact = (): EntityFact => ({
  keys: ['externalCode'],
  properties: new Map([
    ['externalCode', p('String')],
    ['cust_eligible', p('String')],
    ['cust_reason', p('String', false)],
    ['lastModifiedDateTime', p('DateTimeOffset')],
  ]),
  navigations: new Map(),
  employeeCentral: false,
  effectiveDated: false,
  source: 'tenant-mdf',
});

/** The exception object: externalCode `<userId>-<yyyy-mm-dd>`. */
export const exceptionFact = (): EntityFact => ({
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
}

/** Entity set name -> facts, as the sandbox tenant's `$metadata` would list them. */
export const tenantModel = (o: TenantModelOptions): ReadonlyMap<string, EntityFact> => {
  const empJob = must('EmpJob');
  const model = new Map<string, EntityFact>([
    ['User', must('User')],
    ['EmpJob', { ...empJob, navigations: new Map([...empJob.navigations, ['payGradeNav', 'FOPayGrade'], ['jobCodeNav', 'FOJobCode']]) }],
    ['FOPayGrade', must('FOPayGrade')],
    ['FOJobCode', must('FOJobCode')],
    ['GoalPlanTemplate', must('GoalPlanTemplate')],
    ['GoalEnum', must('GoalEnum')],
    [o.mdfObject, eligibilityFact()],
    [o.exceptionObject, exceptionFact()],
  ]);
  // Goal_<planId> share one shape in the EDMX (Goal_1..Goal_8, Goal_101).
  for (const id of o.goalPlanIds) model.set(`Goal_${id}`, must('Goal_3'));
  return model;
};
