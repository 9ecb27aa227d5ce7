/**
 * Reading one employee's goals completely. The v1 list hides closed goals unless `filter=status-all` and
 * stops at 50; when it comes back full, the v1.2 aggregate is read once per status filter (it has no cap).
 */
import type { BambooClient } from './client.js';
import type { WireGoal } from './wire-schemas.js';

const GOAL_LIST_CAP = 50;
const STATUS_FILTERS = ['status-inProgress', 'status-completed', 'status-closed'] as const;

export const readAllGoals = async (client: BambooClient, employeeId: string): Promise<WireGoal[]> => {
  const listed = await client.listGoals(employeeId);
  if (listed.length < GOAL_LIST_CAP) return listed;
  const byId = new Map<string, WireGoal>();
  const first = await client.goalsAggregate(employeeId, STATUS_FILTERS[0]);
  for (const g of first.goals) byId.set(g.id, g);
  const announced = first.filters?.filters ?? [];
  const rest = STATUS_FILTERS.slice(1).filter((id) => {
    const f = announced.find((x) => x.id === id);
    // Skip a filter only when the aggregate says it is empty.
    return f === undefined || f.count === undefined || f.count > 0;
  });
  for (const filter of rest) {
    const page = await client.goalsAggregate(employeeId, filter);
    for (const g of page.goals) byId.set(g.id, g);
  }
  for (const g of listed) if (!byId.has(g.id)) byId.set(g.id, g);
  return [...byId.values()];
};
