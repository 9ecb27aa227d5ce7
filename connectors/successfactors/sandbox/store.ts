/** The sandbox tenant's rows, in wire form (`/Date(ms)/` dates), seeded from the synthetic organisation. */
import { DateTime } from 'luxon';
import type { SyntheticOrg } from '../../../schemas/index.js';
import type { TenantShape } from './tenant-shape.js';

export type Row = Record<string, unknown>;

const ms = (isoDate: string): number => DateTime.fromISO(isoDate, { zone: 'UTC' }).toMillis();
const sfDate = (isoDate: string): string => `/Date(${ms(isoDate)})/`;
const dayBefore = (isoDate: string): string =>
  DateTime.fromISO(isoDate, { zone: 'UTC' }).minus({ days: 1 }).toISODate() ?? isoDate;
const dayAfter = (isoDate: string): string =>
  DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? isoDate;
const plusDays = (isoDate: string, days: number): string =>
  DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days }).toISODate() ?? isoDate;
const OPEN_START = sfDate('1900-01-01');
const OPEN_END = sfDate('9999-12-31');

const EVENT_CODES: Record<string, string> = { Hire: 'H', Promotion: '8', Transfer: '6', Termination: '26' };
const jobCodeFor = (family: string | null, grade: string | null): string =>
  `JC-${(family ?? 'GEN')
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 8)
    .toUpperCase()}-${grade ?? 'NA'}`;

export interface Store {
  /** The tenant's today: what a read without asOfDate sees. */
  today: string;
  shape: TenantShape;
  users: Row[];
  empJobs: Row[];
  payGrades: Row[];
  jobCodes: Row[];
  goalPlans: Row[];
  goalEnums: Row[];
  /** PickListValueV2 rows (every picklist). */
  picklistValues: Row[];
  /** Goal rows by plan id. */
  goals: Map<number, Row[]>;
  /** Custom MDF objects by name, rows by externalCode. */
  mdf: Map<string, Map<string, Row>>;
  nextGoalId: number;
  /** The API user: MDF records it writes name it as `lastModifiedBy`. */
  apiUser: string;
}

/**
 * Foundation objects change after the as-of date (a new time slice): pay-grade levels reversed and renamed, job
 * codes moved to a renamed job function. A read as of today sees the change; a read as of D must not.
 */
const changeAfter = (rows: Row[], startIso: string, change: (r: Row, i: number) => Row): Row[] =>
  rows.flatMap((r, i) => [
    { ...r, endDate: sfDate(plusDays(startIso, -1)) },
    { ...change(r, i), startDate: sfDate(startIso), endDate: OPEN_END },
  ]);

export interface SeedOptions {
  goalPlanId: number;
  mdfObject: string;
  exceptionObject: string;
  shape: TenantShape;
  apiUser: string;
}

