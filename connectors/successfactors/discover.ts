/** `discover`: grades as of D in the HRIS's order, goal plans, categories, the custom fields and the values written. */
import type { Discovery } from '../../src/connector.js';
import type { CheckDeps } from './check.js';
import { listGoalEnums, listGoalPlans, listPayGrades } from './client.js';
import type { TenantValues } from './values.js';
import { EXCEPTION_FIELDS } from './wire-names.js';
import type { PayGradeRow } from './wire-schemas.js';

const level = (g: PayGradeRow): number => g.paygradeLevel ?? Number.MAX_SAFE_INTEGER;
const byLevel = (a: PayGradeRow, b: PayGradeRow): number =>
  level(a) - level(b) || a.externalCode.localeCompare(b.externalCode);

export const runDiscover = async (deps: CheckDeps, values: TenantValues): Promise<Discovery> => {
  const { http, config } = deps;
  const grades =
    config.grade === 'payGrade'
      ? (await listPayGrades(http, deps.asOf))
          .filter((g) => g.status === null || g.status === 'A')
          .sort(byLevel)
          .map((g) => ({ id: g.externalCode, name: g.name ?? g.externalCode, rank: g.paygradeLevel }))
      : [];
  const plans = await listGoalPlans(http);
  const enums = await listGoalEnums(http, config.goalPlanId);
  const picklist = values.picklistId === null ? '' : ` (picklist ${values.picklistId})`;
  const exceptionFields = EXCEPTION_FIELDS.filter((f) => f !== 'externalCode').map((f) => ({
    id: `${config.exceptionObject}.${f}`,
    name: f,
    type: f === 'cust_promotionDate' ? 'date' : 'string',
  }));
  return {
    grades,
    gradesOrdered: config.grade === 'payGrade' && grades.every((g) => g.rank !== null),
    goalPlans: plans.map((p) => ({ id: p.id, name: p.name ?? p.id })),
    goalCategories: enums
      .filter((r) => r.fieldId === 'category' && r.value !== null)
      .map((c) => ({ id: c.value ?? '', name: c.label ?? c.value ?? '' })),
    customFields: [
      {
        id: `${config.mdfObject}.cust_eligible`,
        name: 'eligibility flag',
        type: 'picklist',
        note: `${values.eligible} / ${values.notEligible}${picklist}`,
      },
      { id: `${config.mdfObject}.cust_reason`, name: 'eligibility reason', type: 'string(255)' },
      ...exceptionFields,
    ],
    values: values.choices,
  };
};
