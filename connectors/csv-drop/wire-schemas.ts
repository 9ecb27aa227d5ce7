/**
 * zod for the CSV rows that cross the folder: the outbox rows fluencyflow writes (the HRIS's import template, fixed
 * columns) and the export rows after column mapping. Cells are text; empty means absent.
 */
import { z } from 'zod';
import { isoDate } from '../../schemas/index.js';

/** The outbox file's columns, in order: the import template the admin sets up in the HRIS. */
export const OUTBOX_COLUMNS = [
  'change_id',
  'record',
  'action',
  'employee_id',
  'goal_id',
  'goal_ref',
  'title',
  'description',
  'due_date',
  'percent_complete',
  'status',
  'eligibility',
  'reason',
  'promotion_date',
  'from_grade',
  'to_grade',
  'note',
] as const;
export type OutboxColumn = (typeof OUTBOX_COLUMNS)[number];

const text = z.string().default('');
const id = z.string().min(1);
const percent = z
  .string()
  .regex(/^(100|[1-9]?\d)$/, 'a whole number 0-100')
  .transform(Number);

/** `upsert` a goal by goal_id, else by goal_ref (the HRIS creates it when neither is found); `delete` likewise. */
const goalRow = z.object({
  change_id: id,
  record: z.literal('goal'),
  action: z.enum(['upsert', 'delete']),
  employee_id: id,
  goal_id: text,
  goal_ref: text,
  title: text,
  description: text,
  due_date: z.union([isoDate, z.literal('')]).default(''),
  percent_complete: z.union([percent, z.literal('').transform(() => 0)]).default(0),
  status: text,
});

/** `set` the flag and reason; an empty eligibility clears the flag. */
const eligibilityRow = z.object({
  change_id: id,
  record: z.literal('eligibility'),
  action: z.literal('set'),
  employee_id: id,
  eligibility: text,
  reason: text,
});

/** `add` a note unless one for that promotion (date and new grade) is there; `delete` it. */
const noteRow = z.object({
  change_id: id,
  record: z.literal('exception-note'),
  action: z.enum(['add', 'delete']),
  employee_id: id,
  promotion_date: isoDate,
  from_grade: text,
  to_grade: z.string().min(1),
  note: text,
});

export const outboxRow = z.discriminatedUnion('record', [goalRow, eligibilityRow, noteRow]);
export type OutboxRow = z.infer<typeof outboxRow>;
export type OutboxGoalRow = z.infer<typeof goalRow>;

/** One employee as the export's columns give it, before dates and statuses are interpreted. */
export const employeeExportRow = z.object({
  id: z.string().trim().min(1, 'the employee id is empty'),
  employeeNumber: text,
  firstName: text,
  lastName: text,
  email: text,
  grade: text,
  jobFamily: text,
  jobTitle: text,
  manager: text,
  status: z.string().trim().min(1, 'the status is empty'),
  department: text,
  division: text,
  location: text,
  hireDate: text,
  locale: text,
  eligibility: text,
  reason: text,
});

export const historyExportRow = z.object({
  employeeId: z.string().trim().min(1, 'the employee id is empty'),
  effectiveDate: z.string().trim().min(1, 'the effective date is empty'),
  grade: text,
  jobFamily: text,
});

export const goalExportRow = z.object({
  id: z.string().trim().min(1, 'the goal id is empty'),
  employeeId: z.string().trim().min(1, 'the employee id is empty'),
  reference: text,
  title: text,
  description: text,
  dueDate: text,
  percentComplete: z.union([percent, z.literal('').transform(() => 0)]),
  status: text,
});

export const noteExportRow = z.object({
  id: text,
  employeeId: z.string().trim().min(1, 'the employee id is empty'),
  promotionDate: z.string().trim().min(1, 'the promotion date is empty'),
  fromGrade: text,
  toGrade: text,
  note: text,
});
