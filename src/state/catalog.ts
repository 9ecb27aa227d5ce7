import { z } from 'zod';
import { migrationSql, type Migration } from './migrations.js';
import type { Db } from './store.js';

/**
 * What the database says about its own schema, per dialect: a table's columns and the audit triggers as they stand,
 * compared with what the migrations created (so a dropped, disabled or rewritten trigger is seen).
 */

const nameRow = z.object({ name: z.string() });

export const columnsOf = (db: Db, table: string): Set<string> => {
  const sql =
    db.dialect === 'postgres'
      ? 'SELECT column_name AS name FROM information_schema.columns ' +
        'WHERE table_schema = current_schema() AND table_name = ?'
      : 'SELECT name FROM pragma_table_info(?)';
  return new Set(
    db
      .prepare(sql)
      .all(table)
      .map((r) => nameRow.parse(r).name),
  );
};

/** A trigger's definition as the migrations wrote it: SQLite's statement, or PostgreSQL's statement and function. */
export interface TriggerDefinitions {
  sqlite: ReadonlyMap<string, string>;
  postgres: ReadonlyMap<string, { fn: string; body: string }>;
}

export const triggerDefinitions = (migrations: readonly Migration[]): TriggerDefinitions => {
  const sqlite = new Map<string, string>();
  const postgres = new Map<string, { fn: string; body: string }>();
  const bodies = new Map<string, string>();
  for (const m of migrations) {
    // sqlite_master keeps each statement without its `;`.
    for (const x of migrationSql(m, 'sqlite').matchAll(/CREATE TRIGGER (\w+)[\s\S]*?END;/g))
      sqlite.set(x[1] ?? '', x[0].slice(0, -1));
    const pg = migrationSql(m, 'postgres');
    for (const x of pg.matchAll(/CREATE FUNCTION (\w+)\(\)[\s\S]*?\$\$([\s\S]*?)\$\$/g))
      bodies.set(x[1] ?? '', x[2] ?? '');
    for (const x of pg.matchAll(/CREATE TRIGGER (\w+)[^;]*EXECUTE FUNCTION (\w+)\(\)/g))
      postgres.set(x[1] ?? '', { fn: x[2] ?? '', body: bodies.get(x[2] ?? '') ?? '' });
  }
  return { sqlite, postgres };
};

const normaliseSql = (sql: string): string => sql.replace(/\s+/g, ' ').trim().toLowerCase();

const pgTriggerRow = z.object({ name: z.string(), fn: z.string(), body: z.string(), enabled: z.string() });

/**
 * The audit triggers that are missing, disabled, or not what the migrations wrote: on SQLite the names in `wanted`;
 * on PostgreSQL every trigger the migrations define (there the truncate guards join them).
 */
export const triggerProblems = (db: Db, wanted: readonly string[], expected: TriggerDefinitions): string[] => {
  if (db.dialect === 'postgres') {
    const rows = db
      .prepare(
        `SELECT t.tgname AS name, p.proname AS fn, p.prosrc AS body, t.tgenabled::text AS enabled
         FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`,
      )
      .all()
      .map((r) => pgTriggerRow.parse(r));
    const have = new Map(rows.map((r) => [r.name, r]));
    return [...expected.postgres.keys()].filter((t) => {
      const row = have.get(t);
      const want = expected.postgres.get(t);
      return !row || row.enabled === 'D' || row.fn !== want?.fn || normaliseSql(row.body) !== normaliseSql(want.body);
    });
  }
  const have = new Map<string, string>();
  for (const raw of db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all()) {
    const r = z.object({ name: z.string(), sql: z.string().nullable() }).parse(raw);
    have.set(r.name, r.sql ?? '');
  }
  return wanted.filter((t) => {
    const sql = have.get(t);
    return sql === undefined || normaliseSql(sql) !== normaliseSql(expected.sqlite.get(t) ?? sql);
  });
};
