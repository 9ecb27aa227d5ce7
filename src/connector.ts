/**
 * The one interface between the engine and an HRIS. Types only: the engine talks to connectors through this and
 * nothing else, and a connector imports only `schemas/`, `src/http/`, `src/errors.ts`, `src/logger.ts` and this.
 */
import type { z } from 'zod';
import type { Change, Cycle, Employee, CurrentState, GoalIdentity, SecretRef, SyntheticOrg, ConnectorBase } from '../schemas/index.js';
import type { FluencyError } from './errors.js';
import type { Logger } from './logger.js';
import type { HttpSettings } from './http/settings.js';

export interface ConnectorContext {
  logger: Logger;
  /** Resolves `{env}` / `{file}` to the secret's value. The value must never reach a log, error or plan. */
  resolveSecret(ref: SecretRef): Promise<string>;
  /** The config file's folder: relative paths in a connector's config (keys, WSDL files) resolve against it. */
  baseDir: string;
  /** A folder the connector may cache things in (a tenant's WSDL). */
  cacheDir: string;
  http: HttpSettings;
}

export interface ReadOptions {
  /** HRIS data is read as of this date (SuccessFactors asOfDate, Workday As_Of_Effective_Date, BambooHR rows after it ignored). */
  asOf: string;
  cycle: Cycle;
  /** Which goals are candidates for this cycle's fluency goal. */
  goal: GoalIdentity;
}

/** One employee as read, with what the HRIS holds now for fluencyflow. */
export interface EmployeeRecord {
  employee: Employee;
  current: CurrentState;
}

export interface CheckItem {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Discovery {
  /** Grades found, lowest first when the HRIS orders them (SuccessFactors paygradeLevel), else as listed. */
  grades: { id: string; name: string; rank: number | null }[];
  /** True when the HRIS gives the order (then `grades.order` in the config is optional). */
  gradesOrdered: boolean;
  goalPlans: { id: string; name: string }[];
  goalCategories: { id: string; name: string }[];
  customFields: { id: string; name: string; type: string; note?: string }[];
}

export type ChangeOutcomeKind = 'applied' | 'noop' | 'failed';

export interface ChangeOutcome {
  key: string;
  outcome: ChangeOutcomeKind;
  /** The HRIS's id of what was written, when it returned one. */
  hrisId?: string;
  requestId?: string;
  error?: FluencyError;
}

export interface ConnectorSession {
  readonly id: string;
  readonly type: string;
  /** The largest number of changes `apply` takes in one call (the API's batch size; 1 where there is no batch write). */
  readonly maxBatchSize: number;
  check(): Promise<CheckItem[]>;
  discover(): Promise<Discovery>;
  /** Employees page by page, each with the current goal candidates, flag and exception notes. */
  readEmployees(options: ReadOptions): AsyncIterable<EmployeeRecord[]>;
  /**
   * Applies a batch of changes. Must be idempotent: a create looks up its marker first and becomes an update
   * when the object is already there; a create is never blindly retried. Returns one outcome per change, in order.
   */
  apply(changes: Change[], options: ReadOptions): Promise<ChangeOutcome[]>;
  /** Warnings gathered while reading (a field the API silently dropped). */
  warnings(): string[];
  close(): Promise<void>;
}

export interface SandboxQuirks {
  /** Every nth request answers 429 with Retry-After (0 = off). */
  rateLimitEvery: number;
  /** Seconds in the Retry-After header. */
  retryAfterSeconds: number;
  /** Every nth write answers a server error (0 = off). */
  failWritesEvery: number;
  /** Provider-specific switches (page size, duplicate rows across pages, partial batch failures...). */
  [name: string]: unknown;
}

export interface SandboxOptions {
  org: SyntheticOrg;
  /** 0 = any free port. Always bound to 127.0.0.1. */
  port?: number;
  quirks?: Partial<SandboxQuirks>;
}

export interface SandboxStats {
  requests: number;
  writes: number;
  byRoute: Record<string, number>;
}

export interface RunningSandbox {
  readonly type: string;
  readonly baseUrl: string;
  /** The connector block that reaches this sandbox (secrets as `{env: NAME}` refs). */
  connectorConfig(id: string): Record<string, unknown>;
  /** The environment variables those refs name, with the sandbox's credentials. */
  readonly env: Record<string, string>;
  stats(): SandboxStats;
  resetStats(): void;
  setQuirks(quirks: Partial<SandboxQuirks>): void;
  /** The sandbox's data in canonical form, for tests that compare end states. */
  snapshot(): SandboxSnapshot;
  close(): Promise<void>;
}

/** The HRIS state the sandbox holds, canonical, per employee id. */
export interface SandboxSnapshot {
  goals: Record<string, { id: string; title: string; description: string; percentComplete: number; closed: boolean; dueDate: string | null }[]>;
  eligibility: Record<string, { value: string | null; reason: string }>;
  exceptionNotes: Record<string, { promotionDate: string; fromGrade: string; toGrade: string; note: string }[]>;
}

export interface ConnectorDefinition<C extends ConnectorBase = ConnectorBase> {
  readonly type: string;
  readonly title: string;
  readonly configSchema: z.ZodType<C>;
  create(config: C, context: ConnectorContext): ConnectorSession;
  /** An annotated YAML block for `init`. */
  starterConfig(id: string): string;
  readonly sandbox: { start(options: SandboxOptions): Promise<RunningSandbox> };
  /** Path of the admin's set-up page, relative to the package root. */
  readonly docsPage: string;
}
