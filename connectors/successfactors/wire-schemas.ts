/** zod schemas of the SuccessFactors OData v2 (JSON verbose) payloads fluencyflow reads. */
import { z } from 'zod';

/** Int64 arrives as a string in OData v2 JSON; some servers send a number. */
const int64 = z.union([z.string(), z.number()]).transform((v) => String(v));
const text = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? null);
/** A number, or null when empty or not a finite number (`"abc"`, `"NaN"`). */
const num = z
  .union([z.number(), z.string()])
  .nullable()
  .optional()
  .transform((v) => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v)));

/** `{"d":{"results":[...],"__next":"..."}}` (KBA 2489065). */
export const collectionOf = <T extends z.ZodType>(row: T) =>
  z.object({ d: z.object({ results: z.array(row), __next: z.string().optional() }) });

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string()]).transform((v) => Number(v)),
});

export const userRow = z.looseObject({
  userId: z.string().min(1),
  status: text,
  firstName: text,
  lastName: text,
  email: text,
  empId: text,
  hireDate: text,
  defaultLocale: text,
});
export type UserRow = z.infer<typeof userRow>;

export const empJobRow = z.looseObject({
  userId: z.string(),
  seqNumber: int64,
  startDate: z.string(),
  endDate: text,
  event: text,
  jobCode: text,
  jobTitle: text,
  payGrade: text,
  department: text,
  division: text,
  location: text,
  managerId: text,
  payGradeNav: z.looseObject({ paygradeLevel: num, name: text }).nullable().optional(),
  jobCodeNav: z.looseObject({ jobFunction: text, jobLevel: text }).nullable().optional(),
});
export type EmpJobRow = z.infer<typeof empJobRow>;

export const jobCodeRow = z.looseObject({ externalCode: z.string(), jobFunction: text, jobLevel: text });
export type JobCodeRow = z.infer<typeof jobCodeRow>;

export const payGradeRow = z.looseObject({ externalCode: z.string(), name: text, paygradeLevel: num, status: text });
export type PayGradeRow = z.infer<typeof payGradeRow>;

export const goalPlanRow = z.looseObject({ id: int64, name: text });
export const goalEnumRow = z.looseObject({ fieldId: z.string(), value: text, label: text });
export type GoalEnumRow = z.infer<typeof goalEnumRow>;

/** One option of an MDF picklist (`PickListValueV2`); `status` `A` is active. */
export const picklistValueRow = z.looseObject({
  externalCode: z.string(),
  label_defaultValue: text,
  label_localized: text,
  status: text,
});
export type PicklistValueRow = z.infer<typeof picklistValueRow>;

export const goalRow = z.looseObject({
  id: int64,
  userId: z.string(),
  name: z.string(),
  metric: text,
  due: text,
  done: num,
  state: text,
  category: text,
});
export type GoalRow = z.infer<typeof goalRow>;

export const eligibilityRow = z.looseObject({
  externalCode: z.string(),
  cust_eligible: text,
  cust_reason: text,
  lastModifiedBy: text,
  lastModifiedDateTime: text,
});
export type EligibilityRow = z.infer<typeof eligibilityRow>;

export const exceptionRow = z.looseObject({
  externalCode: z.string(),
  cust_userId: z.string(),
  cust_promotionDate: z.string(),
  cust_fromGrade: text,
  cust_toGrade: text,
  cust_note: text,
});
export type ExceptionRow = z.infer<typeof exceptionRow>;

/** One element of the `upsert` function import's answer; HTTP is 200 even when records fail (KBA 2936182). */
const upsertResult = z.looseObject({
  key: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  editStatus: z.string().nullable().optional(),
  message: z.string().nullable().optional(),
  index: z.union([z.number(), z.string()]).nullable().optional(),
  httpCode: z.union([z.number(), z.string()]).nullable().optional(),
});
export type UpsertResult = z.infer<typeof upsertResult>;
export const upsertResponse = z.object({ d: z.array(upsertResult) });

/** Both error shapes: OData `{"error":{"code","message":{"lang","value"}}}` and a bare `{"message": "..."}`. */
export const odataError = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.union([z.object({ lang: z.string().optional(), value: z.string() }), z.string()]).optional(),
  }),
});
export const plainError = z.object({ message: z.string(), code: z.string().optional() });
