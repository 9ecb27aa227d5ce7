import { dialectTerms, type DialectTerms } from './dialect-sql.js';
import type { Dialect } from './sql-db.js';

/**
 * Schema migrations of the state store, applied in order, each once (recorded in `migrations`).
 * Append new ones; never edit an applied one. `sql` is one text for both databases: portable SQL, or a function of
 * the dialect's terms (`dialect-sql.ts`: types, keys and the trigger blocks that truly differ).
 */
export interface Migration {
  id: string;
  sql: string | ((d: DialectTerms) => string);
}

/** The migration's SQL as the given database runs it. */
export const migrationSql = (m: Migration, dialect: Dialect): string =>
  typeof m.sql === 'string' ? m.sql : m.sql(dialectTerms[dialect]);

export const coreMigrations: Migration[] = [
  {
    id: '001-runs-audit-checkpoints',
    sql: (d) => `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        actor TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,            -- running | done | partial | failed | interrupted
        as_of TEXT,
        plan_fingerprint TEXT,
        summary TEXT${d.rowOrder}                     -- JSON
      );
      CREATE TABLE audit (
        seq ${d.auditSeq},
        at TEXT NOT NULL,
        run_id TEXT NOT NULL,
        actor TEXT NOT NULL,
        connector TEXT NOT NULL,
        employee_id TEXT NOT NULL,
        change_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        action TEXT NOT NULL,
        before TEXT,
        after TEXT,
        outcome TEXT NOT NULL,
        error_code TEXT,
        error_message TEXT,
        request_id TEXT
      );
      CREATE INDEX audit_run ON audit(run_id);
      CREATE INDEX audit_employee ON audit(connector, employee_id);
      ${d.auditGuards}
      CREATE TABLE checkpoints (
        run_id TEXT NOT NULL,
        change_key TEXT NOT NULL,
        outcome TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (run_id, change_key)
      );
    `,
  },
  {
    id: '002-level-snapshots',
    sql: `
      CREATE TABLE level_snapshots (
        quarter TEXT NOT NULL,
        connector TEXT NOT NULL,
        employee_id TEXT NOT NULL,
        department TEXT,
        job_family TEXT,
        grade TEXT,
        level_held TEXT,
        level_expected TEXT,
        status TEXT,
        has_goal INTEGER NOT NULL,
        synthetic INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (quarter, connector, employee_id)
      );
    `,
  },
  {
    id: '003-writer-lock',
    sql: `
      -- One writer per state store: the holder's identity, and a heartbeat other hosts can judge it by.
      CREATE TABLE locks (
        name TEXT PRIMARY KEY,
        token TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        started_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL,
        run_id TEXT
      );
      -- Which process runs a run: a running run is interrupted only once that process is gone.
      ALTER TABLE runs ADD COLUMN pid INTEGER;
      ALTER TABLE runs ADD COLUMN host TEXT;
    `,
  },
  {
    id: '004-audit-chain',
    sql: (d) => `
      -- Each record is an intent (before the write) or an outcome (after it, naming its intent), and carries the hash
      -- of the record before it over its canonical JSON. Rows from before this migration keep no hash.
      ALTER TABLE audit ADD COLUMN phase TEXT NOT NULL DEFAULT 'outcome';
      ALTER TABLE audit ADD COLUMN intent_seq INTEGER;
      ALTER TABLE audit ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit ADD COLUMN hash TEXT;
      CREATE INDEX audit_intent ON audit(intent_seq);
      -- The last chained record: a record deleted from the end of the log shows as missing.
      CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
      INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
      ${d.auditHeadGuards}
    `,
  },
  {
    // Apply checkpoints (each change key's outcome per run) were written and never read: the audit's intent and
    // outcome records say the same and are what reconciliation reads.
    id: '005-drop-checkpoints',
    sql: 'DROP TABLE checkpoints;',
  },
];
