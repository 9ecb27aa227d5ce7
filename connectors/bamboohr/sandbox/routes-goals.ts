/**
 * Sandbox routes of the performance goals API: the list hides closed goals unless `filter=status-all` and stops
 * at 50; the v1.2 aggregate shows one status filter, uncapped; the v1.1 PUT replaces the whole goal; a goal's
 * `sharedWithEmployeeIds` must include its owner; a completion date only at 100%.
 */
import type { SbGoal, Tenant } from './tenant.js';
import { goalStatusOf } from './tenant.js';
import { isIsoDate, jsonBody, requireJsonAccept, SbError, sendJson, type Exchange } from './wire.js';

const GOAL_LIST_CAP = 50;

const wire = (g: SbGoal) => ({
  id: String(g.id),
  title: g.title,
  description: g.description,
  percentComplete: g.percentComplete,
  alignsWithOptionId: g.alignsWithOptionId,
  sharedWithEmployeeIds: g.sharedWithEmployeeIds,
  dueDate: g.dueDate,
  completionDate: g.completionDate,
  lastChangedDateTime: g.lastChangedDateTime,
  status: g.status,
});

const ownerGoals = (t: Tenant, employeeId: string): SbGoal[] => {
  if (!t.employees.has(employeeId))
    throw new SbError(403, 'The API user does not have permission to view goals for this employee.');
  return t.goals.get(employeeId) ?? [];
};

const goalOf = (t: Tenant, employeeId: string, goalId: string): SbGoal => {
  const g = ownerGoals(t, employeeId).find((x) => String(x.id) === goalId);
  if (g === undefined) throw new SbError(404, 'The goal specified by the given goalId was not found.');
  return g;
};

const STATUS_BY_FILTER: Record<string, SbGoal['status']> = {
  'status-inProgress': 'in_progress',
  'status-completed': 'completed',
  'status-closed': 'closed',
};

// https://documentation.bamboohr.com/reference/list-goals
export const listGoals = (t: Tenant, x: Exchange, employeeId: string): void => {
  requireJsonAccept(x);
  const filter = x.query.get('filter') ?? '';
  const wanted = STATUS_BY_FILTER[filter];
  // Unknown or missing filter: everything except closed goals.
  const goals = ownerGoals(t, employeeId).filter((g) =>
    filter === 'status-all' ? true : wanted !== undefined ? g.status === wanted : g.status !== 'closed',
  );
  sendJson(x, 200, { goals: goals.slice(0, GOAL_LIST_CAP).map(wire) });
};

// https://documentation.bamboohr.com/reference/get-goals-aggregate-v12
export const goalsAggregate = (t: Tenant, x: Exchange, employeeId: string): void => {
  requireJsonAccept(x);
  const all = ownerGoals(t, employeeId);
  const asked = x.query.get('filter') ?? '';
  // Omitted or invalid: the first available filter.
  const selected = asked in STATUS_BY_FILTER ? asked : 'status-inProgress';
  const names: Record<string, string> = {
    'status-inProgress': 'In Progress',
    'status-completed': 'Completed',
    'status-closed': 'Closed',
  };
  const filters = Object.entries(STATUS_BY_FILTER).map(([id, status]) => ({
    id,
    name: names[id],
    count: all.filter((g) => g.status === status).length,
  }));
  const goals = all.filter((g) => g.status === STATUS_BY_FILTER[selected]);
  sendJson(x, 200, {
    canAlign: false,
    canCreateGoals: true,
    filters: { filters },
    selectedFilter: selected,
    goals: goals.map(wire),
    persons: [],
    comments: [],
  });
};

// https://documentation.bamboohr.com/reference/get-goal-creation-permission
export const canCreateGoals = (t: Tenant, x: Exchange, employeeId: string): void => {
  requireJsonAccept(x);
  if (!/^\d+$/.test(employeeId)) throw new SbError(400, 'The provided employeeId is invalid.');
  ownerGoals(t, employeeId);
  sendJson(x, 200, { canCreateGoals: true });
};

interface GoalFields {
  title: string;
  description: string | null;
  dueDate: string;
  percentComplete: number;
  completionDate: string | null;
  sharedWithEmployeeIds: number[];
  alignsWithOptionId: string | null;
}

