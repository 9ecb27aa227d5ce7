import { z } from 'zod';
import { credentialCheck, type Change, type CredentialCheck, type Employee } from '../../schemas/index.js';
import {
  credentialIdOf,
  credentialValidOn,
  dayNumber,
  familiesOf,
  isoFromDayNumber,
  useInWindow,
  type EmployeeDecision,
} from '../core/index.js';
import { employeeKey, type OrgEvaluation } from './evaluate-org.js';

export interface Explanation {
  employee: {
    connector: string;
    id: string;
    employeeNumber: string | null;
    email: string | null;
    name: string;
    grade: string | null;
    jobFamily: string | null;
    jobFamilies: string[];
    department: string | null;
    status: string;
  };
  evaluation: EmployeeDecision['evaluation'];
  levels: {
    level: string;
    credential: boolean;
    credentialsCounted: string[];
    activeDays: number;
    requiredDays: number | null;
    windowDays: number | null;
    held: boolean;
  }[];
  counted: {
    credential: string;
    issuedOn: string;
    expiresOn: string | null;
    levels: string[];
    source: string;
    outcome?: CredentialCheck['outcome'];
  }[];
  notCounted: { item: string; why: string; source: string; outcome?: CredentialCheck['outcome'] }[];
  /** Badges and CSV rows by verification outcome (DESIGN §9). */
  outcomes: Partial<Record<CredentialCheck['outcome'], number>>;
  use: {
    activeDaysLast28: number;
    perWeek: number;
    events: number;
    minutesSaved: number;
    lastActiveDay: string | null;
    daysOutsideWindow: number;
  };
  changes: { kind: string; action: string; reason: string }[];
}

const withCheck = z.looseObject({ check: credentialCheck });
/** The verification outcome evidence loading attached to a credential (none for hand-built evidence). */
const checkOf = (c: unknown): CredentialCheck | null => {
  const r = withCheck.safeParse(c);
  return r.success ? r.data.check : null;
};

/** One employee by `connector/id`, HRIS id, employee number or work e-mail (without case). */
export const matchesQuery = (e: Employee, query: string): boolean => {
  const q = query.trim();
  const lower = q.toLowerCase();
  return (
    `${e.connector}/${e.id}` === q ||
    e.id === q ||
    e.employeeNumber === q ||
    (e.email !== null && e.email.toLowerCase() === lower)
  );
};

/** The indexes of the evaluated (in-scope) employees that match `query`. */
export const findEmployee = (ev: OrgEvaluation, query: string): number[] =>
  ev.records.flatMap((r, i) => (matchesQuery(r.employee, query) ? [i] : []));

/** Changes grouped by employee key, for explaining many employees at once. */
export const changesByEmployee = (ev: OrgEvaluation): Map<string, Change[]> => {
  const out = new Map<string, Change[]>();
  for (const c of ev.changes) {
    const k = employeeKey(c.connector, c.employeeId);
    const list = out.get(k);
    if (list) list.push(c);
    else out.set(k, [c]);
  }
  return out;
};

/** Why this employee's flag, goal and notes are what they are: the evidence that counted and that did not. */
export const explainEmployee = (
  ev: OrgEvaluation,
  index: number,
  changesOf?: ReadonlyMap<string, Change[]>,
): Explanation => {
  const employee = ev.records[index]?.employee;
  const decision = ev.decisions[index];
  if (!employee) throw new Error('employee not in this evaluation');
  if (!decision) throw new Error('employee not in this evaluation');
  const bundle = ev.evidence.bundleFor(employeeKey(employee.connector, employee.id));
  const day = dayNumber(ev.asOf);
  const counted: Explanation['counted'] = [];
  const notCounted: Explanation['notCounted'] = [];
  const outcomes: Explanation['outcomes'] = {};
  for (const c of bundle.certifications) {
    const id = credentialIdOf(ev.policy, c);
    const levels = ev.policy.ladder
      .filter((l) => l.evidence.credentials.some((x) => x.trim().toLowerCase() === id))
      .map((l) => l.id);
    const source = c.source ?? '';
    const check = checkOf(c);
    if (check !== null) outcomes[check.outcome] = (outcomes[check.outcome] ?? 0) + 1;
    if (check !== null && !check.counts)
      notCounted.push({
        item: id,
        why: `${check.outcome}${check.detail ? `: ${check.detail}` : ''}`,
        source,
        outcome: check.outcome,
      });
    else if (c.revoked) notCounted.push({ item: id, why: 'revoked', source });
    else if (dayNumber(c.issuedOn) > day)
      notCounted.push({ item: id, why: `issued ${c.issuedOn}, after the as-of date`, source });
    else if (!credentialValidOn(c, day)) notCounted.push({ item: id, why: `expired on ${c.expiresOn ?? '?'}`, source });
    else if (levels.length === 0)
      notCounted.push({
        item: id,
        why: 'not a credential of any ladder level (add it to the ladder or to the credentials map)',
        source,
      });
    else
      counted.push({
        credential: id,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
        levels,
        source,
        ...(check !== null ? { outcome: check.outcome } : {}),
      });
  }
  for (const e of bundle.enrolments) {
    if (dayNumber(e.enrolledOn) > day)
      notCounted.push({
        item: `enrolment ${e.level}`,
        why: `enrolled ${e.enrolledOn}, after the as-of date`,
        source: e.source ?? '',
      });
  }
  const last28 = useInWindow(bundle.usage, day, 28);
  let lastActive: number | null = null;
  let outside = 0;
  for (let i = 0; i < bundle.usage.days.length; i++) {
    const d = bundle.usage.days[i] ?? 0;
    if ((bundle.usage.events[i] ?? 0) <= 0) continue;
    if (d <= day) lastActive = d;
    if (d > day || d < day - 27) outside++;
  }
  const mine: Change[] = changesOf
    ? (changesOf.get(employeeKey(employee.connector, employee.id)) ?? [])
    : ev.changes.filter((c) => c.connector === employee.connector && c.employeeId === employee.id);
  return {
    employee: {
      connector: employee.connector,
      id: employee.id,
      employeeNumber: employee.employeeNumber,
      email: employee.email,
      name: `${employee.firstName} ${employee.lastName}`.trim(),
      grade: employee.grade,
      jobFamily: employee.jobFamily,
      jobFamilies: familiesOf(employee),
      department: employee.department,
      status: employee.status,
    },
    evaluation: decision.evaluation,
    levels: decision.levels.map((l) => ({
      level: l.level.id,
      credential: l.credentialMet,
      credentialsCounted: l.credentials.map((c) => credentialIdOf(ev.policy, c)),
      activeDays: l.activeDays,
      requiredDays: l.requiredDays,
      windowDays: l.windowDays,
      held: l.held,
    })),
    counted,
    notCounted,
    outcomes,
    use: {
      activeDaysLast28: last28.activeDays,
      perWeek: Math.round((last28.activeDays / 4) * 100) / 100,
      events: last28.events,
      minutesSaved: Math.round(last28.minutes),
      lastActiveDay: lastActive === null ? null : isoFromDayNumber(lastActive),
      daysOutsideWindow: outside,
    },
    changes: mine.map((c) => ({ kind: c.kind, action: c.action, reason: c.reason })),
  };
};
