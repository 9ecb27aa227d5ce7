/**
 * Writing a batch: the drop folder is read again first (cheap: local files), so a change whose key is already in a
 * pending outbox file (a run killed after the file landed) is a `noop`, a goal another run created since the plan
 * is adopted by its id, and a note already held is a `noop`. The rest becomes one outbox file.
 */
import type { ChangeOutcome, ReadOptions } from '../../src/connector.js';
import { referenceIdFor, type Change } from '../../schemas/index.js';
import { emptyHeld, replay, rowForChange, toCurrentState } from './mapping.js';
import { writeBatch } from './outbox.js';
import { readDrop, type DropContext } from './read.js';
import type { OutboxRow } from './wire-schemas.js';

/** The change as the HRIS holds things now: a goal create turns into an update of a goal there since. */
const againstNow = (change: Change, current: ReturnType<typeof toCurrentState>): Change | null => {
  if (change.kind === 'goal' && change.before === null) {
    const [there] = current.goals;
    return there === undefined ? change : { ...change, before: there };
  }
  if (change.kind === 'exception-note' && change.action === 'create') {
    const same = (n: { promotionDate: string; toGrade: string }) =>
      n.promotionDate === change.after.promotionDate &&
      n.toGrade.trim().toLowerCase() === change.after.toGrade.trim().toLowerCase();
    return current.exceptionNotes.some(same) ? null : change;
  }
  return change;
};

export const applyChanges = async (
  ctx: DropContext,
  changes: Change[],
  options: ReadOptions,
): Promise<ChangeOutcome[]> => {
  const state = await readDrop(ctx, options.asOf);
  const done = new Map<string, ChangeOutcome>();
  const rows: OutboxRow[] = [];
  for (const change of changes) {
    if (change.action === 'noop' || state.pending.has(change.key)) {
      done.set(change.key, { key: change.key, outcome: 'noop' });
      continue;
    }
    const held = state.held.get(change.employeeId) ?? emptyHeld();
    state.held.set(change.employeeId, held);
    const now = againstNow(change, toCurrentState(held, ctx.config.values, options.goal, change.employeeId));
    if (now === null) {
      done.set(change.key, { key: change.key, outcome: 'noop' });
      continue;
    }
    const row = rowForChange(now, ctx.config.values, options.goal);
    // Later changes of the batch see this one (two changes of one employee in a batch).
    replay(held, row);
    rows.push(row);
  }
  for (const outcome of await writeBatch(ctx, rows)) {
    const goal = rows.find((r) => r.change_id === outcome.key && r.record === 'goal');
    const ref = goal?.employee_id === undefined ? undefined : referenceIdFor(options.goal, goal.employee_id);
    done.set(outcome.key, {
      ...outcome,
      ...(outcome.hrisId === undefined && ref !== undefined ? { hrisId: ref } : {}),
    });
  }
  return changes.map((c) => done.get(c.key) ?? { key: c.key, outcome: 'noop' });
};
