import { z } from 'zod';
import { secretRef, timeZone } from './common.js';

/** `HH:MM`, 24-hour. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM (24-hour)');

const weekday = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], {
  error: (iss) => `expected a weekday (monday ... sunday), got ${JSON.stringify(iss.input)}`,
});
export type Weekday = z.infer<typeof weekday>;

/** What a scheduled run does: `plan` only, or `apply` (which plans only, when `approval: required`). */
const runKind = z.enum(['plan', 'apply']);
export type ScheduledRunKind = z.infer<typeof runKind>;

/**
 * `schedule:` (DESIGN §9, Production): when `fluencyflow serve` runs. Every time is in `zone` (default the cycle's
 * zone). `cycleStart` runs once on `cycle.start`; `weekly` every week; `evidence` checks `folder` every `everyMinutes`
 * and, when files land there that it has not imported yet, imports them as `kind` and then runs.
 */
export const schedule = z
  .object({
    zone: timeZone.optional(),
    run: runKind.default('apply'),
    cycleStart: z
      .object({ time: clockTime.default('06:00') })
      .strict()
      .optional(),
    weekly: z.object({ day: weekday, time: clockTime }).strict().optional(),
    evidence: z
      .object({
        folder: z.string().min(1),
        kind: z.enum(['certifications', 'enrolments', 'usage', 'badges', 'm365-copilot', 'github-copilot']),
        everyMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(5),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Schedule = z.infer<typeof schedule>;

/** One person or system the page and the API let in, by a bearer token held in a secret. */
const tokenUser = z
  .object({
    /** The identity recorded as planner or approver. */
    name: z.string().min(1).max(200),
    token: secretRef,
    /** May approve plans (never their own). */
    approver: z.boolean().default(false),
  })
  .strict();

/** OIDC bearer tokens (JWT), verified against the issuer's JWKS. */
const oidc = z
  .object({
    issuer: z.url(),
    audience: z.string().min(1),
    jwksUrl: z.url(),
    /** The claim that names the person (recorded as approver). */
    nameClaim: z.string().min(1).default('email'),
    /** Approvers: a claim (`groups`, `roles`) and the value it must hold. */
    approverClaim: z.string().min(1).default('groups'),
    approverValue: z.string().min(1).default('fluencyflow-approvers'),
  })
  .strict();

/** `serve:` where the service listens and who may see its page. Nothing is readable without authentication. */
export const serveConfig = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** The identity scheduled runs plan and apply as (recorded in runs, plans and the audit log). */
    actor: z.string().min(1).max(200).default('fluencyflow-serve'),
    auth: z
      .object({ tokens: z.array(tokenUser).default([]), oidc: oidc.optional() })
      .strict()
      .refine((a) => a.tokens.length > 0 || a.oidc !== undefined, 'serve.auth needs tokens, oidc, or both'),
  })
  .strict();
export type ServeConfig = z.infer<typeof serveConfig>;

const alertEvent = z.enum(['failed', 'partial', 'manual-changes', 'threshold']);
export type AlertEvent = z.infer<typeof alertEvent>;

/**
 * `alerts:` where the service reports failed or partial runs, manual changes found and thresholds crossing their
 * target. The message holds counts and run ids only, never names, e-mails or secrets.
 */
export const alerts = z
  .object({
    on: z.array(alertEvent).min(1).default(['failed', 'partial', 'manual-changes', 'threshold']),
    /** A generic webhook (Slack and Teams incoming webhooks accept its `{ text }` body); the URL is a secret. */
    webhook: z.object({ url: secretRef }).strict().optional(),
    /** E-mail through SMTP: `smtp` is a secret holding an smtp:// or smtps:// URL (with its credentials). */
    email: z
      .object({ smtp: secretRef, from: z.email(), to: z.array(z.email()).min(1) })
      .strict()
      .optional(),
  })
  .strict();
export type Alerts = z.infer<typeof alerts>;

/** `approval: required`: scheduled runs plan only; a second identity approves the plan, then exactly it is applied. */
export const approvalMode = z.enum(['none', 'required']);
