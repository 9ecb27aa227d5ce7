/**
 * What this session's latest read saw of each employee: the candidate goals and the exception-table rows. A create
 * uses it instead of its own look-up (DESIGN §2: creates are looked up): an apply reads the tenant first, a saved
 * plan included (it is re-read to check that it is not stale), so for an employee that read covered, the read IS the
 * look-up. Each entry serves one write only: the first write to an employee's goals (or notes) takes it, so a later
 * create for them, after a write whose answer was lost for instance, looks up again. A new read starts afresh, so an
 * entry is never older than the run's own read; what a concurrent run writes after it is caught by the read-back
 * every create makes (apply.ts). (BambooHR reads no deltas; a delta read, if one is added, must reset this too, or
 * it would keep entries from a read before it.)
 */
import type { WireGoal, WireTableRow } from './wire-schemas.js';

export interface SeenByRead {
  /** A read begins: nothing from an earlier read is kept. */
  reset: () => void;
  sawGoals: (employeeId: string, candidates: readonly WireGoal[]) => void;
  sawNotes: (employeeId: string, rows: readonly WireTableRow[]) => void;
  /** The candidate goals the read saw, once; undefined when the read did not cover the employee or it was taken. */
  takeGoals: (employeeId: string) => readonly WireGoal[] | undefined;
  takeNotes: (employeeId: string) => readonly WireTableRow[] | undefined;
}

export const createSeenByRead = (): SeenByRead => {
  const goals = new Map<string, readonly WireGoal[]>();
  const notes = new Map<string, readonly WireTableRow[]>();
  const take = <T>(from: Map<string, T>, id: string): T | undefined => {
    const got = from.get(id);
    from.delete(id);
    return got;
  };
  return {
    reset: () => {
      goals.clear();
      notes.clear();
    },
    sawGoals: (id, candidates) => void goals.set(id, candidates),
    sawNotes: (id, rows) => void notes.set(id, rows),
    takeGoals: (id) => take(goals, id),
    takeNotes: (id) => take(notes, id),
  };
};
