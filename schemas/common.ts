import { z } from 'zod';
import { DateTime } from 'luxon';

/** A calendar date `yyyy-mm-dd`. YAML may hand us a Date object for an unquoted date: accept it. */
export const isoDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date yyyy-mm-dd')
    .refine((s) => DateTime.fromISO(s, { zone: 'UTC' }).isValid, 'not a real calendar date'),
);
export type IsoDate = z.infer<typeof isoDate>;

/** An IANA time zone luxon knows. */
export const timeZone = z.string().refine((zone) => DateTime.now().setZone(zone).isValid, 'unknown IANA time zone');

/** Secrets come only from the environment or a file, never inline. */
export const secretRef = z.union([
  z.object({ env: z.string().min(1) }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
]);
export type SecretRef = z.infer<typeof secretRef>;
