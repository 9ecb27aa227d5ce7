import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StateError, systemCodeOf } from '../errors.js';
import { coreMigrations, type Migration } from './migrations.js';

export type Db = Database.Database;

/** How long a process waits for another one holding the store (a migration, a write) before giving up. */
const BUSY_MS = 5000;

/**
 * Applies the migrations not yet recorded, each in an IMMEDIATE transaction that checks the record again once
 * it holds the write lock: two processes opening a new store at once both wait their turn, and the second finds
 * the first's work done instead of creating a table twice.
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
      db.exec(m.sql);
      record.run(m.id, new Date().toISOString());
    }).immediate();
  }
};

/**
 * Opens (creating when needed) the SQLite state store and applies pending migrations. Extra migration lists
 * (the evidence store's) are applied after the core ones. Another process holding the store longer than
 * BUSY_MS is FF_STATE naming the file; a file that is not a database keeps its SQLite code in the cause.
 */
export const openDatabase = (path: string, extra: readonly Migration[] = []): Db => {
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (e) {
    throw new StateError(`cannot open the state store: ${e instanceof Error ? e.message : String(e)}`, { where: path, cause: e });
  }
  try {
    // The wait first: switching a new file to WAL takes a lock another process opening it may hold.
    db.pragma(`busy_timeout = ${BUSY_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    applyMigrations(db, [...coreMigrations, ...extra]);
  } catch (e) {
    db.close();
    const code = systemCodeOf(e);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      throw new StateError(`the state store ${path} stayed locked by another process for ${BUSY_MS / 1000} s while opening it`, {
        where: path,
        cause: e,
        hint: 'Another fluencyflow command is using this state store; run again when it has finished.',
      });
    if (code?.startsWith('SQLITE_'))
      throw new StateError(`cannot open the state store ${path}: ${e instanceof Error ? e.message : String(e)} (${code})`, { where: path, cause: e });
    throw e;
  }
  return db;
};
