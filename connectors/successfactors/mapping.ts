/** SuccessFactors wire rows <-> fluencyflow's canonical model. Pure. */
import type {
  CurrentGoal,
  DesiredGoal,
  EligibilityFlag,
  Employee,
  ExceptionNote,
  GoalIdentity,
  GoalStatus,
  JobHistoryEntry,
} from '../../schemas/index.js';
import { hasReference, isGoalTitle } from '../../schemas/index.js';
import { describedWithReference } from '../../src/connector-kit/goal-reference.js';
import type { SuccessFactorsConfig } from './config.js';
import { isoDateToSf, parseSfDate, sfDateToIsoDate } from './dates.js';
import { PROMOTION_EVENT, TERMINATION_EVENT } from './wire-names.js';
import type { TenantValues } from './values.js';
import type { EligibilityRow, EmpJobRow, ExceptionRow, GoalRow, JobCodeRow, UserRow } from './wire-schemas.js';

/** The tenant's values, as resolved from its goal plan and picklist (tenant.ts). */
export type Values = Pick<TenantValues, 'goalStatus' | 'closedStates' | 'eligible' | 'notEligible' | 'category'>;

/** EmpJob slices oldest first: by start date, then sequence number (no `$orderby` on EC entities: KBA 2954606). */
const sortSlices = (rows: readonly EmpJobRow[]): EmpJobRow[] =>
  [...rows].sort((a, b) => {
    const da = sfDateToIsoDate(a.startDate) ?? '';
    const db = sfDateToIsoDate(b.startDate) ?? '';
    return da < db ? -1 : da > db ? 1 : Number(a.seqNumber) - Number(b.seqNumber);
  });

/** The slices in force up to `asOf`: rows dated later are ignored; of several on one day the last sequence wins. */
export const slicesAsOf = (rows: readonly EmpJobRow[], asOf: string): EmpJobRow[] => {
  const byDay = new Map<string, EmpJobRow>();
  for (const r of sortSlices(rows)) {
    const day = sfDateToIsoDate(r.startDate);
    if (day !== null && day <= asOf) byDay.set(day, r);
  }
  return [...byDay.values()];
};

const gradeOf = (row: EmpJobRow, source: SuccessFactorsConfig['grade']): string | null =>
  source === 'payGrade' ? row.payGrade : (row.jobCodeNav?.jobLevel ?? null);

/** Consecutive slices where the event is a promotion (`8`) or the pay-grade level rises. */
export const detectPromotions = (
  slices: readonly EmpJobRow[],
): { date: string; from: string | null; to: string | null; byEvent: boolean }[] => {
  const out: { date: string; from: string | null; to: string | null; byEvent: boolean }[] = [];
  const sorted = sortSlices(slices);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (!prev || !cur) continue;
    const byEvent = cur.event === PROMOTION_EVENT;
    const before = prev.payGradeNav?.paygradeLevel ?? null;
    const after = cur.payGradeNav?.paygradeLevel ?? null;
    const rises = before !== null && after !== null && after > before;
    if (byEvent || rises)
      out.push({ date: sfDateToIsoDate(cur.startDate) ?? '', from: prev.payGrade, to: cur.payGrade, byEvent });
  }
  return out;
};

const ACTIVE_USER = new Set(['t', 'T', 'e', 'active', 'active_external', 'active_external_suite']);

export const toEmployee = (
  connector: string,
  user: UserRow,
  jobRows: readonly EmpJobRow[],
  o: {
    asOf: string;
    grade: SuccessFactorsConfig['grade'];
    /** The current job code as of D (an expanded jobCodeNav is as of the slice's start: KBA 2853045). */
    jobCodesAsOf?: ReadonlyMap<string, JobCodeRow>;
  },
): Employee | null => {
  const slices = slicesAsOf(jobRows, o.asOf);
  // Hired after the as-of date: not an employee yet on that day.
  if (jobRows.length > 0 && slices.length === 0) return null;
  const inForce = slices[slices.length - 1];
  const asOfD = inForce?.jobCode ? o.jobCodesAsOf?.get(inForce.jobCode) : undefined;
  const current =
    inForce && asOfD
      ? { ...inForce, jobCodeNav: { ...inForce.jobCodeNav, jobFunction: asOfD.jobFunction, jobLevel: asOfD.jobLevel } }
      : inForce;
  const history: JobHistoryEntry[] = slices.map((s) => ({
    effectiveDate: sfDateToIsoDate(s.startDate) ?? '',
    grade: gradeOf(s, o.grade),
    jobFamily: s.jobCodeNav?.jobFunction ?? null,
    jobFamilies: s.jobCodeNav?.jobFunction ? [s.jobCodeNav.jobFunction] : [],
    jobTitle: s.jobTitle,
    event: s.event,
  }));
  const status =
    current?.event === TERMINATION_EVENT ? 'terminated' : ACTIVE_USER.has(user.status ?? '') ? 'active' : 'inactive';
  return {
    connector,
    id: user.userId,
    employeeNumber: user.empId,
    email: user.email,
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    department: current?.department ?? null,
    division: current?.division ?? null,
    location: current?.location ?? null,
    jobTitle: current?.jobTitle ?? null,
    jobFamily: current?.jobCodeNav?.jobFunction ?? null,
    jobFamilies: current?.jobCodeNav?.jobFunction ? [current.jobCodeNav.jobFunction] : [],
    grade: current ? gradeOf(current, o.grade) : null,
    managerId: current?.managerId && current.managerId !== 'NO_MANAGER' ? current.managerId : null,
    status,
    hireDate: user.hireDate ? sfDateToIsoDate(user.hireDate) : (history[0]?.effectiveDate ?? null),
    jobHistory: history,
    locale: user.defaultLocale,
  };
};

