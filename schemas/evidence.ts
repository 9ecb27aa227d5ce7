import { z } from 'zod';
import { isoDate } from './common.js';

/**
 * Who a piece of evidence belongs to, as the source file names them: an HRIS id, an employee number,
 * a work e-mail or (through `evidence.identities`) a tool account. Matching happens at plan time.
 */
export const evidenceSubject = z.string().min(1);

/**
 * Each credential's one outcome (DESIGN §9): verified, unverifiable (which step), forged, revoked (from its
 * date), expired, issuer-not-trusted, unmatched; `hr-export` for rows of an HR-owned CSV, trusted as they are.
 */
export const credentialOutcome = z.enum([
  'verified',
  'unverifiable',
  'forged',
  'revoked',
  'expired',
  'issuer-not-trusted',
  'unmatched',
  'hr-export',
]);
export type CredentialOutcome = z.infer<typeof credentialOutcome>;
export const credentialCheck = z.object({
  outcome: credentialOutcome,
  detail: z.string(),
  counts: z.boolean(),
  /** Gaming signals on the credential itself: `key-burst` (its key signed many credentials within the hour). */
  signals: z.array(z.literal('key-burst')).optional(),
});
export type CredentialCheck = z.infer<typeof credentialCheck>;

export const certificationRecord = z.object({
  employee: evidenceSubject,
  issuer: z.string().min(1),
  credential: z.string().min(1),
  issuedOn: isoDate,
  expiresOn: isoDate.nullable(),
  verificationUrl: z.string().nullable().default(null),
  /** Revoked assertions (Open Badges) never count. */
  revoked: z.boolean().default(false),
  /** Where it came from: `file:line`. */
  source: z.string().default(''),
  /** The ladder id it stands for (`issuer:credential` through the `credentials` map), set by the evidence readers. */
  credentialId: z.string().optional(),
  /** Badges: the outcome of verification on the as-of date, and whether the policy lets it count. */
  check: credentialCheck.optional(),
});
export type CertificationRecord = z.infer<typeof certificationRecord>;

export const enrolmentRecord = z.object({
  employee: evidenceSubject,
  level: z.string().min(1),
  programme: z.string().default(''),
  enrolledOn: isoDate,
  source: z.string().default(''),
});
export type EnrolmentRecord = z.infer<typeof enrolmentRecord>;

/** One day of one employee's AI use (the unit everything is summarised into). Prompt contents never appear. */
export const usageDay = z.object({
  employee: evidenceSubject,
  /** The calendar day in the cycle's zone. */
  date: isoDate,
  tool: z.string().default(''),
  events: z.number().int().min(0),
  minutesSaved: z.number().min(0).default(0),
});
export type UsageDay = z.infer<typeof usageDay>;

/** A row that could not be read, reported with where it is; the rest of the file still loads. */
export const evidenceRowError = z.object({ file: z.string(), line: z.number().int(), message: z.string() });
export type EvidenceRowError = z.infer<typeof evidenceRowError>;
