import type { JobHistoryEntry, SyntheticOrg } from '../../../schemas/index.js';
import type { TenantVariation } from '../../../src/connector.js';
import { createTenant, type WdTenant } from './tenant.js';

export interface WdGoal {
  wid: string;
  referenceId: string | null;
  name: string;
  description: string;
  dueDate: string | null;
  statusId: string | null;
  completionDate: string | null;
  archived: boolean;
}

export interface WdException {
  id: string;
  promotionDate: string;
  fromGrade: string;
  toGrade: string;
  note: string;
  /** The `noteKey` Text field ('' when none was sent): the definition's Reference ID under the default tenant. */
  key: string;
}

/**
 * One entry of a worker's transaction log: a business process or event lite, when it was entered (a moment, the
 * sandbox's clock) and when it takes effect (a date). Get_Workers' Transaction_Log_Criteria_Data searches these.
 */
interface WdLogEntry {
  wid: string;
  /** The Business_Process_Type (`Hire`, `Change Job`, `Manage Goals`, `Edit Worker Additional Data`...). */
  type: string;
  /** ISO moment with offset. */
  entered: string;
  /** yyyy-mm-dd. */
  effective: string;
}

export interface WdWorker {
  wid: string;
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  personalEmail: string | null;
  /** The user account's language (`ja_JP`), null when the worker picked none. */
  locale: string | null;
  department: string | null;
  location: string | null;
  managerId: string | null;
  status: 'active' | 'inactive' | 'terminated';
  hireDate: string | null;
  /** Effective-dated job records, oldest first (future-dated ones included, as Workday keeps them). */
  jobs: JobHistoryEntry[];
  goals: WdGoal[];
  eligibility: { id: string; eligible: string; reason: string } | null;
  exceptions: WdException[];
  /** A termination entered by hand takes effect on this date; null: `status` holds whatever the date. */
  terminationDate: string | null;
  /** The transaction log, in the order entered. */
  log: WdLogEntry[];
}

export interface WdStore {
  asOf: string;
  /** The tenant's set-up: goal statuses, the eligibility field's type, job profiles. */
  tenant: WdTenant;
  workers: WdWorker[];
  byId: Map<string, WdWorker>;
  byWid: Map<string, WdWorker>;
  goalsByRef: Map<string, { worker: WdWorker; goal: WdGoal }>;
  nextWid(): string;
  /** The tenant's current moment (the sandbox runs on the real clock, as SuccessFactors' does). */
  now(): string;
  /** When the seeded data (job profiles, history effective later than that) was entered. */
  seededAt: string;
  /** Appends an entry, entered now, to a worker's transaction log. */
  logEvent(worker: WdWorker, type: string, effective: string): void;
}

const hex = (n: number) => n.toString(16).padStart(32, '0');

/** The business process a seeded job record was entered by. */
const processOf = (event: string | null): string => (event === 'Hire' ? 'Hire' : 'Change Job');

/** The tenant's clock as Workday writes moments: milliseconds and the offset of the tenant's zone (UTC here). */
const moment = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');

/** Seeds the tenant from the synthetic organisation: workers, job records, someone else's goals. */
export const createStore = (org: SyntheticOrg, variations: readonly TenantVariation[] = []): WdStore => {
  let counter = 1;
  const nextWid = () => hex(0x5eed0000 + counter++);
  // Log entries have WIDs of their own series, so seeding them leaves every other WID as it was.
  let logCounter = 1;
  const logWid = () => hex(0x10c00000000 + logCounter++);
  // Seeded history was entered before the sandbox started: on its effective date, or a day ago for a later one.
  const seededAt = Date.now() - 86_400_000;
  const enteredOn = (effective: string): string => moment(Math.min(Date.parse(`${effective}T17:30:00Z`), seededAt));
  const workers: WdWorker[] = org.employees.map((e) => {
    const wid = nextWid();
    const goals: WdGoal[] = e.seededGoals.map((g) => ({
      wid: nextWid(),
      referenceId: null,
      name: g.title,
      description: g.description,
      dueDate: g.dueDate,
      statusId: g.closed ? 'COMPLETED' : 'NOT_STARTED',
      completionDate: g.closed ? g.dueDate : null,
      archived: false,
    }));
    const jobs = [...e.jobHistory].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
    return {
      wid,
      employeeId: e.id,
      firstName: e.firstName,
      lastName: e.lastName,
      email: e.email,
      personalEmail: e.personalEmail,
      locale: e.locale ?? null,
      department: e.department,
      location: e.location,
      managerId: e.managerId,
      status: e.status,
      hireDate: e.hireDate,
      jobs,
      goals,
      eligibility: null,
      exceptions: [],
      terminationDate: null,
      log: jobs.map((j) => ({
        wid: logWid(),
        type: processOf(j.event),
        entered: enteredOn(j.effectiveDate),
        effective: j.effectiveDate,
      })),
    };
  });
  return {
    asOf: org.asOf,
    seededAt: moment(seededAt),
    tenant: createTenant(
      workers.flatMap((w) => w.jobs),
      org.asOf,
      variations,
    ),
    workers,
    byId: new Map(workers.map((w) => [w.employeeId, w])),
    byWid: new Map(workers.map((w) => [w.wid, w])),
    goalsByRef: new Map(),
    nextWid,
    now: () => moment(Date.now()),
    logEvent: (worker, type, effective) => {
      worker.log.push({ wid: logWid(), type, entered: moment(Date.now()), effective });
    },
  };
};

