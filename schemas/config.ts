import { z } from 'zod';
import { isoDate, secretRef, timeZone } from './common.js';
import { goalTextConfig, goalTextIssues } from './goal-text.js';
import { alerts, approvalMode, schedule, serveConfig } from './serve.js';

const levelId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'a level id is letters, digits, - or _');

/** Which credentials (by `issuer:credential` id, compared without case) and how much use earn a level. */
export const evidenceRule = z
  .object({
    credentials: z.array(z.string().min(1)).default([]),
    use: z
      .object({ minActiveDays: z.number().int().min(1), windowDays: z.number().int().min(1).max(366) })
      .strict()
      .nullable()
      .default(null),
  })
  .strict()
  .refine((r) => r.credentials.length > 0 || r.use !== null, 'a level needs credentials, use, or both');

export const ladderLevel = z
  .object({
    id: levelId,
    name: z.string().min(1).optional(),
    description: z.string().default(''),
    evidence: evidenceRule,
  })
  .strict()
  .transform((l) => ({ ...l, name: l.name ?? l.id.charAt(0).toUpperCase() + l.id.slice(1) }));
export type LadderLevel = z.infer<typeof ladderLevel>;

export const expectationRule = z
  .object({
    level: levelId,
    /** From this grade up (in the grade order). */
    fromGrade: z.string().optional(),
    /** Only these grades. */
    grades: z.array(z.string()).optional(),
    /** Only these job families. */
    jobFamilies: z.array(z.string()).optional(),
  })
  .strict();
export type ExpectationRule = z.infer<typeof expectationRule>;

export const connectorBase = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'a connector id is letters, digits, - or _'),
  type: z.string().min(1),
});
export type ConnectorBase = z.infer<typeof connectorBase>;

/** One value or a list: `department: Engineering` or `department: [Engineering, Sales]`. */
const nameList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** What a run does with a value a person changed in the HRIS since fluencyflow wrote it (DESIGN §9). */
export const manualChangePolicy = z.enum(['keep', 'revert', 'report'], {
  error: (iss) => `expected keep, revert or report, got ${JSON.stringify(iss.input)}`,
});
export type ManualChangePolicy = z.infer<typeof manualChangePolicy>;

/**
 * `onManualChange`: one policy for every kind, or one per kind (`{ flag: keep, goal: revert, note: report }`; a kind
 * left out keeps). `keep` writes nothing and lists the override; `revert` writes fluencyflow's value again; `report`
 * writes nothing and reports it.
 */
export const onManualChange = z.union(
  [
    manualChangePolicy,
    z
      .object({
        flag: manualChangePolicy.optional(),
        goal: manualChangePolicy.optional(),
        note: manualChangePolicy.optional(),
      })
      .strict(),
  ],
  {
    error: (iss) =>
      'expected keep, revert or report, or one per kind ({ flag: keep, goal: revert, note: report }), ' +
      `got ${JSON.stringify(iss.input)}`,
  },
);
export type OnManualChange = z.infer<typeof onManualChange>;

/**
 * Who a scope filter selects: everyone matching every key given (a key's values are alternatives). `employees` is a
 * file of ids, employee numbers or work e-mails, one a line; `pilot` names a file in `scope.pilotGroups`.
 */
export const scopeFilter = z
  .object({
    connector: nameList.optional(),
    department: nameList.optional(),
    division: nameList.optional(),
    location: nameList.optional(),
    jobFamily: nameList.optional(),
    grade: nameList.optional(),
    employees: z.string().min(1).optional(),
    pilot: nameList.optional(),
  })
  .strict();
export type ScopeFilter = z.infer<typeof scopeFilter>;

const fileList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

