import { z } from 'zod';
import { connectorBase, secretRef } from '../../schemas/index.js';

/** A BambooHR field as the admin names it: its alias (`jobLevel`), its display name, or its numeric id. */
const fieldRef = z.union([z.string().min(1), z.number().int()]).transform((v) => String(v));

export const bamboohrConfigSchema = connectorBase
  .extend({
    type: z.literal('bamboohr'),
    /** The `{companyDomain}` of `https://{companyDomain}.bamboohr.com`. */
    companyDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*$/i, 'the company domain is letters, digits and -'),
    /**
     * Replaces `https://{companyDomain}.bamboohr.com/api/`; the legacy
     * `https://api.bamboohr.com/api/gateway.php/{companyDomain}/` works too.
     */
    baseUrl: z.string().min(1).optional(),
    auth: z.object({ apiKey: secretRef }).strict(),
    grade: z.object({ field: fieldRef }).strict(),
    jobFamily: z.object({ field: fieldRef }).strict().optional(),
    /**
     * A field holding the employee's language or locale (`ja`, `de-DE`), for the goal's text. BambooHR has no
     * standard one; without it every employee gets the config's `goal.text.default`.
     */
    locale: z.object({ field: fieldRef }).strict().optional(),
    fields: z.object({ eligibility: fieldRef, reason: fieldRef }).strict(),
    /**
     * Alias of the custom table holding exception notes (columns date, customPromotionFrom, customPromotionTo,
     * customNote).
     */
    exceptionTable: z.string().min(1),
    /**
     * Optional overrides of the eligibility list's options. Without them the option is picked from the tenant's list
     * by meaning (`Eligible`, `Yes`, ... / `Not Eligible`, `No`, ...); a value named here must be a live option.
     */
    values: z
      .object({ eligible: z.string().min(1).optional(), notEligible: z.string().min(1).optional() })
      .strict()
      .optional(),
    /** Goal lists read at once (one request per active employee). */
    concurrency: z.number().int().min(1).max(16).default(4),
    /** Employees per page handed to the engine. */
    pageSize: z.number().int().min(1).max(5000).default(500),
  })
  .strict();

export type BamboohrConfig = z.infer<typeof bamboohrConfigSchema>;

export const defaultBaseUrl = (companyDomain: string): string => `https://${companyDomain}.bamboohr.com/api/`;