/** Validates a create or full-replace body; omitted optional fields take their defaults (that is the replace). */
const goalFields = (x: Exchange, employeeId: string): GoalFields => {
  const b = jsonBody(x);
  if (typeof b.title !== 'string' || b.title.trim() === '') throw new SbError(400, 'title is required');
  if (!isIsoDate(b.dueDate)) throw new SbError(400, 'dueDate must be a date in YYYY-MM-DD format');
  const shared = b.sharedWithEmployeeIds;
  if (!Array.isArray(shared) || !shared.every((v): v is number => typeof v === 'number' && Number.isInteger(v)))
    throw new SbError(400, 'sharedWithEmployeeIds must be an array of employee ids');
  if (!shared.includes(Number(employeeId))) throw new SbError(400, 'sharedWithEmployeeIds must include the goal owner');
  const percent = b.percentComplete ?? 0;
  if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100)
    throw new SbError(400, 'percentComplete must be an integer from 0 to 100');
  const completion = b.completionDate ?? null;
  if (completion !== null && !isIsoDate(completion))
    throw new SbError(400, 'completionDate must be a date in YYYY-MM-DD format');
  if (completion !== null && percent !== 100)
    throw new SbError(400, 'completionDate is only valid when percentComplete is 100');
  const aligns = b.alignsWithOptionId ?? null;
  if (b.description !== undefined && b.description !== null && typeof b.description !== 'string')
    throw new SbError(400, 'description must be a string');
  return {
    title: b.title,
    description: typeof b.description === 'string' ? b.description : null,
    dueDate: b.dueDate,
    percentComplete: percent,
    completionDate: completion === null ? null : `${completion}T00:00:00Z`,
    sharedWithEmployeeIds: shared,
    alignsWithOptionId: aligns === null ? null : String(aligns),
  };
};

// https://documentation.bamboohr.com/reference/create-goal
export const createGoal = (t: Tenant, x: Exchange, employeeId: string, markWrite: () => void): void => {
  requireJsonAccept(x);
  ownerGoals(t, employeeId);
  const f = goalFields(x, employeeId);
  markWrite();
  const goal: SbGoal = {
    id: t.nextGoalId++,
    employeeId,
    ...f,
    lastChangedDateTime: t.now,
    status: goalStatusOf(f.percentComplete, false),
  };
  t.goals.set(employeeId, [...(t.goals.get(employeeId) ?? []), goal]);
  sendJson(x, 201, { goal: wire(goal) });
};

// https://documentation.bamboohr.com/reference/update-goal-v11
export const updateGoal = (t: Tenant, x: Exchange, employeeId: string, goalId: string, markWrite: () => void): void => {
  requireJsonAccept(x);
  const goal = goalOf(t, employeeId, goalId);
  if (goal.status === 'closed') throw new SbError(403, 'Goal is not editable.');
  const f = goalFields(x, employeeId);
  markWrite();
  // A full replace: what the body left out is reset (description "", percent 0, alignment null).
  Object.assign(goal, {
    ...f,
    description: f.description ?? '',
    lastChangedDateTime: t.now,
    status: goalStatusOf(f.percentComplete, false),
  });
  sendJson(x, 200, { goal: wire(goal) });
};

// https://documentation.bamboohr.com/reference/delete-goal
export const deleteGoal = (t: Tenant, x: Exchange, employeeId: string, goalId: string, markWrite: () => void): void => {
  const goal = goalOf(t, employeeId, goalId);
  markWrite();
  t.goals.set(
    employeeId,
    ownerGoals(t, employeeId).filter((g) => g !== goal),
  );
  x.res.writeHead(204, { 'x-request-id': x.requestId });
  x.res.end();
};

// https://documentation.bamboohr.com/reference/reopen-goal and close-goal
export const setGoalClosed = (
  t: Tenant,
  x: Exchange,
  employeeId: string,
  goalId: string,
  closed: boolean,
  markWrite: () => void,
): void => {
  requireJsonAccept(x);
  const goal = goalOf(t, employeeId, goalId);
  markWrite();
  goal.status = closed ? 'closed' : 'in_progress';
  goal.lastChangedDateTime = t.now;
  sendJson(x, 201, { goal: wire(goal) });
};
