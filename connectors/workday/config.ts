import { z } from 'zod';
import { connectorBase, secretRef } from '../../schemas/index.js';

const SERVICES = ['Human_Resources', 'Staffing', 'Performance_Management'] as const;
export type WorkdayService = (typeof SERVICES)[number];

const usernameAuth = z
  .object({
    /** The integration system user as `user@tenant`. */
    username: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'the user name is ISU_name@tenant'),
    password: secretRef,
  })
  .strict();

const oauthAuth = z
  .object({
    oauth: z.object({ clientId: secretRef, clientSecret: secretRef, refreshToken: secretRef }).strict(),
  })
  .strict();

/** Overrides only: without one the status is picked from the tenant's list by meaning. */
const goalStatusValues = z
  .object({
    'on-track': z.string().min(1).optional(),
    behind: z.string().min(1).optional(),
    achieved: z.string().min(1).optional(),
  })
  .strict();

/** The `type: workday` block of fluencyflow.yaml (DESIGN §5). */
export const workdayConfigSchema = connectorBase
  .extend({
    type: z.literal('workday'),
    host: z.string().regex(/^[a-z0-9.-]+$/i, 'a host name such as wd2-impl-services1.workday.com'),
    tenant: z.string().regex(/^[A-Za-z0-9_-]+$/, 'the tenant name as it appears in the URL'),
    version: z.string().regex(/^v\d+\.\d+$/, 'a Workday API version such as v44.0'),
    /** Replaces `https://{host}/`; the connector appends `ccx/service/...`, `ccx/api/...`, `ccx/oauth2/...`. */
    baseUrl: z.string().optional(),
    /** Local WSDL files by service, relative to the config file; otherwise the tenant's `?wsdl` (cached). */
    wsdl: z.partialRecord(z.enum(SERVICES), z.string().min(1)).default({}),
    auth: z.union([usernameAuth, oauthAuth]),
    /** Send a wsu:Timestamp in the WS-Security header (Workday's samples do not). */
    wsTimestamp: z.boolean().default(false),
    grade: z.enum(['compensationGrade', 'managementLevel', 'jobLevel']).default('compensationGrade'),
    gradeOrder: z.array(z.string().min(1)).optional(),
    customObject: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'the custom object web service alias'),
    exceptionObject: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'the custom object web service alias'),
    fields: z
      .object({
        eligible: z.string().default('eligible'),
        reason: z.string().default('reason'),
        promotionDate: z.string().default('promotionDate'),
        fromGrade: z.string().default('fromGrade'),
        toGrade: z.string().default('toGrade'),
        note: z.string().default('note'),
        /**
         * The Text field the exception object's definition uses as its Reference ID (docs/connectors/workday.md,
         * "Notes written 100 at a time"). With it, notes are written with customObject/v2 `bulk=true` (100 a call,
         * each keyed by the note's identity, so a resend updates the same instance); without it, one
         * Edit_Worker_Additional_Data per worker.
         */
        noteReferenceId: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'the field alias of the Reference ID')
          .optional(),
      })
      .strict()
      .default({
        eligible: 'eligible',
        reason: 'reason',
        promotionDate: 'promotionDate',
        fromGrade: 'fromGrade',
        toGrade: 'toGrade',
        note: 'note',
      }),
    /**
     * Overrides of the values written (DESIGN §9): goal statuses by name, reference id or WID from the tenant's list;
     * eligibility options by alias or name when the field is a custom list, else the text written.
     */
    values: z
      .object({
        eligible: z.string().min(1).optional(),
        notEligible: z.string().min(1).optional(),
        goalStatus: goalStatusValues.default({}),
      })
      .strict()
      .default({ goalStatus: {} }),
    /**
     * The WQL data source that lists every worker's eligibility instance (docs/connectors/workday.md, "Bulk reads"):
     * flags are then read 100 rows a call instead of one REST call per worker. Without it, per worker (a warning).
     */
    wql: z
      .object({
        /** The data source's WQL alias (`GET /wql/v1/{tenant}/dataSources?alias=...` finds it). */
        dataSource: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a WQL data source alias'),
        /**
         * The data source of the exception object's instances: notes are then read 100 rows a call (or per worker,
         * when fewer need them than there are pages). Without it, per worker (a warning).
         */
        exceptionDataSource: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a WQL data source alias')
          .optional(),
        /** The field that references the worker the instance extends (its `id` is the worker's WID). */
        workerField: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a WQL field alias')
          .default('worker'),
      })
      .strict()
      .optional(),
    /** Get_Workers `Count` (Workday allows 1..999). */
    pageSize: z.number().int().min(1).max(999).default(999),
    /** Parallel calls at most (REST custom object reads, grade-history lookups). */
    concurrency: z.number().int().min(1).max(16).default(4),
    /** How far back job changes are read for promotions; at least `promotion.lookbackDays`. */
    historyDays: z.number().int().min(0).max(3660).default(400),
    /** Business process types in the transaction log that can change a worker's grade. */
    jobChangeEvents: z.array(z.string().min(1)).default(['Hire', 'Change Job', 'Promote Employee Inbound']),
  })
  .strict();

export type WorkdayConfig = z.infer<typeof workdayConfigSchema>;
