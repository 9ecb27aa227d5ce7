/**
 * The sandbox's data, in BambooHR's own shapes, seeded from the synthetic organisation: employee field values
 * (strings, `""` when empty, `0000-00-00` for no termination date), table rows and goals.
 */
import { DateTime } from 'luxon';
import type { SandboxSnapshot, TenantVariation } from '../../../src/connector.js';
import type { SyntheticOrg } from '../../../schemas/index.js';
import {
  ALTERNATE_OPTIONS,
  buildLists,
  buildTables,
  EXCEPTION_TABLE,
  STANDARD_OPTIONS,
  type EligibilityOptions,
  type SbList,
  type SbTable,
} from './meta.js';

export type GoalStatus = 'in_progress' | 'completed' | 'closed';

export interface SbGoal {
  id: number;
  employeeId: string;
  title: string;
  description: string | null;
  percentComplete: number;
  alignsWithOptionId: string | null;
  sharedWithEmployeeIds: number[];
  dueDate: string;
  completionDate: string | null;
  lastChangedDateTime: string;
  status: GoalStatus;
}

interface SbRow {
  id: number;
  employeeId: string;
  values: Record<string, string>;
}

export interface Tenant {
  /** Field values by alias (or numeric id for fields without one). */
  employees: Map<string, Record<string, string>>;
  tables: Map<string, SbRow[]>;
  goals: Map<string, SbGoal[]>;
  lists: SbList[];
  /** The tables and their columns (`/v1/meta/tables`). */
  tableMeta: SbTable[];
  /** The eligibility list's options and what each means. */
  eligibility: EligibilityOptions;
  nextRowId: number;
  nextGoalId: number;
  /** The sandbox's "now" for lastChangedDateTime: the org's as-of day. */
  now: string;
}

export const goalStatusOf = (percent: number, closed: boolean): GoalStatus =>
  closed ? 'closed' : percent === 100 ? 'completed' : 'in_progress';

/** Rows come back in no particular order from the real API; a fixed scramble keeps the sandbox deterministic. */
const scramble = (rows: SbRow[]): SbRow[] =>
  [...rows].sort((a, b) => ((a.id * 7919) % 1009) - ((b.id * 7919) % 1009) || a.id - b.id);

/**
 * Variation `reference-changed-after-as-of`: every fifth active employee with a grade gets a jobInfo row two weeks
 * after as-of with the next grade up and another job family, and their current fields (what a report shows today)
 * take those values. A read as of the date must still see the old ones.
 */
const changeAfterAsOf = (
  org: SyntheticOrg,
  employees: Map<string, Record<string, string>>,
  jobInfo: SbRow[],
  nextId: () => number,
): void => {
  const later = DateTime.fromISO(org.asOf, { zone: 'UTC' }).plus({ days: 14 }).toISODate() ?? org.asOf;
  org.employees
    .filter((e) => e.status === 'active' && e.grade !== null)
    .filter((_, i) => i % 5 === 0)
    .forEach((e) => {
      const current = employees.get(e.id);
      if (current === undefined) return;
      const up = Math.min(org.grades.indexOf(e.grade ?? '') + 1, org.grades.length - 1);
      const grade = org.grades[up] ?? current.jobLevel ?? '';
      const family = org.jobFamilies.find((f) => f !== e.jobFamily) ?? current.customJobFamily ?? '';
      const jobTitle = `${current.jobTitle ?? ''} (new)`;
      const values: Record<string, string> = { ...current, jobLevel: grade, customJobFamily: family, jobTitle };
      jobInfo.push({
        id: nextId(),
        employeeId: e.id,
        values: {
          date: later,
          location: values.location ?? '',
          department: values.department ?? '',
          division: values.division ?? '',
          jobTitle,
          reportsTo: '',
          jobLevel: grade,
          customJobFamily: family,
        },
      });
      employees.set(e.id, values);
    });
};

