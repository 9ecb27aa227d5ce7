/**
 * The one interface between the engine and an HRIS. Types only: the engine talks to connectors through this and
 * nothing else, and a connector imports only `schemas/`, `src/http/`, `src/errors.ts`, `src/logger.ts` and this.
 */
import type { z } from 'zod';
import type {
  Change,
  RevertChange,
  Cycle,
  Employee,
  CurrentState,
  GoalIdentity,
  SecretRef,
  SyntheticOrg,
  ConnectorBase,
} from '../schemas/index.js';
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
  /**
   * Where this connector's block sits in the config (`connectors[2]`): errors about tenant values name
   * `connectors[2].values.goalStatus.achieved`, not a guess.
   */
  configPath: string;
  /**
   * The engine's clock in epoch milliseconds (token expiry, signed assertions). Connectors never read the wall clock.
   */
  now(): number;
  /**
   * The as-of date for reads outside a plan (`check`, `discover`): the config's `asOf` or today in the cycle's zone,
   * as the engine decides. Reads inside a plan take `ReadOptions.asOf`.
   */
  asOf(): string;
}

/** What a value written into the HRIS means to fluencyflow. */
export type ValueMeaning = 'on-track' | 'behind' | 'achieved' | 'eligible' | 'not-eligible';

/**
 * The tenant's value a connector will write for one meaning (DESIGN §9, tenant truth): from the config when it names
 * one (and the tenant accepts it), else picked from the tenant's own list by meaning.
 */
export interface TenantValueChoice {
  /** `goal status` or `eligibility`. */
  list: string;
  meaning: ValueMeaning;
  /** The value written. */
  value: string;
  /** The tenant's label for it, when it has one apart from the value. */
  label: string | null;
  /** `config` (named there and found in the tenant), `tenant` (picked by meaning), `unchecked` (no list to read). */
  source: 'config' | 'tenant' | 'unchecked';
  /** The config path that overrides it. */
  configPath: string;
  /** Where the list was read (`GoalEnum state of plan 3`, `/v1/meta/lists field 4021`). */
  from: string;
}

export interface ReadOptions {
  /**
   * HRIS data is read as of this date (SuccessFactors asOfDate, Workday As_Of_Effective_Date, BambooHR rows after it
   * ignored).
   */
  asOf: string;
  cycle: Cycle;
  /** Which goals are candidates for this cycle's fluency goal. */
  goal: GoalIdentity;
  /** Read only what changed since this server time (the watermark of the last complete read); absent: read all. */
  changedSince?: string;
}

/** What a delta read is asked for besides the changes (`ConnectorSession.readDelta`). */
export interface DeltaRequest {
  /**
   * The as-of date of the cached read: rows whose effective date falls in (previousAsOf, asOf] are read as well (a
   * change entered long ago that becomes current in between carries no new modification time).
   */
  previousAsOf: string;
  /** Employees read whole whatever the delta says (one with an open audit intent: its current values are judged). */
  include: readonly string[];
  /**
   * The cached records by employee id. A connector whose HRIS has no changed-since read for part of a record (Workday's
   * custom objects) reads that part for everyone and compares it with these to find who changed.
   */
  cached: ReadonlyMap<string, EmployeeRecord>;
}

/** The answer of a delta read: what changed, read whole, and the watermark to pass next time. */
export interface DeltaRead {
  /**
   * Every employee changed since `changedSince`, effective-dated in the window, or asked for, each read whole, or the
   * cached record with the parts that changed read again where the HRIS says nothing else can have changed.
   */
  records: EmployeeRecord[];
  /** Employees the HRIS no longer lists (deleted, not just terminated: a terminated one is a changed record). */
  removed: string[];
  /** The server time this read began at: the next delta's `changedSince`. */
  watermark: string;
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
  /** The job families the tenant defines, where it lists them (`check` compares the policy's against them). */
  jobFamilies?: string[];
  /** The values the connector writes, as chosen from the tenant's lists (what `discover` prints). */
  values: TenantValueChoice[];
}

