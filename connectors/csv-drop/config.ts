import { z } from 'zod';
import { connectorBase, secretRef } from '../../schemas/index.js';

const column = z.string().min(1);
const words = z.array(z.string().min(1)).min(1);

/** The employees export's columns; the flag and its reason are two more columns of the same file. */
const employeeColumns = z
  .object({
    id: column.default('employee_id'),
    employeeNumber: column.optional(),
    firstName: column.default('first_name'),
    lastName: column.default('last_name'),
    email: column.default('work_email'),
    grade: column.default('grade'),
    jobFamily: column.default('job_family'),
    jobTitle: column.optional(),
    manager: column.default('manager_id'),
    status: column.default('status'),
    department: column.default('department'),
    division: column.optional(),
    location: column.optional(),
    hireDate: column.default('hire_date'),
    locale: column.optional(),
    eligibility: column.default('ai_fluency_eligibility'),
    reason: column.default('ai_fluency_reason'),
  })
  .strict();

const historyColumns = z
  .object({
    employeeId: column.default('employee_id'),
    effectiveDate: column.default('effective_date'),
    grade: column.default('grade'),
    jobFamily: column.default('job_family'),
  })
  .strict();

const goalColumns = z
  .object({
    id: column.default('goal_id'),
    employeeId: column.default('employee_id'),
    reference: column.default('goal_ref'),
    title: column.default('title'),
    description: column.default('description'),
    dueDate: column.default('due_date'),
    percentComplete: column.default('percent_complete'),
    status: column.default('status'),
  })
  .strict();

const noteColumns = z
  .object({
    id: column.default('note_id'),
    employeeId: column.default('employee_id'),
    promotionDate: column.default('promotion_date'),
    fromGrade: column.default('from_grade'),
    toGrade: column.default('to_grade'),
    note: column.default('note'),
  })
  .strict();

export const csvDropConfigSchema = connectorBase
  .extend({
    type: z.literal('csv-drop'),
    /**
     * The files the HRIS exports, relative to the config file. A `*` in the file name picks the newest by name
     * (exports carry their date or sequence in the name: `employees-2027-06-30.csv`).
     */
    exports: z
      .object({
        employees: z.string().min(1),
        /** Job history (one row per job record); without it there are no promotions, so no exception notes. */
        jobHistory: z.string().min(1).optional(),
        goals: z.string().min(1),
        notes: z.string().min(1).optional(),
      })
      .strict(),
    /** The folder the HRIS imports from; fluencyflow writes one CSV per batch into it. */
    outbox: z.string().min(1),
    /** Where the HRIS moves imported files (default `<outbox>/processed`) and refused ones (`<outbox>/rejected`). */
    processed: z.string().min(1).optional(),
    rejected: z.string().min(1).optional(),
    /** `{id}` the connector id, `{seq}` the file's sequence number, `{batch}` a hash of the batch's change keys. */
    fileName: z
      .string()
      .regex(/\{seq\}/, 'the file name needs {seq}: the HRIS imports files in name order')
      .regex(/\.csv$/, 'the file name ends in .csv')
      .default('fluencyflow-{id}-{seq}-{batch}.csv'),
    /** The exports' date format (luxon tokens); the outbox is always written `yyyy-MM-dd`. */
    dateFormat: z.string().min(1).default('yyyy-MM-dd'),
    delimiter: z.string().length(1).default(','),
    columns: z
      .object({
        employees: employeeColumns.default(employeeColumns.parse({})),
        jobHistory: historyColumns.default(historyColumns.parse({})),
        goals: goalColumns.default(goalColumns.parse({})),
        notes: noteColumns.default(noteColumns.parse({})),
      })
      .strict()
      .default({
        employees: employeeColumns.parse({}),
        jobHistory: historyColumns.parse({}),
        goals: goalColumns.parse({}),
        notes: noteColumns.parse({}),
      }),
    /** The words the status column uses (compared without case); a row with any other word is reported and skipped. */
    statuses: z
      .object({ active: words, inactive: words, terminated: words })
      .strict()
      .default({ active: ['active'], inactive: ['inactive', 'on leave'], terminated: ['terminated'] }),
    /** The values the HRIS's import accepts; the outbox carries these, the exports are read back through them. */
    values: z
      .object({
        eligible: z.string().min(1).default('eligible'),
        notEligible: z.string().min(1).default('not-eligible'),
        onTrack: z.string().min(1).default('on-track'),
        behind: z.string().min(1).default('behind'),
        achieved: z.string().min(1).default('achieved'),
        closed: z.string().min(1).default('closed'),
      })
      .strict()
      .default({
        eligible: 'eligible',
        notEligible: 'not-eligible',
        onTrack: 'on-track',
        behind: 'behind',
        achieved: 'achieved',
        closed: 'closed',
      }),
    /**
     * An HMAC-SHA256 key shared with the HRIS: every export must come with `<file>.sig` (hex) and every outbox file
     * gets one, so a file someone else dropped into the shared folder is never read or imported.
     */
    signature: z.object({ key: secretRef }).strict().optional(),
    /**
     * Seconds `apply` waits for the HRIS to import each file, to report the rows it refused (its
     * `rejected/<file>.errors.csv`) as failed. 0: do not wait; a refused row then shows in the next plan as a value
     * that differs from what was written (drift), not as a failure.
     */
    awaitImportSeconds: z.number().min(0).max(3600).default(0),
    /** Changes per outbox file. */
    batchSize: z.number().int().min(1).max(50_000).default(1000),
    /** Employees per page handed to the engine. */
    pageSize: z.number().int().min(1).max(5000).default(500),
  })
  .strict();

export type CsvDropConfig = z.infer<typeof csvDropConfigSchema>;
