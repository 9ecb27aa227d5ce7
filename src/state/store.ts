import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StateError } from '../errors.js';
import { coreMigrations, type Migration } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens (creating when needed) the SQLite state store and applies pending migrations. Extra migration lists
 * (the evidence store's) are applied after the core ones.
 */
export const openDatabase = (path: string, extra: readonly Migration[] = []): Db => {
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (e) {
    throw new StateError(`cannot open the state store: ${e instanceof Error ? e.message : String(e)}`, { where: path, cause: e });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db
      .prepare('SELECT id FROM migrations')
      .all()
      .map((r) => (typeof r === 'object' && r !== null && 'id' in r ? String(r.id) : '')),
  );
  const record = db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)');
  for (const m of [...coreMigrations, ...extra]) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, new Date().toISOString());
    })();
  }
  return db;
};