export const config = z
  .object({
    version: z.literal(1),
    organization: z.string().min(1),
    asOf: isoDate.nullable().default(null),
    cycle: z
      .object({ id: z.string().min(1), start: isoDate, end: isoDate, zone: timeZone.default('UTC') })
      .strict()
      .refine((c) => c.start <= c.end, { message: 'cycle.start must not be after cycle.end', path: ['end'] }),
    ladder: z
      .array(ladderLevel)
      .min(3, 'a ladder has at least three levels')
      .refine((l) => new Set(l.map((x) => x.id)).size === l.length, 'level ids must be unique'),
    grades: z
      .object({
        order: z.array(z.string().min(1)).optional(),
        expect: z.array(expectationRule).min(1),
      })
      .strict(),
    goal: z
      .object({
        title: z.string().min(1).default('AI fluency development goal {cycle}'),
        weights: z
          .object({ credential: z.number().min(0), use: z.number().min(0) })
          .strict()
          .refine((w) => w.credential + w.use > 0, 'weights must not both be 0')
          .default({ credential: 50, use: 50 }),
        /** When the expected level is already held: aim at the next level up, or keep the expected one. */
        whenExpectedHeld: z.enum(['next-level', 'expected']).default('next-level'),
        /**
         * The goal's name and description per locale (schemas/goal-text.ts); `title` stays the default locale's name
         * when set.
         */
        text: goalTextConfig.default({ default: 'en', templates: {} }),
      })
      .strict()
      .default({
        title: 'AI fluency development goal {cycle}',
        weights: { credential: 50, use: 50 },
        whenExpectedHeld: 'next-level',
        text: { default: 'en', templates: {} },
      }),
    promotion: z
      .object({
        lookbackDays: z.number().int().min(0).max(3660).default(365),
        /** For the committee view: months in grade after which someone counts as near promotion. */
        nearPromotionMonths: z.number().int().min(0).default(18),
      })
      .strict()
      .default({ lookbackDays: 365, nearPromotionMonths: 18 }),
    /** Display names of credentials mapped to ladder ids (`"AWS Certified AI Practitioner": aws:ai-practitioner`). */
    credentials: z.record(z.string(), z.string()).default({}),
    evidence: z
      .object({
        certifications: fileList.optional(),
        enrolments: fileList.optional(),
        usage: fileList.optional(),
        /** CSV `account,employee` mapping tool accounts to employees. */
        identities: fileList.optional(),
        /** Other domains that are the same mailbox (`example.co.uk` -> `example.com`). */
        domainAliases: z.record(z.string(), z.string()).default({}),
        /** Badges: `required` (only verified ones count), `preferred` (unverifiable ones count too), `off`. */
        verification: z.enum(['required', 'preferred', 'off']).default('required'),
        /**
         * Issuers (profile URL or DID) that may count, with their keys (JWK, PEM, did:key); none listed: any issuer.
         */
        trust: z
          .array(
            z
              .object({
                issuer: z.string().min(1),
                name: z.string().optional(),
                keys: z.array(z.unknown()).default([]),
              })
              .strict(),
          )
          .optional(),
        /**
         * Fetch keys, DID documents and status lists the export does not hold, at import (cached in the state store).
         */
        network: z.boolean().default(false),
        /** Gaming signals from credentials: `keyBurst` flags a key that signed this many within `minutes`. */
        signals: z
          .object({
            keyBurst: z
              .object({
                credentials: z.number().int().min(2).default(20),
                minutes: z.number().int().min(1).default(60),
              })
              .strict()
              .default({ credentials: 20, minutes: 60 }),
          })
          .strict()
          .default({ keyBurst: { credentials: 20, minutes: 60 } }),
      })
      .catchall(z.unknown())
      .default({
        domainAliases: {},
        verification: 'required',
        network: false,
        signals: { keyBurst: { credentials: 20, minutes: 60 } },
      }),
    /**
     * HRIS reads (DESIGN §9): a plan reads only what changed since the last complete read, and reads everyone again
     * every `fullEvery` days (0: every run reads everyone).
     */
    reads: z
      .object({ fullEvery: z.number().int().min(0).max(366).default(7) })
      .strict()
      .default({ fullEvery: 7 }),
    gaming: z
      .object({
        /** Use counts as a burst when this share of the window's active days falls in its last `burstDays`. */
        burstDays: z.number().int().min(1).default(7),
        burstShare: z.number().min(0).max(1).default(0.75),
        /** Days a programme takes at the least, by credential id; earned faster is flagged. */
        minProgrammeDays: z.record(z.string(), z.number().int().min(0)).default({}),
        /** Signals that block the eligibility flag (none by default: they are reported only). */
        block: z.array(z.enum(['certified-inactive', 'burst', 'too-fast'])).default([]),
      })
      .strict()
      .default({ burstDays: 7, burstShare: 0.75, minProgrammeDays: {}, block: [] }),
    /**
     * The pattern's success test (DESIGN §1, §9): the share of judged employees with the goal, and the share of those
     * in grades that expect `level` (default: the ladder's `practitioner`, else its second level) or above who hold
     * it or pursue it. Used by `status`, `plan`, the dashboard and `status --fail-below`.
     */
    thresholds: z
      .object({
        goalCoverage: z.number().min(0).max(1).default(1),
        practitioner: z.number().min(0).max(1).default(0.8),
        level: levelId.optional(),
      })
      .strict()
      .default({ goalCoverage: 1, practitioner: 0.8 }),
    /** Who the run may write to (DESIGN §9): the rest is counted as out of scope and left alone. */
    scope: z
      .object({
        include: scopeFilter.optional(),
        exclude: scopeFilter.optional(),
        /** Named pilot lists (`wave1: pilots/wave1.txt`), chosen with `pilot: wave1` or `--scope pilot:wave1`. */
        pilotGroups: z.record(z.string().min(1), z.string().min(1)).default({}),
      })
      .strict()
      .optional(),
    /** Values people changed by hand in the HRIS: `keep` (default), `revert` or `report`, for all or per kind. */
    onManualChange: onManualChange.default('keep'),
    privacy: z
      .object({ minGroupSize: z.number().int().min(1).default(5) })
      .strict()
      .default({ minGroupSize: 5 }),
    connectors: z.array(connectorBase).min(1, 'at least one connector is needed'),
    /** A SQLite file (the default), or `postgres://USER@HOST:PORT/DATABASE` for several workers (docs/postgres.md). */
    state: z.string().default('.fluencyflow/state.db'),
    /** `fluencyflow serve` (DESIGN §9, Production): when it runs, where it listens, approvals and alerts. */
    schedule: schedule.optional(),
    serve: serveConfig.optional(),
    approval: approvalMode.default('none'),
    alerts: alerts.optional(),
    /** The PostgreSQL password, as every secret: `{ env: NAME }` or `{ file: PATH }`. */
    statePassword: secretRef.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const levels = new Set(c.ladder.map((l) => l.id));
    c.grades.expect.forEach((rule, i) => {
      if (!levels.has(rule.level))
        ctx.addIssue({
          code: 'custom',
          path: ['grades', 'expect', i, 'level'],
          message: `unknown level "${rule.level}"`,
        });
      if (rule.fromGrade && c.grades.order && !c.grades.order.includes(rule.fromGrade))
        ctx.addIssue({
          code: 'custom',
          path: ['grades', 'expect', i, 'fromGrade'],
          message: `grade "${rule.fromGrade}" is not in grades.order`,
        });
    });
    if (c.thresholds.level !== undefined && !levels.has(c.thresholds.level))
      ctx.addIssue({ code: 'custom', path: ['thresholds', 'level'], message: `unknown level "${c.thresholds.level}"` });
    for (const issue of goalTextIssues(c.goal.text, [...levels]))
      ctx.addIssue({ code: 'custom', path: ['goal', 'text', ...issue.path], message: issue.message });
    const ids = new Set<string>();
    c.connectors.forEach((k, i) => {
      if (ids.has(k.id))
        ctx.addIssue({ code: 'custom', path: ['connectors', i, 'id'], message: `duplicate connector id "${k.id}"` });
      ids.add(k.id);
    });
  });
export type Config = z.infer<typeof config>;
export type ConfigInput = z.input<typeof config>;
export type Cycle = Config['cycle'];
