import { z } from 'zod';
import type { AuditRecord } from '../../schemas/index.js';
import { appendAudit, auditWriteColumns } from './audit-log.js';
import type { Db } from './store.js';

/** Open intents: audit records of writes begun whose outcome a killed run never recorded, and their reconciling. */

/** An intent whose outcome was never recorded, from a run that is over (its process gone). */
export interface OpenIntent {
  seq: number;
  runId: string;
  connector: string;
  employeeId: string;
  changeKey: string;
  kind: string;
  action: string;
  before: string | null;
  after: string | null;
}
const openIntentRow = auditWriteColumns.extend({ run_id: z.string() });

/** Intents without an outcome from runs that are over: a killed writer's writes, to reconcile from a fresh read. */
export const openIntents = (db: Db): OpenIntent[] =>
  db
    .prepare(
      `SELECT i.seq, i.run_id, i.connector, i.employee_id, i.change_key, i.kind, i.action, i.before, i.after
       FROM audit i
       LEFT JOIN runs r ON r.id = i.run_id
       WHERE i.phase = 'intent' AND (r.status IS NULL OR r.status <> 'running')
         AND NOT EXISTS (SELECT 1 FROM audit o WHERE o.intent_seq = i.seq)
       ORDER BY i.seq`,
    )
    .all()
    .map((raw) => {
      const r = openIntentRow.parse(raw);
      return {
        seq: r.seq,
        runId: r.run_id,
        connector: r.connector,
        employeeId: r.employee_id,
        changeKey: r.change_key,
        kind: r.kind,
        action: r.action,
        before: r.before,
        after: r.after,
      };
    });

/** Records outcomes for open intents, skipping any that gained one meanwhile (two readers reconciling at once). */
export const reconcileIntents = (db: Db, outcomes: readonly { intent: OpenIntent; record: AuditRecord }[]): number => {
  const has = db.prepare('SELECT 1 FROM audit WHERE intent_seq = ?');
  const run = db.transaction((): number => {
    const fresh = outcomes.filter((o) => has.get(o.intent.seq) === undefined);
    appendAudit(
      db,
      fresh.map((o) => ({ ...o.record, phase: 'outcome', intentSeq: o.intent.seq })),
    );
    return fresh.length;
  });
  return run.immediate();
};
