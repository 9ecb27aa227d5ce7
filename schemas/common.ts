import { z } from 'zod';
import { DateTime } from 'luxon';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether `yyyy-mm-dd` names a day of the proleptic Gregorian calendar (Luxon's, and the HRIS'). Plain arithmetic:
 * it runs for every date of every employee read, where a Luxon parse took a few percent of a BambooHR run's CPU.
 */
const isCalendarDay = (s: string): boolean => {
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
};

/**
 * A calendar date `yyyy-mm-dd`, years 1000 to 9999 (`9999-12-31` is the usual "no end"). YAML may hand us a Date
 * object for an unquoted date: accept it.
 */
export const isoDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z
    .string()
    .regex(DATE_SHAPE, 'expected a date yyyy-mm-dd')
    .refine(isCalendarDay, 'not a real calendar date')
    .refine((s) => !s.startsWith('0'), 'expected a year from 1000 to 9999'),
);
export type IsoDate = z.infer<typeof isoDate>;

/** Whether a string is a date the canonical model accepts (`yyyy-mm-dd`, a real day, years 1000-9999). */
export const isIsoDate = (s: string): boolean => DATE_SHAPE.test(s) && !s.startsWith('0') && isCalendarDay(s);

/** The first ten characters of a wire date-time when they are such a date, else null. */
export const isoDatePart = (s: string | null | undefined): string | null => {
  const d = s?.slice(0, 10);
  return d !== undefined && isIsoDate(d) ? d : null;
};

const foldZone = (z: string): string => z.toLowerCase().replace(/[\s_-]+/g, '');

/** The IANA zones whose folded name (no case, spaces, `_` or `-`) equals the typed one, or that share its city. */
const closeZones = (typed: string): string[] => {
  const known = Intl.supportedValuesOf('timeZone');
  const t = foldZone(typed);
  const city = t.split('/').pop() ?? t;
  return known
    .filter((k) => foldZone(k) === t || (city.length >= 4 && (foldZone(k).split('/').pop() ?? '') === city))
    .slice(0, 3);
};

/** An IANA time zone luxon knows; a near miss is answered with the zone meant. */
export const timeZone = z.string().superRefine((zone, ctx) => {
  if (DateTime.fromMillis(0).setZone(zone).isValid) return;
  const near = closeZones(zone);
  const hint = near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : '';
  ctx.addIssue({ code: 'custom', message: `unknown IANA time zone "${zone}"${hint}` });
});

/**
 * Why a secret was refused, without the value: an inline one would sit in a file that is copied, shared and versioned.
 */
const secretRefusal = (input: unknown): string =>
  typeof input === 'string' || typeof input === 'number'
    ? 'a secret is never written inline in the config (config files are copied, shared and kept in version control); ' +
      'put it in an environment variable and write { env: NAME }, or in a file readable only by this user and write ' +
      '{ file: PATH }'
    : 'a secret is { env: NAME } (an environment variable) or { file: PATH } (a file holding only the secret)';

/** Secrets come only from the environment or a file, never inline. */
export const secretRef = z.union(
  [z.object({ env: z.string().min(1) }).strict(), z.object({ file: z.string().min(1) }).strict()],
  { error: (issue) => secretRefusal(issue.input) },
);
export type SecretRef = z.infer<typeof secretRef>;