type ChangeOutcomeKind = 'applied' | 'noop' | 'failed';

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
  /**
   * The largest number of changes `apply` takes in one call (the API's batch size; 1 where there is no batch write).
   */
  readonly maxBatchSize: number;
  check(): Promise<CheckItem[]>;
  discover(): Promise<Discovery>;
  /**
   * Reads the tenant's value lists and resolves every value the connector will write (DESIGN §9). Throws a
   * `TenantValueError` naming the config path, the value and the tenant's valid values when one does not fit. The
   * engine calls it before a plan reads employees, so a value problem stops the run before any write.
   */
  resolveValues(): Promise<TenantValueChoice[]>;
  /** Employees page by page, each with the current goal candidates, flag and exception notes. */
  readEmployees(options: ReadOptions): AsyncIterable<EmployeeRecord[]>;
  /**
   * The server time the last complete `readEmployees` began at (from the HRIS, never the local clock), or null when
   * it is not known. Present with `readDelta`.
   */
  readWatermark?(): string | null;
  /**
   * Delta support (optional: a connector without it is always read whole). Reads only the employees changed since
   * `options.changedSince`; null when it cannot honour it (the watermark is older than the HRIS keeps changes), and
   * the engine then reads everything.
   */
  readDelta?(options: ReadOptions & { changedSince: string }, request: DeltaRequest): Promise<DeltaRead | null>;
  /**
   * Applies a batch of changes. Must be idempotent: a create looks up its marker first and becomes an update
   * when the object is already there; a create is never blindly retried. Returns one outcome per change, in order.
   */
  apply(changes: Change[], options: ReadOptions): Promise<ChangeOutcome[]>;
  /** How `revert` removes a goal fluencyflow created: `delete`, or `close` where the API has no goal delete. */
  readonly goalRemoval: 'delete' | 'close';
  /**
   * Undoes earlier writes (`revert <run-id>`): deletes (or closes) goals and notes, writes old values back, clears a
   * flag set where none was. Each change says what the HRIS holds now (`before`); one outcome per change, in order.
   */
  revert(changes: RevertChange[], options: ReadOptions): Promise<ChangeOutcome[]>;
  /** Warnings gathered while reading (a field the API silently dropped). */
  warnings(): string[];
  close(): Promise<void>;
}

/**
 * A fault the sandbox injects on demand (`setQuirks({ faults: [...] })`), each at the transport level so every
 * sandbox behaves alike (the shared mechanism: `src/connector-kit/sandbox-faults.ts`):
 * - `status-429` / `status-503`: throttled, not processed, `Retry-After` in seconds or as an HTTP date;
 * - `status-500`: a server error in the provider's error shape, not processed;
 * - `timeout`: processed, never answered (the client gives up; a write's outcome is unknown);
 * - `reset-before`: the connection is reset before the request is processed;
 * - `reset-after`: processed, then the connection is reset before the answer;
 * - `slow`: answered after `delayMs`; `frozen`: from its first hit on, requests hang unanswered, unprocessed;
 * - `token-expired`: every issued token is forgotten, so this request meets the provider's own 401;
 * - `malformed`: processed, answered with a cut body in a complete response; `truncated`: the answer stops half way;
 * - `drift`: processed, answered with unknown fields added (JSON keys, XML elements) as a newer API version would;
 * - `rate-limit`: a token bucket of `perSecond` requests a second (`burst` at once, default one second's worth);
 *   a request past it is throttled, not processed, in the provider's throttling shape with `Retry-After` (seconds
 *   or an HTTP date) saying when a token is back.
 */
export type SandboxFaultKind =
  | 'status-429'
  | 'status-503'
  | 'status-500'
  | 'timeout'
  | 'reset-before'
  | 'reset-after'
  | 'slow'
  | 'frozen'
  | 'token-expired'
  | 'malformed'
  | 'truncated'
  | 'drift'
  | 'rate-limit';

export interface SandboxFault {
  kind: SandboxFaultKind;
  /** The requests it may hit (default `any`); reads include searches sent as POST. */
  on?: 'read' | 'write' | 'any';
  /** Skips this many matching requests first (default 0). */
  after?: number;
  /** Then hits a matching request with chance 1/every (default 1: every one). */
  every?: number;
  /** Seeds that chance, so a run repeats (default 1). */
  seed?: number;
  /** At most this many hits (default: no limit). */
  times?: number;
  /** `slow`: the delay before the answer (default 200 ms). */
  delayMs?: number;
  /** `status-429` / `status-503`: seconds to wait (default 1), sent as a number or an HTTP date. */
  retryAfterSeconds?: number;
  retryAfterForm?: 'seconds' | 'http-date';
  /** `rate-limit`: requests a second the bucket refills (required for that kind). */
  perSecond?: number;
  /** `rate-limit`: the bucket's size, requests accepted at once after a quiet spell (default `perSecond`). */
  burst?: number;
}

