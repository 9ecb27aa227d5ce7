import { z } from 'zod';
import type { Db } from './store.js';

/** Apply checkpoints: each change key's outcome per run, kept for the record of a resumed apply. */

export const checkpoint = (db: Db, at: string, runId: string, changeKey: string, outcome: string): void => {
  db.prepare(
    `INSERT INTO checkpoints (run_id, change_key, outcome, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (run_id, change_key) DO UPDATE SET outcome = excluded.outcome, at = excluded.at`,
  ).run(runId, changeKey, outcome, at);
};

/** Change keys applied by earlier runs that did not finish, with their outcomes. */
export const checkpointsOfInterruptedRuns = (db: Db): Map<string, string> => {
  const rows = db
    .prepare(
      `SELECT c.change_key AS key, c.outcome AS outcome FROM checkpoints c JOIN runs r ON r.id = c.run_id
       WHERE r.status IN ('interrupted', 'running')`,
    )
    .all();
  const out = new Map<string, string>();
  for (const raw of rows) {
    const r = z.object({ key: z.string(), outcome: z.string() }).parse(raw);
    out.set(r.key, r.outcome);
  }
  return out;
};
