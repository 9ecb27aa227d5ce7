import { z } from 'zod';
import { isoDate } from './common.js';
import { employee } from './employee.js';

/** A goal that already sits in the HRIS before fluencyflow runs (someone else's, or an old one of ours). */
export const seededGoal = z.object({
  title: z.string(),
  description: z.string().default(''),
  dueDate: isoDate,
  percentComplete: z.number().int().min(0).max(100).default(0),
  closed: z.boolean().default(false),
});
export type SeededGoal = z.infer<typeof seededGoal>;

export const syntheticEmployee = employee.extend({
  /** A personal address the HRIS also stores; evidence must never match on it. */
  personalEmail: z.string().nullable().default(null),
  seededGoals: z.array(seededGoal).default([]),
});
export type SyntheticEmployee = z.infer<typeof syntheticEmployee>;

/**
 * A deterministic synthetic organisation. Sandboxes are seeded from it, each translating it into its own
 * wire model; the demo and the tests derive evidence from it.
 */
export const syntheticOrg = z.object({
  name: z.string(),
  seed: z.number().int(),
  asOf: isoDate,
  emailDomain: z.string(),
  /** Lowest first. */
  grades: z.array(z.string()),
  departments: z.array(z.string()),
  jobFamilies: z.array(z.string()),
  employees: z.array(syntheticEmployee),
});
export type SyntheticOrg = z.infer<typeof syntheticOrg>;