export const statusToState = (values: Values, status: GoalStatus): string => values.goalStatus[status];

const stateToStatus = (values: Values, state: string | null): GoalStatus | null => {
  if (state === null) return null;
  const hit = (['on-track', 'behind', 'achieved'] as const).find(
    (s) => values.goalStatus[s].toLowerCase() === state.toLowerCase(),
  );
  return hit ?? null;
};

export const toCurrentGoal = (values: Values, row: GoalRow): CurrentGoal => ({
  id: row.id,
  title: row.name,
  description: row.metric ?? '',
  dueDate: row.due ? sfDateToIsoDate(row.due) : null,
  percentComplete: Math.max(0, Math.min(100, row.done ?? 0)),
  status: stateToStatus(values, row.state),
  closed: row.state !== null && values.closedStates.some((s) => s.toLowerCase() === (row.state ?? '').toLowerCase()),
  referenceId: null,
});

/** A candidate for this cycle's goal: its name in any locale, or our reference line (or old marker) in `metric`. */
export const isCandidateGoal = (row: GoalRow, identity: GoalIdentity, employeeId: string): boolean =>
  isGoalTitle(identity, row.name) || hasReference(row.metric ?? '', identity, employeeId);

/** The flag, with who changed it last and when (DateTimeOffset, UTC) as the record says. */
export const toEligibility = (values: Values, row: EligibilityRow): EligibilityFlag => {
  const at = row.lastModifiedDateTime === null ? null : parseSfDate(row.lastModifiedDateTime, 'DateTimeOffset', 'UTC');
  const changedAt = at?.toUTC().toISO({ suppressMilliseconds: true }) ?? null;
  return {
    value:
      row.cust_eligible === values.eligible
        ? 'eligible'
        : row.cust_eligible === values.notEligible
          ? 'not-eligible'
          : null,
    reason: row.cust_reason ?? '',
    ...(row.lastModifiedBy ? { changedBy: row.lastModifiedBy } : {}),
    ...(changedAt ? { changedAt } : {}),
  };
};

export const toExceptionNote = (row: ExceptionRow): ExceptionNote | null => {
  const promotionDate = sfDateToIsoDate(row.cust_promotionDate);
  if (promotionDate === null) return null;
  return {
    promotionDate,
    fromGrade: row.cust_fromGrade ?? '',
    toGrade: row.cust_toGrade ?? '',
    note: row.cust_note ?? '',
    id: row.externalCode,
  };
};

const quoteKey = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The upsert record of the eligibility MDF object (not effective dated; externalCode = userId). */
export const eligibilityRecord = (
  config: SuccessFactorsConfig,
  values: Values,
  userId: string,
  after: { value: 'eligible' | 'not-eligible'; reason: string },
) => ({
  __metadata: { uri: `${config.mdfObject}(${quoteKey(userId)})`, type: `SFOData.${config.mdfObject}` },
  externalCode: userId,
  cust_eligible: after.value === 'eligible' ? values.eligible : values.notEligible,
  cust_reason: after.reason.slice(0, 255),
});

const exceptionExternalCode = (userId: string, promotionDate: string): string => `${userId}-${promotionDate}`;

export const exceptionRecord = (config: SuccessFactorsConfig, userId: string, note: Omit<ExceptionNote, 'id'>) => {
  const code = exceptionExternalCode(userId, note.promotionDate);
  return {
    __metadata: { uri: `${config.exceptionObject}(${quoteKey(code)})`, type: `SFOData.${config.exceptionObject}` },
    externalCode: code,
    cust_userId: userId,
    cust_promotionDate: isoDateToSf(note.promotionDate),
    cust_fromGrade: note.fromGrade,
    cust_toGrade: note.toGrade,
    cust_note: note.note,
  };
};

/** The body of `POST Goal_<planId>` (the fields of SAP's own sample); no category when the plan defines none. */
export const goalCreateBody = (values: Values, userId: string, goal: DesiredGoal) => ({
  name: goal.title,
  metric: describedWithReference(goal),
  ...(values.category === null ? {} : { category: values.category }),
  type: 'user',
  flag: 0,
  weight: 0,
  userId,
  state: statusToState(values, goal.status),
  start: isoDateToSf(goal.cycleStart),
  due: isoDateToSf(goal.dueDate),
  done: goal.percentComplete,
});

/** An upsert record that creates the goal: `__metadata.uri` names the entity set without a key (KBA 2976724). */
export const goalCreateRecord = (config: SuccessFactorsConfig, values: Values, userId: string, goal: DesiredGoal) => ({
  __metadata: { uri: `Goal_${config.goalPlanId}`, type: `SFOData.Goal_${config.goalPlanId}` },
  ...goalCreateBody(values, userId, goal),
});

/** An upsert record that rewrites every field fluencyflow owns; the state reopens a closed goal. */
export const goalUpdateRecord = (config: SuccessFactorsConfig, values: Values, goalId: string, goal: DesiredGoal) => ({
  __metadata: { uri: `Goal_${config.goalPlanId}(${goalId}L)`, type: `SFOData.Goal_${config.goalPlanId}` },
  id: goalId,
  name: goal.title,
  metric: describedWithReference(goal),
  state: statusToState(values, goal.status),
  due: isoDateToSf(goal.dueDate),
  done: goal.percentComplete,
});