export interface SandboxQuirks {
  /** Every nth request answers 429 with Retry-After (0 = off). */
  rateLimitEvery: number;
  /** Seconds in the Retry-After header. */
  retryAfterSeconds: number;
  /** Every nth write answers a server error (0 = off). */
  failWritesEvery: number;
  /** Faults injected per request (replaces the previous list; `[]` stops them and drops held connections). */
  faults?: readonly SandboxFault[];
  /** Provider-specific switches (page size, duplicate rows across pages, partial batch failures...). */
  [name: string]: unknown;
}

/**
 * Tenant shapes real companies have (DESIGN §9). A sandbox switched to one behaves like such a tenant; the contract
 * suite runs every variation against every connector whose sandbox lists it, so a new connector inherits them.
 * - `alternate-goal-states`: the goal states are not the connector's defaults (another template's values and labels,
 *   e.g. SuccessFactors `on-track` / `behind` / `achieved` with labels, Workday statuses `In Progress` / `At Risk` /
 *   `Completed`); a goal written with a value outside the tenant's list is rejected as the real API rejects it.
 * - `alternate-list-options`: the eligibility list's options are not `eligible` / `not-eligible` (for example
 *   `Eligible` / `Not Eligible` with other ids, or `Yes` / `No`), and a value outside them is rejected.
 * - `multi-family-profiles`: some job profiles belong to two job families (one of them `Data Science`).
 * - `reference-changed-after-as-of`: reference data (job profiles, grades, job families) has effective-dated
 *   changes after the as-of date that a read as of today would see and a read as of D must not.
 */
export type TenantVariation =
  'alternate-goal-states' | 'alternate-list-options' | 'multi-family-profiles' | 'reference-changed-after-as-of';

export interface SandboxOptions {
  org: SyntheticOrg;
  /** 0 = any free port. Always bound to 127.0.0.1. */
  port?: number;
  quirks?: Partial<SandboxQuirks>;
  /** Tenant shapes to take on (each must be in the sandbox's `variations`). */
  variations?: readonly TenantVariation[];
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
  /**
   * Sets an employee's eligibility flag as a person does in the HRIS's own screens (not through the API user): an HR
   * business partner's override, for the manual-change tests. `by` is recorded where the HRIS records who changed it.
   */
  setFlagByHand(employeeId: string, flag: HandSetFlag): void;
  /**
   * Enters a job change as a person does in the HRIS's own screens: the employee's grade becomes `grade` from
   * `effectiveDate` (which may lie in the future), entered now. For the delta-read tests and the calls bench.
   */
  setGradeByHand?(employeeId: string, grade: string, effectiveDate: string): void;
  close(): Promise<void>;
}

export interface HandSetFlag {
  value: 'eligible' | 'not-eligible';
  reason: string;
  /** The person's user name. */
  by: string;
}

/** The HRIS state the sandbox holds, canonical, per employee id. */
export interface SandboxSnapshot {
  goals: Record<
    string,
    {
      id: string;
      title: string;
      description: string;
      percentComplete: number;
      closed: boolean;
      dueDate: string | null;
    }[]
  >;
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
  readonly sandbox: {
    start(options: SandboxOptions): Promise<RunningSandbox>;
    /** The tenant variations this sandbox can take on (the contract suite runs each). */
    readonly variations: readonly TenantVariation[];
  };
  /** Path of the admin's set-up page, relative to the package root. */
  readonly docsPage: string;
  /** This connector's part of `fluencyflow demo` (every registered connector takes part). */
  readonly demo: DemoShare;
}

/** Where a connector's sandbox sits in the demo's one synthetic company. */
interface DemoShare {
  /** The connector id in the demo's config (`us`, `eu`). */
  id: string;
  /** Its share of `--employees` (at least 10 employees whatever the share). */
  share: number;
  /** The email domain of its employees. */
  domain: string;
  /** Its first employee id; the ranges of two connectors must not overlap (evidence is matched by id). */
  firstId: number;
  /** Whether its employees carry an employee number besides the id (a second key evidence can match on). */
  employeeNumbers: boolean;
}
