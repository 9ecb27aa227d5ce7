import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { TenantVariation } from '../../../src/connector.js';
import type { JobHistoryEntry } from '../../../schemas/index.js';
import { WORKDAY_VARIATIONS } from '../variations.js';
import { jobProfileId } from './store.js';

/**
 * The tenant's own set-up, which differs between real companies (DESIGN §9): its goal statuses, the type of the
 * eligibility field, and its job profiles with their effective-dated versions. Variations switch it.
 */
export { WORKDAY_VARIATIONS };

/** A goal status: it has a WID and a Component_Completion_ID; the REST prompt values list its WID and name. */
export interface WdStatus {
  wid: string;
  refId: string;
  name: string;
}

interface WdListValue {
  wid: string;
  alias: string;
  name: string;
  inactive: boolean;
}

/** The eligibility field: free text, or a custom list whose options are written by alias. */
export type WdEligibilityField =
  { kind: 'text' } | { kind: 'list'; typeWid: string; name: string; values: WdListValue[] };

/** One effective-dated version of a job profile. */
export interface WdProfileVersion {
  effective: string;
  title: string;
  families: string[];
  jobLevel: string | null;
  grade: string | null;
}

export interface WdTenant {
  statuses: WdStatus[];
  eligibility: WdEligibilityField;
  /** Job profiles by id, versions oldest first. */
  profiles: Map<string, WdProfileVersion[]>;
}

/** A stable WID from a name, so a tenant looks the same on every start. */
export const widFor = (name: string): string => createHash('sha256').update(name).digest('hex').slice(0, 32);

const status = (refId: string, name: string): WdStatus => ({ wid: widFor(`status:${refId}`), refId, name });

const DEFAULT_STATUSES = [
  status('on-track', 'On Track'),
  status('behind', 'Behind'),
  status('achieved', 'Achieved'),
  status('NOT_STARTED', 'Not Started'),
  status('COMPLETED', 'Completed'),
];
const ALTERNATE_STATUSES = [
  status('NOT_STARTED', 'Not Started'),
  status('IN_PROGRESS', 'In Progress'),
  status('AT_RISK', 'At Risk'),
  status('COMPLETED', 'Completed'),
  status('CANCELLED', 'Cancelled'),
];

const listValue = (alias: string, name: string, inactive = false): WdListValue => ({
  wid: widFor(`list:${alias}`),
  alias,
  name,
  inactive,
});

/** The family that gains `Data Science` on some profiles under `multi-family-profiles`. */
export const SHARED_FAMILY = 'Software Engineering';
const DATA_SCIENCE = 'Data Science';
const gradeNumber = (grade: string | null): number => Number((grade ?? '').replace(/\D/g, '')) || 0;

/** The first version of each profile in use: one per job family and grade (its job level is the grade). */
const baseVersion = (family: string | null, grade: string | null, multiFamily: boolean): WdProfileVersion => {
  const shared = multiFamily && family === SHARED_FAMILY && gradeNumber(grade) % 2 === 1;
  return {
    effective: '1900-01-01',
    title: `${family ?? 'General'} ${grade ?? ''}`.trim(),
    families: family === null ? [] : shared ? [family, DATA_SCIENCE] : [family],
    jobLevel: grade,
    grade,
  };
};

/** After D every profile is regraded one up and its families change (Data Science gained, or swapped for Analytics). */
const laterVersion = (v: WdProfileVersion, effective: string): WdProfileVersion => {
  const n = gradeNumber(v.grade);
  const next = n > 0 ? `G${n + 1}` : v.grade;
  const families = v.families.includes(DATA_SCIENCE)
    ? v.families.map((f) => (f === DATA_SCIENCE ? 'Analytics' : f))
    : [...v.families, DATA_SCIENCE];
  return { ...v, effective, title: `${v.title} (regraded)`, families, jobLevel: next, grade: next };
};

export const createTenant = (
  jobs: readonly JobHistoryEntry[],
  asOf: string,
  variations: readonly TenantVariation[],
): WdTenant => {
  const on = (v: TenantVariation) => variations.includes(v);
  const profiles = new Map<string, WdProfileVersion[]>();
  const after = DateTime.fromISO(asOf).plus({ days: 1 }).toISODate() ?? asOf;
  for (const j of jobs) {
    const id = jobProfileId(j.jobFamily, j.grade);
    if (profiles.has(id)) continue;
    const base = baseVersion(j.jobFamily, j.grade, on('multi-family-profiles'));
    profiles.set(id, on('reference-changed-after-as-of') ? [base, laterVersion(base, after)] : [base]);
  }
  return {
    statuses: on('alternate-goal-states') ? ALTERNATE_STATUSES : DEFAULT_STATUSES,
    eligibility: on('alternate-list-options')
      ? {
          kind: 'list',
          typeWid: widFor('fieldType:AI fluency eligibility'),
          name: 'AI Fluency Eligibility',
          values: [
            listValue('AIF_ELIGIBLE', 'Eligible'),
            listValue('AIF_NOT_ELIGIBLE', 'Not Eligible'),
            listValue('AIF_PENDING', 'Pending Review'),
            listValue('AIF_LEGACY_YES', 'Legacy (Y)', true),
          ],
        }
      : { kind: 'text' },
    profiles,
  };
};

/** The version of a profile in force on a date (the latest effective on or before it). */
export const profileAsOf = (tenant: WdTenant, id: string, date: string): WdProfileVersion | undefined => {
  let found: WdProfileVersion | undefined;
  for (const v of tenant.profiles.get(id) ?? []) if (v.effective <= date) found = v;
  return found;
};

/** A status by WID or Component_Completion_ID. */
export const statusBy = (tenant: WdTenant, type: string | undefined, value: string): WdStatus | undefined =>
  tenant.statuses.find((s) =>
    type === 'WID' ? s.wid === value : type === 'Component_Completion_ID' ? s.refId === value : false,
  );
