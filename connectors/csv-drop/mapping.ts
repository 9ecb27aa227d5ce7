/**
 * Export rows <-> fluencyflow's canonical model, and changes -> outbox rows. Pure: no I/O, no clock.
 * `Held` is what the HRIS holds for one employee, in its own values; the read builds it from the exports and then
 * replays the outbox files it has not imported yet (`replay`), with the import's own rules (docs page, "Import").
 */
import { DateTime } from 'luxon';
import {
  hasReference,
  isGoalTitle,
  referenceIdFor,
  type Change,
  type CurrentGoal,
  type CurrentState,
  type GoalIdentity,
  type GoalStatus,
  type RevertChange,
} from '../../schemas/index.js';
import { assertNever } from '../../src/errors.js';
import type { CsvDropConfig } from './config.js';
import { OUTBOX_COLUMNS, type OutboxColumn, type OutboxGoalRow, type OutboxRow } from './wire-schemas.js';

interface HeldGoal {
  /** The HRIS's goal id; a goal only in the outbox so far goes by its reference. */
  id: string;
  ref: string;
  title: string;
  description: string;
  dueDate: string | null;
  percent: number;
  /** The HRIS's status value. */
  status: string;
}
interface HeldNote {
  id: string | null;
  promotionDate: string;
  fromGrade: string;
  toGrade: string;
  note: string;
}
export interface Held {
  goals: HeldGoal[];
  flag: { value: string; reason: string } | null;
  notes: HeldNote[];
}

export const emptyHeld = (): Held => ({ goals: [], flag: null, notes: [] });

type Values = CsvDropConfig['values'];

/** A date cell in the export's format -> `yyyy-mm-dd`; null when empty or not a date. */
export const parseDate = (cell: string, format: string): string | null => {
  const t = cell.trim();
  if (t === '') return null;
  const d = DateTime.fromFormat(t, format, { zone: 'UTC' });
  return d.isValid ? d.toISODate() : null;
};

const fold = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

/** The status a word of the export means, or null when the config lists it nowhere. */
export const toStatus = (
  word: string,
  statuses: CsvDropConfig['statuses'],
): 'active' | 'inactive' | 'terminated' | null => {
  const w = fold(word);
  if (statuses.active.some((s) => fold(s) === w)) return 'active';
  if (statuses.inactive.some((s) => fold(s) === w)) return 'inactive';
  if (statuses.terminated.some((s) => fold(s) === w)) return 'terminated';
  return null;
};

const goalStatusOf = (value: string, values: Values): GoalStatus | null => {
  const v = fold(value);
  if (v === fold(values.onTrack)) return 'on-track';
  if (v === fold(values.behind)) return 'behind';
  if (v === fold(values.achieved)) return 'achieved';
  return null;
};

const statusValue = (status: GoalStatus | null, values: Values): string =>
  status === 'achieved' ? values.achieved : status === 'behind' ? values.behind : values.onTrack;

const toCurrentGoal = (g: HeldGoal, values: Values): CurrentGoal => ({
  id: g.id,
  title: g.title,
  description: g.description,
  dueDate: g.dueDate,
  percentComplete: g.percent,
  status: goalStatusOf(g.status, values),
  closed: fold(g.status) === fold(values.closed),
  referenceId: g.ref === '' ? null : g.ref,
});

/**
 * This cycle's candidates: the goal's name in any locale, this employee's reference, or (goals written before the
 * reference column) the reference line or old marker in the description.
 */
const isCandidate = (g: HeldGoal, identity: GoalIdentity, employeeId: string): boolean =>
  isGoalTitle(identity, g.title) ||
  g.ref === referenceIdFor(identity, employeeId) ||
  hasReference(g.description, identity, employeeId);

export const toCurrentState = (
  held: Held,
  values: Values,
  identity: GoalIdentity,
  employeeId: string,
): CurrentState => {
  const flag = held.flag;
  const meaning =
    flag === null
      ? null
      : fold(flag.value) === fold(values.eligible)
        ? 'eligible'
        : fold(flag.value) === fold(values.notEligible)
          ? 'not-eligible'
          : null;
  return {
    goals: held.goals.filter((g) => isCandidate(g, identity, employeeId)).map((g) => toCurrentGoal(g, values)),
    eligibility:
      flag === null || (flag.value === '' && flag.reason === '') ? null : { value: meaning, reason: flag.reason },
    exceptionNotes: held.notes.map((n) => ({ ...n })),
  };
};

const samePromotion = (n: { promotionDate: string; toGrade: string }, date: string, toGrade: string): boolean =>
  n.promotionDate === date && fold(n.toGrade) === fold(toGrade);

/** The goal an upsert or delete row names: by goal id, else by reference. */
const goalIndex = (held: Held, goalId: string, ref: string): number => {
  const byId = goalId === '' ? -1 : held.goals.findIndex((g) => g.id === goalId);
  return byId >= 0 || ref === '' ? byId : held.goals.findIndex((g) => g.ref === ref);
};

