/**
 * The sandbox tenant's field, table and list metadata: standard fields with the ids seen on real accounts
 * (jobTitle 17, department 4, division 1355, jobLevel -50, payBand -49), and the custom fields, custom table and
 * list options an admin creates for fluencyflow (DESIGN §8). One field has no alias, as many real ones do.
 */
export interface SbField {
  id: number;
  name: string;
  type: string;
  alias?: string;
}

export const FIELDS: readonly SbField[] = [
  { id: 1, name: 'First Name', type: 'text', alias: 'firstName' },
  { id: 2, name: 'Last Name', type: 'text', alias: 'lastName' },
  { id: 3, name: 'Employee #', type: 'employee_number', alias: 'employeeNumber' },
  { id: 4, name: 'Department', type: 'list', alias: 'department' },
  { id: 5, name: 'Location', type: 'list', alias: 'location' },
  { id: 15, name: 'Work Email', type: 'email', alias: 'workEmail' },
  { id: 16, name: 'Home Email', type: 'email', alias: 'homeEmail' },
  { id: 17, name: 'Job Title', type: 'list', alias: 'jobTitle' },
  { id: 18, name: 'Status', type: 'status', alias: 'status' },
  { id: 19, name: 'Hire Date', type: 'date', alias: 'hireDate' },
  { id: 20, name: 'Termination Date', type: 'date', alias: 'terminationDate' },
  { id: 21, name: 'Employment Status', type: 'list', alias: 'employmentHistoryStatus' },
  { id: 22, name: 'Supervisor EID', type: 'int', alias: 'supervisorEId' },
  { id: 1355, name: 'Division', type: 'list', alias: 'division' },
  { id: -50, name: 'Job Level', type: 'text', alias: 'jobLevel' },
  { id: -49, name: 'Pay Band', type: 'pay_band', alias: 'payBand' },
  { id: 4315, name: 'Eligible For Re-hire', type: 'list' },
  { id: 4401, name: 'Job Family', type: 'list', alias: 'customJobFamily' },
  { id: 4402, name: 'AI Fluency Eligibility', type: 'list', alias: 'customAIFluencyEligibility' },
  { id: 4403, name: 'AI Fluency Reason', type: 'textarea', alias: 'customAIFluencyReason' },
  // BambooHR has no standard language field; companies add one like this (the connector's `locale.field`).
  { id: 4404, name: 'Preferred Language', type: 'text', alias: 'customPreferredLanguage' },
];

export interface SbTable {
  alias: string;
  fields: { id: number; name: string; alias: string; type: string }[];
}

export const EXCEPTION_TABLE = 'customAIFluencyExceptions';

const JOB_INFO_COLUMNS: SbTable['fields'] = [
  { id: 4047, name: 'Date', alias: 'date', type: 'date' },
  { id: 5, name: 'Location', alias: 'location', type: 'list' },
  { id: 4, name: 'Department', alias: 'department', type: 'list' },
  { id: 1355, name: 'Division', alias: 'division', type: 'list' },
  { id: 17, name: 'Job Title', alias: 'jobTitle', type: 'list' },
  { id: 91, name: 'Reporting to', alias: 'reportsTo', type: 'employee' },
  { id: -50, name: 'Job Level', alias: 'jobLevel', type: 'text' },
];

/** The job family as a jobInfo column too (an admin can add custom fields to Job Information): it gets a history. */
const JOB_FAMILY_COLUMN = { id: 4401, name: 'Job Family', alias: 'customJobFamily', type: 'list' } as const;

/** The tables; `familyHistory` adds the job family column to jobInfo. */
export const buildTables = (familyHistory: boolean): SbTable[] => [
  { alias: 'jobInfo', fields: familyHistory ? [...JOB_INFO_COLUMNS, { ...JOB_FAMILY_COLUMN }] : [...JOB_INFO_COLUMNS] },
  {
    alias: 'employmentStatus',
    fields: [
      { id: 1936, name: 'Date', alias: 'date', type: 'date' },
      { id: 1360, name: 'Employment Status', alias: 'employmentStatus', type: 'list' },
    ],
  },
  {
    alias: EXCEPTION_TABLE,
    fields: [
      { id: 4410, name: 'Date', alias: 'date', type: 'date' },
      { id: 4411, name: 'Promotion From', alias: 'customPromotionFrom', type: 'text' },
      { id: 4412, name: 'Promotion To', alias: 'customPromotionTo', type: 'text' },
      { id: 4413, name: 'Note', alias: 'customNote', type: 'textarea' },
    ],
  },
];

/** The eligibility list's options: live ones, archived ones, and what each means (for the canonical snapshot). */
export interface EligibilityOptions {
  live: string[];
  archived: string[];
  meaning: Record<string, 'eligible' | 'not-eligible'>;
}

export const STANDARD_OPTIONS: EligibilityOptions = {
  live: ['eligible', 'not-eligible'],
  archived: ['pending'],
  meaning: { eligible: 'eligible', 'not-eligible': 'not-eligible' },
};

/** Variation `alternate-list-options`: another template's words, and the canonical word archived. */
export const ALTERNATE_OPTIONS: EligibilityOptions = {
  live: ['Yes', 'No', 'Under review'],
  archived: ['eligible'],
  meaning: { Yes: 'eligible', No: 'not-eligible', eligible: 'eligible' },
};

export interface SbList {
  fieldId: number;
  alias?: string;
  name: string;
  options: { id: number; name: string; archived: 'yes' | 'no' }[];
}

/** List options; `values` come from the org for department, job title and job family. */
export const buildLists = (
  values: { department: string[]; jobTitle: string[]; jobFamily: string[]; location: string[]; division: string[] },
  eligibility: EligibilityOptions,
  firstOptionId = 100,
): SbList[] => {
  let next = firstOptionId;
  const opts = (names: readonly string[], archived: readonly string[] = []) => [
    ...names.map((name) => ({ id: next++, name, archived: 'no' as const })),
    ...archived.map((name) => ({ id: next++, name, archived: 'yes' as const })),
  ];
  return [
    { fieldId: 4, alias: 'department', name: 'Department', options: opts(values.department) },
    { fieldId: 5, alias: 'location', name: 'Location', options: opts(values.location) },
    { fieldId: 17, alias: 'jobTitle', name: 'Job Title', options: opts(values.jobTitle) },
    { fieldId: 1355, alias: 'division', name: 'Division', options: opts(values.division) },
    {
      fieldId: 21,
      alias: 'employmentHistoryStatus',
      name: 'Employment Status',
      options: opts(['Full-Time', 'Part-Time', 'Terminated']),
    },
    { fieldId: 4315, name: 'Eligible For Re-hire', options: opts(['Yes', 'No']) },
    { fieldId: 4401, alias: 'customJobFamily', name: 'Job Family', options: opts(values.jobFamily) },
    // An archived option stays listed for history but is refused on writes.
    {
      fieldId: 4402,
      alias: 'customAIFluencyEligibility',
      name: 'AI Fluency Eligibility',
      options: opts(eligibility.live, eligibility.archived),
    },
  ];
};

/** A field by alias or numeric id, as the report and the update endpoint accept them. */
export const findField = (ref: string): SbField | undefined =>
  FIELDS.find((f) => f.alias === ref || String(f.id) === ref);