export const seedStore = (org: SyntheticOrg, o: SeedOptions): Store => {
  const { shape } = o;
  // Rows were last modified before the tenant was opened (never in the server's future, whatever the as-of date).
  const seededAt = Math.min(ms(org.asOf), Date.now() - 86_400_000);
  const modified = `/Date(${seededAt}+0000)/`;
  const users: Row[] = [];
  const empJobs: Row[] = [];
  const jobCodes = new Map<string, Row>();
  const goals: Row[] = [];
  let nextGoalId = 5000;
  for (const e of org.employees) {
    users.push({
      userId: e.id,
      status: e.status === 'active' ? 't' : 'f',
      firstName: e.firstName,
      lastName: e.lastName,
      email: e.email,
      empId: e.employeeNumber,
      hireDate: e.hireDate ? sfDate(e.hireDate) : null,
      defaultLocale: e.locale ?? null,
      lastModifiedDateTime: modified,
      department: e.department,
      division: e.division,
      location: e.location,
      jobTitle: e.jobTitle,
      payGrade: e.grade,
    });
    const history = [...e.jobHistory].sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : 1));
    if (e.status === 'terminated') {
      const pastOnly = history.filter((h) => h.effectiveDate <= org.asOf);
      const last = pastOnly[pastOnly.length - 1];
      const end = last ? dayAfter(last.effectiveDate) : org.asOf;
      history.splice(0, history.length, ...pastOnly, {
        ...(last ?? { grade: e.grade, jobFamily: e.jobFamily, jobTitle: e.jobTitle }),
        effectiveDate: end > org.asOf ? org.asOf : end,
        event: 'Termination',
      });
    }
    const rows = history.map((h, i) => {
      const next = history[i + 1];
      const jobCode = jobCodeFor(h.jobFamily, h.grade);
      if (!jobCodes.has(jobCode))
        jobCodes.set(jobCode, {
          externalCode: jobCode,
          startDate: OPEN_START,
          endDate: OPEN_END,
          name: h.jobTitle,
          jobFunction: h.jobFamily,
          jobLevel: h.grade,
          grade: h.grade,
          status: 'A',
        });
      return {
        userId: e.id,
        seqNumber: '1',
        startDate: sfDate(h.effectiveDate),
        endDate: sfDate(next ? dayBefore(next.effectiveDate) : '9999-12-31'),
        event: EVENT_CODES[h.event ?? ''] ?? '5',
        eventReason: `${EVENT_CODES[h.event ?? ''] ?? 'DATACHG'}_STD`,
        jobCode,
        jobTitle: h.jobTitle,
        payGrade: h.grade,
        department: e.department,
        division: e.division,
        location: e.location,
        managerId: e.managerId ?? 'NO_MANAGER',
        emplStatus: h.event === 'Termination' ? 'T' : 'A',
        lastModifiedDateTime: modified,
      };
    });
    // Newest first: EC gives no order guarantee, and the connector must sort on its own.
    empJobs.push(...rows.reverse());
    for (const g of e.seededGoals) {
      goals.push({
        id: String(nextGoalId++),
        userId: e.id,
        name: g.title,
        metric: g.description,
        category: shape.goalCategories[1]?.value,
        type: 'user',
        flag: 0,
        weight: 0,
        state: g.closed ? shape.seededClosedState : shape.seededOpenState,
        done: g.percentComplete,
        start: sfDate(`${org.asOf.slice(0, 4)}-01-01`),
        due: sfDate(g.dueDate),
        lastModified: `/Date(${seededAt})/`,
        planId: '3',
      });
    }
  }
  let payGrades: Row[] = org.grades.map((g, i) => ({
    externalCode: g,
    name: `Grade ${g}`,
    paygradeLevel: String((i + 1) * 10),
    status: 'A',
    startDate: OPEN_START,
    endDate: OPEN_END,
  }));
  payGrades.push({
    externalCode: 'X-LEGACY',
    name: 'Legacy band',
    paygradeLevel: '5',
    status: 'I',
    startDate: OPEN_START,
    endDate: OPEN_END,
  });
  let jobCodeRows = [...jobCodes.values()];
  if (shape.referenceChangeAfterAsOfDays !== 0) {
    const from = plusDays(org.asOf, shape.referenceChangeAfterAsOfDays);
    const top = org.grades.length + 1;
    const restructured = (r: Row, i: number): Row => ({
      ...r,
      name: `${String(r.name)} (restructured)`,
      paygradeLevel: String((top - i) * 10),
    });
    const renamed = (r: Row): Row => ({ ...r, jobFunction: `${String(r.jobFunction ?? 'General')} (renamed)` });
    payGrades = changeAfter(payGrades, from, restructured);
    jobCodeRows = changeAfter(jobCodeRows, from, renamed);
  }
  const enumRow = (fieldId: string) => (v: { value: string; label: string }) => ({
    fieldId,
    planId: String(o.goalPlanId),
    value: v.value,
    label: v.label,
  });
  const goalEnums: Row[] = [
    ...shape.goalStates.map(enumRow('state')),
    ...shape.goalCategories.map(enumRow('category')),
  ];
  const option = (value: string, label: string, status: string): Row => ({
    PickListV2_id: shape.eligibilityPicklistId,
    PickListV2_effectiveStartDate: OPEN_START,
    externalCode: value,
    label_defaultValue: label,
    label_localized: label,
    status,
    mdfSystemEffectiveEndDate: OPEN_END,
  });
  // An inactive option stays in the list: it may not be written.
  const picklistValues = [
    ...shape.eligibilityOptions.map((p) => option(p.value, p.label, 'A')),
    option('pending', 'Pending review', 'I'),
  ];
  return {
    today: plusDays(org.asOf, shape.todayAfterAsOfDays),
    shape,
    users,
    empJobs,
    payGrades,
    jobCodes: jobCodeRows,
    goalPlans: [
      { id: '1', name: 'Legacy Goal Plan', startDate: sfDate('2020-01-01'), dueDate: sfDate('2020-12-31') },
      {
        id: String(o.goalPlanId),
        name: `${org.asOf.slice(0, 4)} Goal Plan`,
        startDate: sfDate(`${org.asOf.slice(0, 4)}-01-01`),
        dueDate: sfDate(`${org.asOf.slice(0, 4)}-12-31`),
      },
    ],
    goalEnums,
    picklistValues,
    goals: new Map([[o.goalPlanId, goals.map((g) => ({ ...g, planId: String(o.goalPlanId) }))]]),
    mdf: new Map([
      [o.mdfObject, new Map()],
      [o.exceptionObject, new Map()],
    ]),
    nextGoalId,
    apiUser: o.apiUser,
  };
};

/**
 * A job change entered by hand, now: a new EmpJob slice from `effectiveDate` with the new pay grade (the slice it
 * splits ends the day before), both stamped with the current `lastModifiedDateTime`, as EC stamps an edited slice.
 */
export const enterGradeChange = (store: Store, userId: string, grade: string, effectiveDate: string): void => {
  const start = ms(effectiveDate);
  const at = `/Date(${Date.now()}+0000)/`;
  const dateOf = (v: unknown): number =>
    Number(/^\/Date\((-?\d+)/.exec(typeof v === 'string' ? v : '')?.[1] ?? Number.NaN);
  const current = store.empJobs.find(
    (r) => r.userId === userId && dateOf(r.startDate) <= start && dateOf(r.endDate) >= start,
  );
  if (!current) throw new Error(`no job slice of ${userId} on ${effectiveDate}`);
  const next = {
    ...current,
    startDate: sfDate(effectiveDate),
    payGrade: grade,
    event: '5',
    eventReason: 'DATACHG_STD',
    lastModifiedDateTime: at,
  };
  if (dateOf(current.startDate) === start) Object.assign(current, next);
  else {
    Object.assign(current, { endDate: sfDate(dayBefore(effectiveDate)), lastModifiedDateTime: at });
    store.empJobs.push(next);
  }
};
