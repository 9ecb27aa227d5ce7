/**
 * BambooHR wire values <-> fluencyflow's canonical model. Pure: no I/O, no clock.
 * Report values are strings, `""` when empty; an empty date may come back as `0000-00-00`.
 */
import { describedWithReference } from '../../src/connector-kit/goal-reference.js';
import {
  hasReference,
  isGoalTitle,
  isoDatePart,
  type CurrentGoal,
  type DesiredGoal,
  type EligibilityFlag,
  type Employee,
  type ExceptionNote,
  type GoalIdentity,
  type JobHistoryEntry,
} from '../../schemas/index.js';
import type { GoalBody } from './client.js';
import type { WireGoal, WireTableRow } from './wire-schemas.js';

/** `yyyy-mm-dd` when it is a real date; null for `""`, `0000-00-00` and anything unparseable. */
export const parseBambooDate = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  return isoDatePart(value.trim());
};

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * Active / Inactive come from the report's `status`; terminated is an employment status of "Terminated"
 * or a termination date on or before as-of.
 */
export const toStatus = (row: Record<string, string | undefined>, asOf: string): Employee['status'] => {
  const termination = parseBambooDate(row.terminationDate);
  const history = (row.employmentHistoryStatus ?? '').toLowerCase();
  if (history.includes('terminat') || (termination !== null && termination <= asOf)) return 'terminated';
  return (row.status ?? '').toLowerCase() === 'active' ? 'active' : 'inactive';
};

export interface EligibilityValues {
  eligible: string;
  notEligible: string;
}

/** The stored option text -> the flag; without resolved values (no eligibility field) the flag reads as empty. */
export const toEligibility = (
  value: string | undefined,
  reason: string | undefined,
  values: EligibilityValues | undefined,
): EligibilityFlag => {
  const known = values !== undefined && value !== undefined && value !== '';
  const meaning = !known
    ? null
    : value === values.eligible
      ? 'eligible'
      : value === values.notEligible
        ? 'not-eligible'
        : null;
  return { value: meaning, reason: reason ?? '' };
};

export const fromEligibility = (value: 'eligible' | 'not-eligible', values: EligibilityValues): string =>
  value === 'eligible' ? values.eligible : values.notEligible;

/** BambooHR goals have no on-track / behind: only a completed goal maps back (to `achieved`). */
export const toCurrentGoal = (g: WireGoal): CurrentGoal => {
  const percent = Math.max(0, Math.min(100, Math.round(g.percentComplete ?? 0)));
  return {
    id: g.id,
    title: g.title,
    description: g.description ?? '',
    dueDate: parseBambooDate(g.dueDate),
    percentComplete: percent,
    status: g.status === 'completed' || percent === 100 ? 'achieved' : null,
    closed: g.status === 'closed',
    referenceId: null,
  };
};

/** This cycle's candidates: the goal's name in any locale, or our reference line (or old marker) in the description. */
export const isCandidateGoal = (g: WireGoal, identity: GoalIdentity, employeeId: string): boolean =>
  isGoalTitle(identity, g.title) || hasReference(g.description ?? '', identity, employeeId);

/**
 * A full goal body (create and the replacing PUT). `achieved` means 100%, and BambooHR takes a completion
 * date only at 100%. Sharing and alignment of an existing goal are kept.
 */
export const toGoalBody = (
  after: DesiredGoal,
  employeeId: string,
  asOf: string,
  existing?: { sharedWithEmployeeIds: number[]; alignsWithOptionId?: string | number | null | undefined },
): GoalBody => {
  const percentComplete = after.status === 'achieved' ? 100 : Math.max(0, Math.min(100, after.percentComplete));
  const owner = Number(employeeId);
  const shared = existing?.sharedWithEmployeeIds ?? [];
  return {
    title: after.title,
    // BambooHR goals have no external-key field: the reference is the description's last line.
    description: describedWithReference(after),
    dueDate: after.dueDate,
    percentComplete,
    completionDate: percentComplete === 100 ? asOf : null,
    sharedWithEmployeeIds: shared.includes(owner) ? shared : [owner, ...shared],
    alignsWithOptionId: existing?.alignsWithOptionId ?? null,
  };
};