export const seedTenant = (org: SyntheticOrg, variations: readonly TenantVariation[] = []): Tenant => {
  const changedLater = variations.includes('reference-changed-after-as-of');
  const eligibility = variations.includes('alternate-list-options') ? ALTERNATE_OPTIONS : STANDARD_OPTIONS;
  const now = `${org.asOf}T12:00:00Z`;
  const employees = new Map<string, Record<string, string>>();
  const jobInfo: SbRow[] = [];
  const goals = new Map<string, SbGoal[]>();
  const names = new Map(org.employees.map((e) => [e.id, `${e.firstName} ${e.lastName}`]));
  let rowId = 1;
  let goalId = 1;
  for (const e of org.employees) {
    const terminated = e.status === 'terminated';
    const hire = e.hireDate ?? '';
    // Terminated a month before as-of (never before the hire); everybody else has the empty date 0000-00-00.
    const monthBefore = DateTime.fromISO(org.asOf, { zone: 'UTC' }).minus({ days: 30 }).toISODate() ?? '';
    const termination = terminated ? (monthBefore > hire ? monthBefore : hire) : '0000-00-00';
    employees.set(e.id, {
      employeeNumber: e.employeeNumber ?? '',
      firstName: e.firstName,
      lastName: e.lastName,
      workEmail: e.email ?? '',
      homeEmail: e.personalEmail ?? '',
      department: e.department ?? '',
      division: e.division ?? '',
      location: e.location ?? '',
      jobTitle: e.jobTitle ?? '',
      supervisorEId: e.managerId ?? '',
      status: e.status === 'active' ? 'Active' : 'Inactive',
      employmentHistoryStatus: terminated ? 'Terminated' : 'Full-Time',
      hireDate: hire,
      terminationDate: termination,
      jobLevel: e.grade ?? '',
      payBand: '',
      '4315': '',
      customJobFamily: e.jobFamily ?? '',
      customAIFluencyEligibility: '',
      customAIFluencyReason: '',
      customPreferredLanguage: e.locale ?? '',
    });
    for (const h of e.jobHistory) {
      jobInfo.push({
        id: rowId++,
        employeeId: e.id,
        values: {
          date: h.effectiveDate,
          location: e.location ?? '',
          department: e.department ?? '',
          division: e.division ?? '',
          jobTitle: h.jobTitle ?? '',
          reportsTo: e.managerId === null ? '' : (names.get(e.managerId) ?? ''),
          jobLevel: h.grade ?? '',
          ...(changedLater ? { customJobFamily: h.jobFamily ?? e.jobFamily ?? '' } : {}),
        },
      });
    }
    const list: SbGoal[] = e.seededGoals.map((g) => ({
      id: goalId++,
      employeeId: e.id,
      title: g.title,
      description: g.description === '' ? null : g.description,
      percentComplete: g.percentComplete,
      alignsWithOptionId: null,
      // A manager-set goal is shared with the manager too: a full-replace update must keep that.
      sharedWithEmployeeIds:
        e.managerId !== null && g.description.includes('manager')
          ? [Number(e.id), Number(e.managerId)]
          : [Number(e.id)],
      dueDate: g.dueDate,
      completionDate: g.percentComplete === 100 ? now : null,
      lastChangedDateTime: now,
      status: goalStatusOf(g.percentComplete, g.closed),
    }));
    if (list.length > 0) goals.set(e.id, list);
  }
  if (changedLater) changeAfterAsOf(org, employees, jobInfo, () => rowId++);
  const distinct = (pick: (e: SyntheticOrg['employees'][number]) => string | null) =>
    [...new Set(org.employees.map(pick).filter((v): v is string => v !== null && v !== ''))].sort();
  return {
    employees,
    tables: new Map([
      ['jobInfo', scramble(jobInfo)],
      ['employmentStatus', []],
      [EXCEPTION_TABLE, []],
    ]),
    goals,
    lists: buildLists(
      {
        department: distinct((e) => e.department),
        jobTitle: [...new Set([...employees.values()].map((v) => v.jobTitle ?? '').filter((t) => t !== ''))].sort(),
        jobFamily: [...org.jobFamilies],
        location: distinct((e) => e.location),
        division: distinct((e) => e.division),
      },
      eligibility,
      // Another template: other option ids.
      eligibility === STANDARD_OPTIONS ? 100 : 7000,
    ),
    tableMeta: buildTables(changedLater),
    eligibility,
    nextRowId: rowId,
    nextGoalId: goalId,
    now,
  };
};

export const snapshotOf = (t: Tenant): SandboxSnapshot => {
  const goals: SandboxSnapshot['goals'] = {};
  for (const [id, list] of t.goals)
    goals[id] = list.map((g) => ({
      id: String(g.id),
      title: g.title,
      description: g.description ?? '',
      percentComplete: g.percentComplete,
      closed: g.status === 'closed',
      dueDate: g.dueDate,
    }));
  const eligibility: SandboxSnapshot['eligibility'] = {};
  for (const [id, f] of t.employees) {
    const meaning = t.eligibility.meaning[f.customAIFluencyEligibility ?? ''] ?? null;
    eligibility[id] = { value: meaning, reason: f.customAIFluencyReason ?? '' };
  }
  const exceptionNotes: SandboxSnapshot['exceptionNotes'] = {};
  for (const row of t.tables.get(EXCEPTION_TABLE) ?? []) {
    const list = exceptionNotes[row.employeeId] ?? [];
    list.push({
      promotionDate: row.values.date ?? '',
      fromGrade: row.values.customPromotionFrom ?? '',
      toGrade: row.values.customPromotionTo ?? '',
      note: row.values.customNote ?? '',
    });
    exceptionNotes[row.employeeId] = list;
  }
  return { goals, eligibility, exceptionNotes };
};
