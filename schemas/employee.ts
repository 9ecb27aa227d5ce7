import { z } from 'zod';
import { isoDate } from './common.js';

/** One record of an employee's job history, as the HRIS holds it (effective-dated). */
export const jobHistoryEntry = z.object({
  effectiveDate: isoDate,
  grade: z.string().nullable(),
  jobFamily: z.string().nullable().default(null),
  /** Every job family held on that date (a Workday job profile can be in several); `jobFamily` is the first. */
  jobFamilies: z.array(z.string().min(1)).default([]),
  jobTitle: z.string().nullable().default(null),
  /** The HRIS's own event or reason code when it has one (SuccessFactors event `8`, Workday `Promotion`). */
  event: z.string().nullable().default(null),
});
export type JobHistoryEntry = z.infer<typeof jobHistoryEntry>;

export const employeeStatus = z.enum(['active', 'inactive', 'terminated']);

/** The canonical employee every connector maps its payloads onto. */
export const employee = z.object({
  /** The connector config's id (`us`, `eu`, ...). */
  connector: z.string(),
  /** The HRIS's immutable id (BambooHR id, SuccessFactors userId, Workday Employee_ID). */
  id: z.string().min(1),
  employeeNumber: z.string().nullable().default(null),
  /** Work e-mail only; never a personal address. */
  email: z.string().nullable().default(null),
  firstName: z.string().default(''),
  lastName: z.string().default(''),
  department: z.string().nullable().default(null),
  division: z.string().nullable().default(null),
  location: z.string().nullable().default(null),
  jobTitle: z.string().nullable().default(null),
  /** The primary job family, for display and grouping on the dashboard. */
  jobFamily: z.string().nullable().default(null),
  /**
   * Every job family the employee belongs to (DESIGN §1: "expert for job families X" matches any of them). A
   * connector that knows only one may leave this empty: the policy then reads `jobFamily`.
   */
  jobFamilies: z.array(z.string().min(1)).default([]),
  grade: z.string().nullable().default(null),
  managerId: z.string().nullable().default(null),
  status: employeeStatus,
  hireDate: isoDate.nullable().default(null),
  /**
   * The employee's language or locale as the HRIS holds it (`ja_JP`, `de-DE`, `fr`), for the goal's text; null when
   * the HRIS has no such field (the config's default locale is used).
   */
  locale: z.string().nullable().optional(),
  /** Oldest first is not required: the core sorts by effective date. */
  jobHistory: z.array(jobHistoryEntry).default([]),
});
export type Employee = z.infer<typeof employee>;
export type EmployeeInput = z.input<typeof employee>;
