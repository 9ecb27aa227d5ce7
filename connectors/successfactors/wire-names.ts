/**
 * Every entity set, property and navigation the connector sends or reads. The client builds its queries from
 * these lists and tests/conformance/successfactors-edmx.test.ts checks them against the published EDMX files.
 */
/** `defaultLocale` (`ja_JP`, `en_US`) is the user's language, which the goal's text follows. */
export const USER_SELECT = [
  'userId',
  'status',
  'firstName',
  'lastName',
  'email',
  'empId',
  'hireDate',
  'defaultLocale',
] as const;

export const EMPJOB_EXPAND = ['payGradeNav', 'jobCodeNav'] as const;
export const EMPJOB_SELECT = [
  'userId',
  'seqNumber',
  'startDate',
  'endDate',
  'event',
  'jobCode',
  'jobTitle',
  'payGrade',
  'department',
  'division',
  'location',
  'managerId',
  'payGradeNav/paygradeLevel',
  'payGradeNav/name',
  'jobCodeNav/jobFunction',
  'jobCodeNav/jobLevel',
] as const;

export const JOBCODE_SELECT = ['externalCode', 'jobFunction', 'jobLevel'] as const;
export const PAYGRADE_SELECT = ['externalCode', 'name', 'paygradeLevel', 'status'] as const;
export const GOALPLAN_SELECT = ['id', 'name'] as const;
export const GOALENUM_SELECT = ['fieldId', 'value', 'label'] as const;
export const PICKLIST_VALUE_SELECT = ['externalCode', 'label_defaultValue', 'label_localized', 'status'] as const;
export const GOAL_SELECT = ['id', 'userId', 'name', 'metric', 'due', 'done', 'state', 'category'] as const;
/** Properties a goal create sends (SAP's own sample, [TECHED] draftGoal). */
export const GOAL_CREATE = [
  'name',
  'metric',
  'category',
  'type',
  'flag',
  'weight',
  'userId',
  'state',
  'start',
  'due',
  'done',
] as const;
export const GOAL_UPDATE = ['id', 'name', 'metric', 'state', 'due', 'done'] as const;

/** The tenant-defined MDF objects (DESIGN §8). */
export const ELIGIBILITY_FIELDS = ['externalCode', 'cust_eligible', 'cust_reason'] as const;
/** Read with the flag: an MDF record's standard fields say who changed it last, and when (an HR partner's override). */
export const ELIGIBILITY_READ = [...ELIGIBILITY_FIELDS, 'lastModifiedBy', 'lastModifiedDateTime'] as const;
export const EXCEPTION_FIELDS = [
  'externalCode',
  'cust_userId',
  'cust_promotionDate',
  'cust_fromGrade',
  'cust_toGrade',
  'cust_note',
] as const;
/** The Edm type each of those fields must have (`cust_eligible` a string field bound to a picklist). */
export const MDF_FIELD_TYPES: Readonly<Record<string, string>> = {
  externalCode: 'Edm.String',
  cust_eligible: 'Edm.String',
  cust_reason: 'Edm.String',
  cust_userId: 'Edm.String',
  cust_promotionDate: 'Edm.DateTime',
  cust_fromGrade: 'Edm.String',
  cust_toGrade: 'Edm.String',
  cust_note: 'Edm.String',
};

/** Navigations a real tenant has on EmpJob that the Hub EDMX leaves out (see the specs' SOURCES.md caveats). */
export const TENANT_ONLY_NAVIGATIONS: Readonly<Record<string, { target: string; nav: string }>> = {
  'EmpJob/payGradeNav': { target: 'FOPayGrade', nav: 'payGradeNav' },
  'EmpJob/jobCodeNav': { target: 'FOJobCode', nav: 'jobCodeNav' },
};

/** SuccessFactors' standard event code for a promotion (KBA 2617429); termination is 26. */
export const PROMOTION_EVENT = '8';
export const TERMINATION_EVENT = '26';
