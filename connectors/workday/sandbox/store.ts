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
}

const hex = (n: number) => n.toString(16).padStart(32, '0');

/** Seeds the tenant from the synthetic organisation: workers, job records, someone else's goals. */
export const createStore = (org: SyntheticOrg, variations: readonly TenantVariation[] = []): WdStore => {
  let counter = 1;
  const nextWid = () => hex(0x5eed0000 + counter++);
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
      jobs: [...e.jobHistory].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate)),
      goals,
      eligibility: null,
      exceptions: [],
    };
  });
  return {
    asOf: org.asOf,
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
  };
};

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
