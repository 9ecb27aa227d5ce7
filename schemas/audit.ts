import { z } from 'zod';

export const auditOutcome = z.enum(['applied', 'noop', 'failed', 'skipped']);
export type AuditOutcome = z.infer<typeof auditOutcome>;

/** One attempted write. Ids and values only: never credentials, never request bodies with secrets. */
export const auditRecord = z.object({
  at: z.string(),
  runId: z.string(),
  actor: z.string(),
  connector: z.string(),
  employeeId: z.string(),
  changeKey: z.string(),
  kind: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  outcome: auditOutcome,
  errorCode: z.string().nullable().default(null),
  errorMessage: z.string().nullable().default(null),
  requestId: z.string().nullable().default(null),
});
export type AuditRecord = z.infer<typeof auditRecord>;
