/** The sandbox's switches: the shared ones of every sandbox plus SuccessFactors' own. */
import { z } from 'zod';

export const quirksSchema = z.object({
  rateLimitEvery: z.number().int().min(0).default(0),
  retryAfterSeconds: z.number().min(0).default(1),
  failWritesEvery: z.number().int().min(0).default(0),
  /** The server's page size cap (a real tenant: 1000); small values force paging on small organisations. */
  maxPageSize: z.number().int().min(2).max(1000).default(1000),
  /** Each next page starts with the last row of the previous one (SAP/python-pyodata#288). */
  duplicateRowsAcrossPages: z.boolean().default(false),
  /** Every nth upsert record (over the sandbox's life) answers status ERROR. */
  failRecordsEvery: z.number().int().min(0).default(0),
  /** Upsert records of these users answer status ERROR. */
  failRecordUserIds: z.array(z.string()).default([]),
  /** Lifetime of issued tokens. */
  tokenTtlSeconds: z.number().int().min(0).default(86_400),
  /** One-shot: forget every issued token now (the next call with an old token gets 401). */
  revokeTokens: z.boolean().default(false),
  /** Fields of the custom MDF objects the admin left out. */
  missingFields: z.array(z.string()).default([]),
  /** Fields of the custom MDF objects defined with another Edm type (`{ "cust_eligible": "Boolean" }`). */
  fieldTypes: z.record(z.string(), z.string()).default({}),
  /**
   * At start only: foundation objects get their new time slice this many days after the as-of date (negative:
   * before it), as `reference-changed-after-as-of` does 20 days after.
   */
  referenceChangeDays: z.number().int().optional(),
  /** Entity sets the API user may read but not write (their `$metadata` says so; writes are refused). */
  readOnlyEntities: z.array(z.string()).default([]),
});
export type SuccessFactorsQuirks = z.infer<typeof quirksSchema>;

export const parseQuirks = (base: SuccessFactorsQuirks, patch: Record<string, unknown>): SuccessFactorsQuirks =>
  quirksSchema.parse({ ...base, ...patch });