export interface HistoryColumns {
  grade: string | undefined;
  jobFamily: string | undefined;
}

const cellOf = (row: WireTableRow, column: string | undefined): string | null => {
  if (column === undefined) return null;
  const v: unknown = row[column];
  return typeof v === 'string' || typeof v === 'number' ? text(String(v)) : null;
};

/** jobInfo rows (any order) -> effective-dated history, oldest first; rows dated after as-of are ignored. */
export const toJobHistory = (
  rows: readonly WireTableRow[],
  cols: HistoryColumns,
  asOf: string,
  currentFamily: string | null,
): JobHistoryEntry[] =>
  rows
    .map((row) => ({ row, date: parseBambooDate(row.date) }))
    .filter((r): r is { row: WireTableRow; date: string } => r.date !== null && r.date <= asOf)
    .sort((a, b) => (a.date === b.date ? Number(a.row.id ?? 0) - Number(b.row.id ?? 0) : a.date < b.date ? -1 : 1))
    .map(({ row, date }) => {
      // Without a job-family column on jobInfo, the family has no history: the current one stands for all rows.
      const family = cols.jobFamily === undefined ? currentFamily : cellOf(row, cols.jobFamily);
      return {
        effectiveDate: date,
        grade: cellOf(row, cols.grade),
        jobFamily: family,
        jobFamilies: family === null ? [] : [family],
        jobTitle: cellOf(row, 'jobTitle'),
        event: null,
      };
    });

/** Rows of the exception table -> notes; rows without a real date are skipped. */
export const toExceptionNotes = (rows: readonly WireTableRow[]): ExceptionNote[] =>
  rows.flatMap((row) => {
    const promotionDate = parseBambooDate(row.date);
    if (promotionDate === null) return [];
    return [
      {
        promotionDate,
        fromGrade: cellOf(row, 'customPromotionFrom') ?? '',
        toGrade: cellOf(row, 'customPromotionTo') ?? '',
        note: cellOf(row, 'customNote') ?? '',
        id: row.id ?? null,
      },
    ];
  });

export const toNoteRow = (note: {
  promotionDate: string;
  fromGrade: string;
  toGrade: string;
  note: string;
}): Record<string, string> => ({
  date: note.promotionDate,
  customPromotionFrom: note.fromGrade,
  customPromotionTo: note.toGrade,
  customNote: note.note,
});

export interface EmployeeKeys {
  grade: string | undefined;
  jobFamily: string | undefined;
  /** The configured language field (BambooHR has no standard one); undefined: the config's default locale. */
  locale?: string | undefined;
}

/**
 * One report row plus its jobInfo history -> the canonical employee as of `asOf`: the latest history row on or
 * before as-of wins over the report's current values (the report shows today, not as-of).
 */
export const toEmployee = (
  connector: string,
  row: Record<string, string | undefined>,
  keys: EmployeeKeys,
  history: JobHistoryEntry[],
  asOf: string,
): Employee => {
  const latest = history[history.length - 1];
  const reportGrade = keys.grade === undefined ? null : text(row[keys.grade]);
  const reportFamily = keys.jobFamily === undefined ? null : text(row[keys.jobFamily]);
  return {
    connector,
    id: row.id ?? '',
    employeeNumber: text(row.employeeNumber),
    email: text(row.workEmail),
    firstName: row.firstName ?? '',
    lastName: row.lastName ?? '',
    department: text(row.department),
    division: text(row.division),
    location: text(row.location),
    jobTitle: latest?.jobTitle ?? text(row.jobTitle),
    jobFamily: latest?.jobFamily ?? reportFamily,
    jobFamilies: latest?.jobFamilies ?? (reportFamily === null ? [] : [reportFamily]),
    grade: latest?.grade ?? reportGrade,
    managerId: text(row.supervisorEId),
    status: toStatus(row, asOf),
    hireDate: parseBambooDate(row.hireDate),
    jobHistory: history,
    locale: keys.locale === undefined ? null : text(row[keys.locale]),
  };
};