/** One outbox row as the HRIS imports it (every row is an upsert or delete by key: importing twice changes nothing). */
export const replay = (held: Held, row: OutboxRow): void => {
  switch (row.record) {
    case 'goal': {
      const at = goalIndex(held, row.goal_id, row.goal_ref);
      if (row.action === 'delete') {
        if (at >= 0) held.goals.splice(at, 1);
        return;
      }
      const old = held.goals[at];
      const goal: HeldGoal = {
        id: old?.id ?? row.goal_ref,
        ref: row.goal_ref,
        title: row.title,
        description: row.description,
        dueDate: row.due_date === '' ? null : row.due_date,
        percent: row.percent_complete,
        status: row.status,
      };
      if (at >= 0) held.goals[at] = goal;
      else if (row.goal_ref !== '') held.goals.push(goal);
      return;
    }
    case 'eligibility':
      held.flag = { value: row.eligibility, reason: row.reason };
      return;
    case 'exception-note': {
      const at = held.notes.findIndex((n) => samePromotion(n, row.promotion_date, row.to_grade));
      if (row.action === 'delete') {
        if (at >= 0) held.notes.splice(at, 1);
      } else if (at < 0) {
        const { promotion_date: promotionDate, from_grade: fromGrade, to_grade: toGrade, note } = row;
        held.notes.push({ id: null, promotionDate, fromGrade, toGrade, note });
      }
      return;
    }
    default:
      return assertNever(row);
  }
};

/** The cells of an outbox row, in `OUTBOX_COLUMNS` order. */
export const outboxCells = (row: OutboxRow): string[] => {
  const cells: Partial<Record<OutboxColumn, string>> = Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, String(v)]),
  );
  return OUTBOX_COLUMNS.map((c) => cells[c] ?? '');
};

const goalUpsert = (
  changeId: string,
  employeeId: string,
  goalId: string,
  ref: string,
  g: { title: string; description: string; dueDate: string | null; percent: number; status: string },
  action: OutboxGoalRow['action'] = 'upsert',
): OutboxGoalRow => ({
  change_id: changeId,
  record: 'goal',
  action,
  employee_id: employeeId,
  goal_id: goalId,
  goal_ref: ref,
  title: g.title,
  description: g.description,
  due_date: g.dueDate ?? '',
  percent_complete: g.percent,
  status: g.status,
});

/** The row that writes one planned change. */
export const rowForChange = (change: Change, values: Values, identity: GoalIdentity): OutboxRow => {
  const base = { change_id: change.key, employee_id: change.employeeId };
  switch (change.kind) {
    case 'goal': {
      const a = change.after;
      const ref = referenceIdFor(identity, change.employeeId);
      const g = { ...a, percent: a.percentComplete, status: statusValue(a.status, values) };
      return goalUpsert(change.key, change.employeeId, change.before?.id ?? '', ref, g);
    }
    case 'eligibility': {
      const value = change.after.value === 'eligible' ? values.eligible : values.notEligible;
      return { ...base, record: 'eligibility', action: 'set', eligibility: value, reason: change.after.reason };
    }
    case 'exception-note': {
      const n = change.after;
      return {
        ...base,
        record: 'exception-note',
        action: 'add',
        promotion_date: n.promotionDate,
        from_grade: n.fromGrade,
        to_grade: n.toGrade,
        note: n.note,
      };
    }
    default:
      return assertNever(change);
  }
};

/** The row that undoes one write of an earlier run. */
export const rowForRevert = (change: RevertChange, values: Values): OutboxRow => {
  const base = { change_id: change.key, employee_id: change.employeeId };
  switch (change.kind) {
    case 'goal': {
      const now = change.before;
      const old = change.after;
      if (change.action !== 'restore' || old === null)
        return goalUpsert(
          change.key,
          change.employeeId,
          now.id,
          now.referenceId ?? '',
          { ...now, percent: 0, status: '' },
          'delete',
        );
      const status = old.closed ? values.closed : statusValue(old.status, values);
      const g = { ...old, percent: old.percentComplete, status };
      return goalUpsert(change.key, change.employeeId, now.id, old.referenceId ?? '', g);
    }
    case 'eligibility': {
      const old = change.after;
      const value =
        old?.value === 'eligible' ? values.eligible : old?.value === 'not-eligible' ? values.notEligible : '';
      return {
        ...base,
        record: 'eligibility',
        action: 'set',
        eligibility: value,
        reason: value === '' ? '' : (old?.reason ?? ''),
      };
    }
    case 'exception-note': {
      const n = change.before;
      const note = { promotion_date: n.promotionDate, from_grade: n.fromGrade, to_grade: n.toGrade, note: n.note };
      return { ...base, record: 'exception-note', action: 'delete', ...note };
    }
    default:
      return assertNever(change);
  }
};
