/**
 * The HRIS the CSV-drop sandbox plays: its records (employees, job history, goals, flags, notes) in its own words,
 * the import of one outbox row by the documented rules (upsert or delete by key; importing twice changes nothing),
 * and the export files in its own format (`MM/dd/yyyy`, its own column names). Strict: a row the import would refuse
 * (unknown employee or goal, a status or flag value not in its lists) is refused with a reason.
 */
import { DateTime } from 'luxon';
import type { SyntheticOrg } from '../../../schemas/index.js';
import type { OutboxRow } from '../wire-schemas.js';

export const STATUS_WORDS = { 'on-track': 'On Track', behind: 'Behind', achieved: 'Achieved' } as const;
export const CLOSED = 'Closed';
export const FLAG_WORDS = { eligible: 'Eligible', 'not-eligible': 'Not Eligible' } as const;
const EMPLOYMENT = { active: 'Active', inactive: 'On Leave', terminated: 'Terminated' } as const;

interface Goal {
  id: string;
  ref: string;
  title: string;
  description: string;
  dueDate: string;
  percent: number;
  status: string;
}
interface Note {
  id: string;
  date: string;
  from: string;
  to: string;
  note: string;
}
type Person = SyntheticOrg['employees'][number];

/** The tenant's column names: not fluencyflow's defaults, so the contract suite runs through the column mapping. */
export const HEADERS = {
  employees: [
    'Employee ID',
    'First Name',
    'Last Name',
    'Work Email',
    'Grade',
    'Job Family',
    'Manager ID',
    'Status',
    'Department',
    'Hire Date',
    'Locale',
    'AI Fluency Eligibility',
    'AI Fluency Reason',
  ],
  jobHistory: ['Employee ID', 'Effective Date', 'Grade', 'Job Family'],
  goals: ['Goal ID', 'Employee ID', 'External Ref', 'Title', 'Description', 'Due Date', 'Percent Complete', 'Status'],
  notes: ['Note ID', 'Employee ID', 'Promotion Date', 'From Grade', 'To Grade', 'Note'],
} as const;

const usDate = (iso: string | null): string =>
  iso === null || iso === '' ? '' : DateTime.fromISO(iso, { zone: 'UTC' }).toFormat('MM/dd/yyyy');

export class Tenant {
  readonly people = new Map<string, Person>();
  readonly goals = new Map<string, Goal[]>();
  readonly flags = new Map<string, { value: string; reason: string }>();
  readonly notes = new Map<string, Note[]>();
  private nextId = 1;

  constructor(org: SyntheticOrg) {
    for (const e of org.employees) {
      this.people.set(e.id, structuredClone(e));
      const goals = e.seededGoals.map((g) => ({
        id: this.newId('G'),
        ref: '',
        title: g.title,
        description: g.description,
        dueDate: g.dueDate,
        percent: g.percentComplete,
        status: g.closed ? CLOSED : STATUS_WORDS['on-track'],
      }));
      if (goals.length > 0) this.goals.set(e.id, goals);
    }
  }

  private newId(prefix: string): string {
    return `${prefix}${String(this.nextId++).padStart(6, '0')}`;
  }

  private listOf<T>(map: Map<string, T[]>, id: string): T[] {
    const list = map.get(id) ?? [];
    map.set(id, list);
    return list;
  }

  /** Imports one row; returns why it was refused, or null. */
  importRow(row: OutboxRow): string | null {
    if (!this.people.has(row.employee_id)) return `no employee ${row.employee_id}`;
    switch (row.record) {
      case 'goal': {
        const goals = this.listOf(this.goals, row.employee_id);
        const byId = row.goal_id === '' ? -1 : goals.findIndex((g) => g.id === row.goal_id);
        const at = byId >= 0 || row.goal_ref === '' ? byId : goals.findIndex((g) => g.ref === row.goal_ref);
        if (row.action === 'delete') {
          if (at >= 0) goals.splice(at, 1);
          return null;
        }
        const statuses: string[] = [...Object.values(STATUS_WORDS), CLOSED];
        if (!statuses.includes(row.status)) return `status "${row.status}" is not one of ${statuses.join(', ')}`;
        if (row.title.trim() === '') return 'a goal needs a title';
        if (at < 0 && row.goal_ref === '') return `no goal ${row.goal_id} for employee ${row.employee_id}`;
        const old = goals[at];
        const goal = {
          id: old?.id ?? this.newId('G'),
          ref: row.goal_ref,
          title: row.title,
          description: row.description,
          dueDate: row.due_date,
          percent: row.percent_complete,
          status: row.status,
        };
        if (old === undefined) goals.push(goal);
        else goals[at] = goal;
        return null;
      }
      case 'eligibility': {
        const words: string[] = Object.values(FLAG_WORDS);
        if (row.eligibility !== '' && !words.includes(row.eligibility))
          return `eligibility "${row.eligibility}" is not one of ${words.join(', ')}`;
        if (row.eligibility === '') this.flags.delete(row.employee_id);
        else this.flags.set(row.employee_id, { value: row.eligibility, reason: row.reason });
        return null;
      }
      case 'exception-note': {
        const notes = this.listOf(this.notes, row.employee_id);
        const at = notes.findIndex(
          (n) => n.date === row.promotion_date && n.to.toLowerCase() === row.to_grade.toLowerCase(),
        );
        if (row.action === 'delete') {
          if (at >= 0) notes.splice(at, 1);
        } else if (at < 0)
          notes.push({
            id: this.newId('N'),
            date: row.promotion_date,
            from: row.from_grade,
            to: row.to_grade,
            note: row.note,
          });
        return null;
      }
    }
  }

  /** The four exports' rows, in the tenant's format. */
  exportRows(): Record<keyof typeof HEADERS, string[][]> {
    const people = [...this.people.values()];
    return {
      employees: people.map((e) => {
        const flag = this.flags.get(e.id);
        return [
          e.id,
          e.firstName,
          e.lastName,
          e.email ?? '',
          e.grade ?? '',
          e.jobFamily ?? '',
          e.managerId ?? '',
          EMPLOYMENT[e.status],
          e.department ?? '',
          usDate(e.hireDate),
          e.locale ?? '',
          flag?.value ?? '',
          flag?.reason ?? '',
        ];
      }),
      jobHistory: people.flatMap((e) =>
        e.jobHistory.map((h) => [e.id, usDate(h.effectiveDate), h.grade ?? '', h.jobFamily ?? '']),
      ),
      goals: [...this.goals.entries()].flatMap(([id, goals]) =>
        goals.map((g) => [g.id, id, g.ref, g.title, g.description, usDate(g.dueDate), String(g.percent), g.status]),
      ),
      notes: [...this.notes.entries()].flatMap(([id, notes]) =>
        notes.map((n) => [n.id, id, usDate(n.date), n.from, n.to, n.note]),
      ),
    };
  }
}
