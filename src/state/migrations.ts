import type { Dialect } from './sql-db.js';

/**
 * Schema migrations of the state store, applied in order, each once (recorded in `migrations`).
 * Append new ones; never edit an applied one. `sql` is SQLite's text, and PostgreSQL's too unless `postgres` gives
 * its own (types, triggers and functions differ); write portable SQL where it can be.
 */
export interface Migration {
  id: string;
  sql: string;
  postgres?: string;
}

export const migrationSql = (m: Migration, dialect: Dialect): string =>
  dialect === 'postgres' ? (m.postgres ?? m.sql) : m.sql;

/** PostgreSQL: the function behind the append-only triggers. */
const PG_REFUSE = `
      CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;`;

export const coreMigrations: Migration[] = [
  {
    id: '001-runs-audit-checkpoints',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        actor TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,            -- running | done | partial | failed | interrupted
        as_of TEXT,
        plan_fingerprint TEXT,
        summary TEXT                     -- JSON
      );
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
      -- Append-only: the audit log is a record, never rewritten.
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TABLE checkpoints (
        run_id TEXT NOT NULL,
        change_key TEXT NOT NULL,
        outcome TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (run_id, change_key)
      );
    `,
    postgres: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        actor TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,
        as_of TEXT,
        plan_fingerprint TEXT,
        summary TEXT,
        rowid SERIAL                     -- SQLite's implicit insertion order, made explicit
      );
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
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
      -- Append-only: UPDATE, DELETE and TRUNCATE (which skips row triggers) are refused.${PG_REFUSE}
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION audit_refuse();
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_refuse();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
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
    sql: `
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
      CREATE TRIGGER audit_head_advance AFTER INSERT ON audit WHEN NEW.hash IS NOT NULL BEGIN UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END;
      CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.seq <= OLD.seq BEGIN SELECT RAISE(ABORT, 'audit head only moves forward'); END;
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    `,
    postgres: `
      ALTER TABLE audit ADD COLUMN phase TEXT NOT NULL DEFAULT 'outcome';
      ALTER TABLE audit ADD COLUMN intent_seq INTEGER;
      ALTER TABLE audit ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit ADD COLUMN hash TEXT;
      CREATE INDEX audit_intent ON audit(intent_seq);
      CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
      INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
      CREATE FUNCTION audit_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; RETURN NULL; END $$;
      CREATE TRIGGER audit_head_advance AFTER INSERT ON audit FOR EACH ROW WHEN (NEW.hash IS NOT NULL) EXECUTE FUNCTION audit_head_advance();
      CREATE FUNCTION audit_head_refuse_back() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit head only moves forward'; END $$;
      CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head FOR EACH ROW WHEN (NEW.seq <= OLD.seq) EXECUTE FUNCTION audit_head_refuse_back();
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head FOR EACH ROW EXECUTE FUNCTION audit_refuse();
      CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
    `,
  },
];
