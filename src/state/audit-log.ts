import { z } from 'zod';
import type { AuditRecord } from '../../schemas/index.js';
import { AuditBrokenError } from '../errors.js';
import {
  AUDIT_COLUMNS,
  GENESIS,
  auditRow,
  missingTriggers,
  readHead,
  recordHash,
  verifyChain,
  type AuditRow,
  type AuditVerification,
} from './audit-chain.js';
import { columnsOf, triggerDefinitions } from './catalog.js';
import { coreMigrations } from './migrations.js';
import type { SqlStatement } from './sql-db.js';
import type { Db } from './store.js';

/** The audit log's reads and writes: appending to the hash chain, checking it before a write, reading it back. */

/** The audit triggers as the migrations wrote them, in either dialect. */
const expectedTriggers = triggerDefinitions(coreMigrations);

/** Any failure of the audit log, as AuditBrokenError naming the store. */
export const auditBroken = (e: unknown, where: string): AuditBrokenError =>
  e instanceof AuditBrokenError
    ? e
    : new AuditBrokenError(`the audit log cannot be used: ${e instanceof Error ? e.message : String(e)}`, {
        where,
        cause: e,
      });

/** The columns of an audit row that say which write it is (read back by revert and by reconciling). */
export const auditWriteColumns = z.object({
  seq: z.number(),
  connector: z.string(),
  employee_id: z.string(),
  change_key: z.string(),
  kind: z.string(),
  action: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

const lastRow = z.object({ seq: z.number(), hash: z.string().nullable() });

const INSERT_SQL = `INSERT INTO audit (${AUDIT_COLUMNS.join(', ')}, hash)
     VALUES (${AUDIT_COLUMNS.map((c) => `@${c}`).join(', ')}, @hash)`;

/**
 * The append's two statements, prepared once per open store: an apply appends twice per write (intent, outcome), and
 * preparing them each time cost more than the insert itself.
 */
const appendStatements = new WeakMap<Db, { insert: SqlStatement; last: SqlStatement }>();

const statementsFor = (db: Db): { insert: SqlStatement; last: SqlStatement } => {
  let s = appendStatements.get(db);
  if (!s) {
    s = {
      insert: db.prepare(INSERT_SQL),
      last: db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
    };
    appendStatements.set(db, s);
  }
  return s;
};

const appendChained = (db: Db, records: readonly AuditRecord[]): number[] => {
  const { insert, last: lastStatement } = statementsFor(db);
  const append = db.transaction((): number[] => {
    const lastRaw = lastStatement.get();
    const last = lastRaw === undefined ? null : lastRow.parse(lastRaw);
    let seq = last?.seq ?? 0;
    let prev = last?.hash ?? GENESIS;
    const out: number[] = [];
    for (const r of records) {
      seq++;
      const row = {
        seq,
        at: r.at,
        run_id: r.runId,
        actor: r.actor,
        connector: r.connector,
        employee_id: r.employeeId,
        change_key: r.changeKey,
        kind: r.kind,
        action: r.action,
        before: JSON.stringify(r.before ?? null),
        after: JSON.stringify(r.after ?? null),
        outcome: r.outcome,
        error_code: r.errorCode,
        error_message: r.errorMessage,
        request_id: r.requestId,
        phase: r.phase ?? 'outcome',
        intent_seq: r.intentSeq ?? null,
        prev_hash: prev,
      };
      prev = recordHash(row);
      insert.run({ ...row, hash: prev });
      out.push(seq);
    }
    return out;
  });
  return append.immediate();
};

/**
 * Appends records in one immediate transaction, each carrying the hash of the one before it over its canonical
 * JSON (`audit-chain.ts`); returns their sequence numbers in order.
 */
export const appendAudit = (db: Db, records: readonly AuditRecord[]): number[] => {
  try {
    return appendChained(db, records);
  } catch (e) {
    throw auditBroken(e, db.name);
  }
};

const checkIntact = (db: Db): void => {
  const where = db.name;
  const broken = (message: string) => new AuditBrokenError(`${message}; nothing was written`, { where });
  const columns = columnsOf(db, 'audit');
  const lacking = [...AUDIT_COLUMNS, 'hash'].filter((c) => !columns.has(c));
  if (columns.size === 0) throw broken('the audit table is missing from the state store');
  if (lacking.length > 0) throw broken(`the audit table lacks columns ${lacking.join(', ')}`);
  const triggers = missingTriggers(db, expectedTriggers);
  if (triggers.length > 0)
    throw broken(`the audit log is no longer append-only: trigger ${triggers.join(', ')} missing or altered`);
  const head = readHead(db);
  const lastRaw = db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT 1').get();
  const last = lastRaw === undefined ? null : auditRow.parse(lastRaw);
  const lastSeq = last === null ? 0 : Number(last.seq);
  if (head === null) throw broken("the audit log's head record is missing");
  if (last?.hash && recordHash(last) !== last.hash)
    throw broken(`audit record ${lastSeq} was altered: run \`fluencyflow audit verify\``);
  if (head.seq > lastSeq || (head.seq === lastSeq && head.seq > 0 && head.hash !== last?.hash))
    throw broken(`audit records after ${lastSeq} are missing (the log ended at ${head.seq})`);
};

/**
 * Stops a run before any write when the audit log could not record it faithfully: the table or its columns gone,
 * an append-only trigger dropped or altered, the last record not matching its hash or the log's head.
 */
export const assertAuditIntact = (db: Db): void => {
  try {
    checkIntact(db);
  } catch (e) {
    throw auditBroken(e, db.name);
  }
};

/** Walks the whole log: the first broken or missing record, open intents, missing triggers. */
export const verifyAudit = (db: Db): AuditVerification => {
  try {
    return verifyChain(db, expectedTriggers);
  } catch (e) {
    throw auditBroken(e, db.name);
  }
};

/** Every record in order, as stored, with the pid and host of the worker that ran its run (outside the hash). */
export function* auditRows(db: Db): Generator<AuditRow> {
  const sql = `SELECT a.*, r.pid AS worker_pid, r.host AS worker_host
               FROM audit a LEFT JOIN runs r ON r.id = a.run_id ORDER BY a.seq`;
  for (const raw of db.prepare(sql).iterate()) yield auditRow.parse(raw);
}

export const auditFor = (db: Db, filter: { runId?: string; employeeId?: string }): Record<string, unknown>[] => {
  const rows = filter.runId
    ? db.prepare('SELECT * FROM audit WHERE run_id = ? ORDER BY seq').all(filter.runId)
    : filter.employeeId
      ? db.prepare('SELECT * FROM audit WHERE employee_id = ? ORDER BY seq').all(filter.employeeId)
      : db.prepare('SELECT * FROM audit ORDER BY seq').all();
  return rows.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
};

export const countAuditOutcomes = (db: Db, runId: string): Record<string, number> => {
  const rows = db.prepare('SELECT outcome, COUNT(*) AS n FROM audit WHERE run_id = ? GROUP BY outcome').all(runId);
  const out: Record<string, number> = {};
  for (const raw of rows) {
    const r = z.object({ outcome: z.string(), n: z.number() }).parse(raw);
    out[r.outcome] = r.n;
  }
  return out;
};
