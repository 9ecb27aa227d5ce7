import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StateError, systemCodeOf } from '../errors.js';
import { coreMigrations, migrationSql, type Migration } from './migrations.js';
import { PgDb, type PgTarget } from './pg-db.js';
import type { SqlDb } from './sql-db.js';

export type Db = SqlDb;

/** A SQLite file (the default), or a PostgreSQL server (`state: postgres://...`, its password from a secret). */
export type StoreTarget = string | PgTarget;

/** How long a process waits for another one holding the store (a migration, a write) before giving up. */
const BUSY_MS = 5000;

const MIGRATIONS_TABLE = 'CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)';

/**
 * Applies the migrations not yet recorded, each in an immediate transaction that checks the record again once
 * it holds the write lock: two processes opening a new store at once both wait their turn, and the second finds
 * the first's work done instead of creating a table twice. Each migration runs in the store's own dialect.
 */
export const applyMigrations = (db: Db, list: readonly Migration[]): void => {
  const isApplied = db.prepare('SELECT 1 FROM migrations WHERE id = ?');
  const record = db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)');
  const applied = new Set(
    db
      .prepare('SELECT id FROM migrations')
      .all()
      .map((r) => (typeof r === 'object' && r !== null && 'id' in r ? String(r.id) : '')),
  );
  for (const m of list) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      if (isApplied.get(m.id) !== undefined) return;
      db.exec(migrationSql(m, db.dialect));
      record.run(m.id, new Date().toISOString());
    }).immediate();
  }
};

const openSqlite = (path: string): Db => {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return Object.assign(new Database(path), { dialect: 'sqlite' as const });
  } catch (e) {
    throw new StateError(`cannot open the state store: ${e instanceof Error ? e.message : String(e)}`, {
      where: path,
      cause: e,
    });
  }
};

/** PostgreSQL's failures while opening, named: the server unreachable, the login refused, the database missing. */
const pgOpenError = (db: Db, e: unknown): StateError | null => {
  const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
  const why =
    code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT'
      ? `no PostgreSQL server answers there (${code})`
      : code === '28P01' || code === '28000'
        ? 'PostgreSQL refused the login (check the user and `statePassword`)'
        : code === '3D000'
          ? 'the database does not exist (create it first: docs/postgres.md)'
          : null;
  if (why === null) return null;
  return new StateError(`cannot open the state store ${db.name}: ${why}`, { where: 'state', cause: e });
};

/**
 * Opens (creating when needed) the state store and applies pending migrations: SQLite for a path, PostgreSQL for a
 * `postgres://` target. Extra migration lists (the evidence store's) are applied after the core ones. Another
 * process holding a SQLite store longer than BUSY_MS is FF_STATE naming the file; a file that is not a database
 * keeps its SQLite code in the cause.
 */
export const openDatabase = (target: StoreTarget, extra: readonly Migration[] = []): Db => {
  const db = typeof target === 'string' ? openSqlite(target) : new PgDb(target);
  const path = db.name;
  try {
    if (db.dialect === 'sqlite') {
      // The wait first: switching a new file to WAL takes a lock another process opening it may hold.
      db.exec(`PRAGMA busy_timeout = ${BUSY_MS}`);
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      db.exec(MIGRATIONS_TABLE);
    } else db.transaction(() => db.exec(MIGRATIONS_TABLE)).immediate();
    applyMigrations(db, [...coreMigrations, ...extra]);
  } catch (e) {
    db.close();
    const code = systemCodeOf(e);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      throw new StateError(
        `the state store ${path} stayed locked by another process for ${BUSY_MS / 1000} s while opening it`,
        {
          where: path,
          cause: e,
          hint: 'Another fluencyflow command is using this state store; run again when it has finished.',
        },
      );
    if (code?.startsWith('SQLITE_'))
      throw new StateError(
        `cannot open the state store ${path}: ${e instanceof Error ? e.message : String(e)} (${code})`,
        { where: path, cause: e },
      );
    throw (db.dialect === 'postgres' ? pgOpenError(db, e) : null) ?? e;
  }
  return db;
};
