/**
 * Undoing earlier writes: one outbox file of delete and restore rows. A goal or note no longer held (deleted
 * already, or never imported) is a `noop`; a flag is always set back (to its old value, or cleared).
 */
import type { ChangeOutcome, ReadOptions } from '../../src/connector.js';
import type { RevertChange } from '../../schemas/index.js';
import { emptyHeld, replay, rowForRevert, type Held } from './mapping.js';
import { writeBatch } from './outbox.js';
import { readDrop, type DropContext } from './read.js';
import type { OutboxRow } from './wire-schemas.js';

const stillHeld = (held: Held, change: RevertChange): boolean => {
  if (change.kind === 'goal') {
    const ref = change.before.referenceId ?? '';
    return held.goals.some((g) => g.id === change.before.id || (ref !== '' && g.ref === ref));
  }
  if (change.kind === 'exception-note') {
    const n = change.before;
    const grade = n.toGrade.trim().toLowerCase();
    return held.notes.some((h) => h.promotionDate === n.promotionDate && h.toGrade.trim().toLowerCase() === grade);
  }
  return true;
};

export const revertChanges = async (
  ctx: DropContext,
  changes: RevertChange[],
  options: ReadOptions,
): Promise<ChangeOutcome[]> => {
  const state = await readDrop(ctx, options.asOf);
  const rows: OutboxRow[] = [];
  const done = new Map<string, ChangeOutcome>();
  for (const change of changes) {
    const held = state.held.get(change.employeeId) ?? emptyHeld();
    state.held.set(change.employeeId, held);
    if (state.pending.has(change.key) || !stillHeld(held, change)) {
      done.set(change.key, { key: change.key, outcome: 'noop' });
      continue;
    }
    const row = rowForRevert(change, ctx.config.values);
    replay(held, row);
    rows.push(row);
  }
  for (const outcome of await writeBatch(ctx, rows)) done.set(outcome.key, outcome);
  return changes.map((c) => done.get(c.key) ?? { key: c.key, outcome: 'noop' });
};