/** The worker's status on a date: a hand-entered termination counts from its date on. */
export const statusAsOf = (w: WdWorker, date: string): WdWorker['status'] =>
  w.terminationDate !== null && w.terminationDate <= date ? 'terminated' : w.status;

/** The job record in force on a date (the latest one effective on or before it). */
export const jobAsOf = (w: WdWorker, date: string): JobHistoryEntry | undefined => {
  let found: JobHistoryEntry | undefined;
  for (const j of w.jobs) if (j.effectiveDate <= date) found = j;
  return found;
};

export const slug = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
export const jobProfileId = (family: string | null, grade: string | null): string =>
  `JP_${slug(family ?? 'General')}_${slug(grade ?? 'NONE')}`;
export const managementLevelOf = (grade: string | null): string => {
  const n = Number((grade ?? '').replace(/\D/g, ''));
  return n >= 8 ? 'ML_Executive' : n >= 6 ? 'ML_Manager' : n >= 1 ? 'ML_Individual_Contributor' : 'ML_Unassigned';
};

/**
 * A job change entered in Workday's own pages (Change Job, auto-completed): from `effective` on (which may lie in the
 * future) the worker holds `grade`, the rest of the job as it stood then. A record already starting that day is
 * corrected. The event enters the worker's transaction log, entered now.
 */
export const enterJobChange = (store: WdStore, w: WdWorker, grade: string, effective: string): void => {
  const base = jobAsOf(w, effective) ?? w.jobs[w.jobs.length - 1];
  const next: JobHistoryEntry = {
    effectiveDate: effective,
    grade,
    jobFamily: base?.jobFamily ?? null,
    jobFamilies: base?.jobFamilies ?? [],
    jobTitle: base?.jobTitle ?? null,
    event: 'Change Job',
  };
  w.jobs = [...w.jobs.filter((j) => j.effectiveDate !== effective), next].sort((a, b) =>
    a.effectiveDate.localeCompare(b.effectiveDate),
  );
  store.logEvent(w, 'Change Job', effective);
};

/** A hire entered by hand (Hire, auto-completed), effective on `hireDate` (which may lie in the future). */
export interface HandHire {
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  department: string;
  jobFamily: string;
  grade: string;
  hireDate: string;
}

export const enterHire = (store: WdStore, h: HandHire): WdWorker => {
  if (store.byId.has(h.employeeId)) throw new Error(`worker ${h.employeeId} exists already`);
  const job: JobHistoryEntry = {
    effectiveDate: h.hireDate,
    grade: h.grade,
    jobFamily: h.jobFamily,
    jobFamilies: [h.jobFamily],
    jobTitle: `${h.jobFamily} ${h.grade}`,
    event: 'Hire',
  };
  const w: WdWorker = {
    wid: store.nextWid(),
    employeeId: h.employeeId,
    firstName: h.firstName,
    lastName: h.lastName,
    email: h.email,
    personalEmail: null,
    locale: null,
    department: h.department,
    location: null,
    managerId: null,
    status: 'active',
    hireDate: h.hireDate,
    jobs: [job],
    goals: [],
    eligibility: null,
    exceptions: [],
    terminationDate: null,
    log: [],
  };
  store.workers.push(w);
  store.byId.set(w.employeeId, w);
  store.byWid.set(w.wid, w);
  store.logEvent(w, 'Hire', h.hireDate);
  return w;
};

/** A termination entered by hand (Terminate Employee, auto-completed), effective on `date`. */
export const enterTermination = (store: WdStore, w: WdWorker, date: string): void => {
  w.terminationDate = date;
  store.logEvent(w, 'Terminate Employee', date);
};
