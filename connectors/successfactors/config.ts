import { z } from 'zod';
import { connectorBase, secretRef, timeZone } from '../../schemas/index.js';

/** Optional overrides of the goal states written; each must be one of the goal plan's states (GoalEnum). */
const goalStatusValues = z
  .object({
    'on-track': z.string().min(1).optional(),
    behind: z.string().min(1).optional(),
    achieved: z.string().min(1).optional(),
  })
  .strict();

/** The `successfactors` connector block of fluencyflow.yaml (DESIGN §5, §8). */
export const successfactorsConfigSchema = connectorBase
  .extend({
    type: z.literal('successfactors'),
    /** The data centre's API host, e.g. `api4.successfactors.com`. */
    apiServer: z
      .string()
      .min(1)
      .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name, without scheme or path'),
    /** Replaces `https://{apiServer}/`; the connector appends `oauth/token` and `odata/v2/...`. */
    baseUrl: z.string().optional(),
    companyId: z.string().min(1),
    auth: z
      .object({
        /** The API key of the OAuth client registered in Admin Center (Manage OAuth2 Client Applications). */
        clientId: secretRef,
        /** The SuccessFactors user the assertion is issued for (the API user). */
        userId: z.string().min(1),
        /** PEM private key whose X.509 certificate is registered with the OAuth client. */
        privateKey: secretRef,
      })
      .strict(),
    goalPlanId: z.number().int().min(1),
    /** Goal category written on create; default: the plan's first category in GoalEnum. */
    goalCategory: z.string().min(1).optional(),
    grade: z.enum(['payGrade', 'jobLevel']).default('payGrade'),
    mdfObject: z.string().regex(/^cust_\w+$/, 'a custom MDF object name starts with cust_'),
    exceptionObject: z.string().regex(/^cust_\w+$/, 'a custom MDF object name starts with cust_'),
    /** IANA zone of the data centre: Edm.DateTime values are in its local time (KBA 2933028). */
    dataCentreZone: timeZone.default('UTC'),
    /**
     * Overrides of the values written (DESIGN §9). Without them the connector reads the goal plan's states and the
     * eligibility picklist's options and picks each by meaning; a value named here must be in the tenant's list.
     */
    values: z
      .object({
        eligible: z.string().min(1).optional(),
        notEligible: z.string().min(1).optional(),
        goalStatus: goalStatusValues.optional(),
        /** Goal states that count as closed (a closed copy of the goal is adopted and reopened). */
        closedStates: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .default({}),
    /** Rows per page (`customPageSize`, at most 1000: KBA 2489065). */
    pageSize: z.number().int().min(1).max(1000).default(1000),
    /** Ids per `$filter=… in …` call: long enough to save calls, short enough for the URL limit. */
    filterChunkSize: z.number().int().min(1).max(500).default(200),
    /**
     * GET requests per `POST $batch` call (at most 180: KBA 2614934) for the chunked reads; 1 sends each on its own.
     */
    readBatchSize: z.number().int().min(1).max(180).default(50),
    /** Records per upsert call (at most 1000: KBA 3145174). */
    upsertBatchSize: z.number().int().min(1).max(1000).default(1000),
    concurrency: z.number().int().min(1).max(16).default(4),
  })
  .strict();

export type SuccessFactorsConfig = z.infer<typeof successfactorsConfigSchema>;

/** How the connector pages, chunks and batches its reads. */
export const readPaging = (config: SuccessFactorsConfig) => ({
  pageSize: config.pageSize,
  chunkSize: config.filterChunkSize,
  batchSize: config.readBatchSize,
});
