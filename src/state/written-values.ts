import { z } from 'zod';
import type { Written } from '../core/manual-changes.js';
import { revertKey } from '../core/revert.js';
import type { Db } from './store.js';

/** What fluencyflow wrote, per change key, and the connectors it wrote to. */
export interface WrittenValues {
  byKey: ReadonlyMap<string, Written>;
  connectors: ReadonlySet<string>;
}

const writtenRow = z.object({
  run_id: z.string(),
  change_key: z.string(),
  connector: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  phase: z.string(),
});

const parseJson = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/**
 * What fluencyflow wrote per change key, from the audit log: the `after` of the last applied (or found in place)
 * outcome, and the before and after of each intent since whose outcome a killed run never recorded (the HRIS may
 * hold either); and the connectors it has audited writes for. A lost store knows nothing: the engine then protects
 * values.
 */
export const writtenValues = (db: Db): WrittenValues => {
  const byKey = new Map<string, Written>();
  const connectors = new Set<string>();
  const rows = db
    .prepare(
      `SELECT i.run_id, i.change_key, i.connector, i.before, i.after, i.phase FROM audit i
       WHERE (i.phase = 'outcome' AND i.outcome IN ('applied', 'noop'))
          OR (i.phase = 'intent' AND NOT EXISTS (SELECT 1 FROM audit o WHERE o.intent_seq = i.seq))
       ORDER BY i.seq`,
    )
    .iterate();
  // A revert run writes under keys of its own (revertKey(run, key)); what it restores is the value of the key it
  // undoes, so its records count for that key: a reverted value is fluencyflow's, not a person's.
  const undoes = new Map<string, string>();
  for (const raw of rows) {
    const r = writtenRow.parse(raw);
    const key = undoes.get(r.change_key) ?? r.change_key;
    undoes.set(revertKey(r.run_id, r.change_key), key);
    const before = byKey.get(key);
    if (r.phase === 'intent') {
      const open = { before: parseJson(r.before), after: parseJson(r.after) };
      byKey.set(key, { last: before?.last ?? null, open: [...(before?.open ?? []), open] });
    } else {
      byKey.set(key, { last: { after: parseJson(r.after) }, open: [] });
    }
  }
  // Any record at all, even a failed write, says this store has worked with the connection: its history is not lost.
  for (const raw of db.prepare('SELECT DISTINCT connector FROM audit').all())
    connectors.add(z.object({ connector: z.string() }).parse(raw).connector);
  return { byKey, connectors };
};
