import { z } from 'zod';
import { sha256, stableStringify } from '../core/hash.js';
import { triggerProblems, type TriggerDefinitions } from './catalog.js';
import type { Db } from './store.js';

/** The columns a record's hash covers, in the order the table holds them (`hash` itself excluded). */
export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'run_id',
  'actor',
  'connector',
  'employee_id',
  'change_key',
  'kind',
  'action',
  'before',
  'after',
  'outcome',
  'error_code',
  'error_message',
  'request_id',
  'phase',
  'intent_seq',
  'prev_hash',
] as const;

export const GENESIS = '0'.repeat(64);

const cell = z.union([z.string(), z.number(), z.null()]);
export const auditRow = z.object({ hash: z.string().nullable() }).catchall(cell);
export type AuditRow = z.infer<typeof auditRow>;

/** The hash of a record: SHA-256 over the canonical JSON (keys sorted) of its columns, the previous hash included. */
export const recordHash = (row: Readonly<Record<string, unknown>>): string =>
  sha256(stableStringify(Object.fromEntries(AUDIT_COLUMNS.map((c) => [c, row[c] ?? null]))));

/** The triggers that keep the log append-only and its head current, as the migrations created them. */
const AUDIT_TRIGGERS = [
  'audit_no_update',
  'audit_no_delete',
  'audit_head_advance',
  'audit_head_forward',
  'audit_head_no_delete',
] as const;

interface AuditProblem {
  seq: number;
  message: string;
}

export interface AuditVerification {
  records: number;
  /** Records from before the chain existed (no hash), at the start of the log. */
  unchained: number;
  head: { seq: number; hash: string } | null;
  /** The first broken or missing record, or null when the log is whole. */
  problem: AuditProblem | null;
  /** Append-only triggers that are gone or altered. */
  missingTriggers: string[];
  /** Intents without an outcome (a write in flight, or a killed run not yet reconciled). */
  openIntents: number;
}

const headRow = z.object({ seq: z.number(), hash: z.string() });

export const readHead = (db: Db): { seq: number; hash: string } | null => {
  const raw = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get();
  return raw === undefined ? null : headRow.parse(raw);
};

/** The names of the audit triggers that are missing or whose SQL is not what the migrations wrote. */
export const missingTriggers = (db: Db, expected: TriggerDefinitions): string[] =>
  triggerProblems(db, AUDIT_TRIGGERS, expected);

/** Intents without an outcome record naming them. */
export const countOpenIntents = (db: Db): number =>
  z.object({ n: z.number() }).parse(
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM audit i
         WHERE i.phase = 'intent' AND NOT EXISTS (SELECT 1 FROM audit o WHERE o.intent_seq = i.seq)`,
      )
      .get(),
  ).n;

/**
 * Walks the whole log in order and names the first record that is missing (a gap in `seq`, or the end short of the
 * head), altered (its hash does not match its content) or out of chain (its `prev_hash` is not the hash before it).
 */
export const verifyChain = (db: Db, expectedTriggers: TriggerDefinitions): AuditVerification => {
  const head = readHead(db);
  let records = 0;
  let unchained = 0;
  let problem: AuditProblem | null = null;
  let prev: { seq: number; hash: string | null } | null = null;
  for (const raw of db.prepare('SELECT * FROM audit ORDER BY seq').iterate()) {
    const row = auditRow.parse(raw);
    const seq = Number(row.seq);
    records++;
    if (problem) continue;
    if (prev && seq !== prev.seq + 1)
      problem = {
        seq: prev.seq + 1,
        message: `record ${prev.seq + 1} is missing (the log jumps from ${prev.seq} to ${seq})`,
      };
    else if (row.hash === null) {
      if (prev?.hash) problem = { seq, message: `record ${seq} has no hash, after chained records` };
      else unchained++;
    } else if (row.prev_hash !== (prev?.hash ?? GENESIS))
      problem = {
        seq,
        message: `record ${seq} does not follow record ${prev?.seq ?? 'none'}: its previous-record hash differs`,
      };
    else if (recordHash(row) !== row.hash)
      problem = { seq, message: `record ${seq} was altered: its content does not match its hash` };
    prev = { seq, hash: row.hash };
  }
  if (!problem && head && head.seq > 0) {
    const first = (prev?.seq ?? 0) + 1;
    if (!prev || prev.seq < head.seq)
      problem = {
        seq: first,
        message: `records ${first} to ${head.seq} are missing (the log ends before its last record)`,
      };
    else if (prev.seq === head.seq && prev.hash !== head.hash)
      problem = { seq: head.seq, message: `record ${head.seq} is not the record the log ended with` };
  }
  const triggers = missingTriggers(db, expectedTriggers);
  return { records, unchained, head, problem, missingTriggers: triggers, openIntents: countOpenIntents(db) };
};
