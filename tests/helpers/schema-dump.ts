/**
 * A database's schema as plain, sorted data, to compare two stores: tables with their columns and constraints,
 * indexes, triggers (and on PostgreSQL the functions behind them and the sequences), and the migration ids applied.
 * Comments and runs of white space in stored SQL are dropped: they are not schema.
 */
import { z } from 'zod';
import type { SqlDb } from '../../src/state/sql-db.js';

const normalise = (sql: string | null): string | null =>
  sql === null
    ? null
    : sql
        .replace(/--[^\n]*/g, '')
        .replace(/\s+/g, ' ')
        .replace(/\( /g, '(')
        .replace(/ \)/g, ')')
        .trim();

const rows = (db: SqlDb, sql: string): Record<string, unknown>[] =>
  db
    .prepare(sql)
    .all()
    .map((r) => z.record(z.string(), z.unknown()).parse(r));

const names = (db: SqlDb, sql: string): string[] =>
  rows(db, sql).map((r) => z.object({ name: z.string() }).parse(r).name);

const migrationIds = (db: SqlDb): string[] => names(db, 'SELECT id AS name FROM migrations ORDER BY id');

const sqliteSchema = (db: SqlDb): Record<string, unknown> => {
  const entry = z.object({ type: z.string(), name: z.string(), tbl_name: z.string(), sql: z.string().nullable() });
  const master = rows(db, 'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').map((r) => {
    const m = entry.parse(r);
    return { ...m, sql: normalise(m.sql) };
  });
  const tables = master.filter((m) => m.type === 'table').map((m) => m.name);
  return {
    objects: master,
    columns: Object.fromEntries(
      tables.map((t) => [t, rows(db, `SELECT * FROM pragma_table_info('${t}') ORDER BY cid`)]),
    ),
    indexes: Object.fromEntries(
      tables.map((t) => [
        t,
        rows(db, `SELECT name, "unique", origin, partial FROM pragma_index_list('${t}') ORDER BY name`).map((i) => ({
          ...i,
          columns: names(db, `SELECT name FROM pragma_index_info('${String(i['name'])}') ORDER BY seqno`),
        })),
      ]),
    ),
    migrations: migrationIds(db),
  };
};

const postgresSchema = (db: SqlDb): Record<string, unknown> => {
  const here = 'current_schema()::regnamespace';
  return {
    tables: names(
      db,
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1',
    ),
    columns: rows(
      db,
      `SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default, is_identity,
              identity_generation
       FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    ),
    constraints: rows(
      db,
      `SELECT conrelid::regclass::text AS table_name, conname, contype::text AS type, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE connamespace = ${here} ORDER BY 1, 2`,
    ),
    indexes: rows(
      db,
      'SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1, 2',
    ),
    triggers: rows(
      db,
      `SELECT t.tgname AS name, t.tgenabled::text AS enabled, pg_get_triggerdef(t.oid) AS def
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = ${here}
       ORDER BY 1`,
    ),
    functions: rows(
      db,
      `SELECT proname AS name, prosrc AS body FROM pg_proc WHERE pronamespace = ${here} ORDER BY 1`,
    ).map((f) => ({ name: f['name'], body: normalise(z.string().parse(f['body'])) })),
    sequences: rows(
      db,
      `SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences
       WHERE sequence_schema = current_schema() ORDER BY 1`,
    ),
    migrations: migrationIds(db),
  };
};

/** The schema of an open store, in its own dialect's terms. */
export const schemaOf = (db: SqlDb): Record<string, unknown> =>
  db.dialect === 'postgres' ? postgresSchema(db) : sqliteSchema(db);
