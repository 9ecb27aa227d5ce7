import { z } from 'zod';

/** `pending` on an intent; `unknown` when a reconciled intent's change is no longer planned at all. */
export const auditOutcome = z.enum(['applied', 'noop', 'failed', 'skipped', 'pending', 'unknown']);
export type AuditOutcome = z.infer<typeof auditOutcome>;

/** An intent is recorded before a write; its outcome after it (or by reconciliation, when the writer was killed). */
export const auditPhase = z.enum(['intent', 'outcome']);
export type AuditPhase = z.infer<typeof auditPhase>;

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
  /** Absent: an outcome (as before intents were recorded). */
  phase: auditPhase.optional(),
  /** An outcome's intent record. */
  intentSeq: z.number().int().nullable().optional(),
});
export type AuditRecord = z.infer<typeof auditRecord>;
