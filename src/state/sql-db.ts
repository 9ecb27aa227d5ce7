/**
 * The database the state store talks to, whichever it is: the subset of better-sqlite3's synchronous API the stores
 * use. SQLite is better-sqlite3 itself; PostgreSQL is `pg-db.ts` (node-postgres in a worker thread, waited on).
 * SQL written for both uses `?` or `@name` parameters, `INSERT ... ON CONFLICT (...) DO UPDATE` for upserts, and
 * lower-case unquoted names; a migration declares each table once, with the terms that differ from `dialect-sql.ts`.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface SqlStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/** A function run in one transaction; `immediate()` also holds the store's write lock from its first statement. */
export interface SqlTransaction<T> {
  (): T;
  immediate(): T;
}

export interface SqlDb {
  readonly dialect: Dialect;
  /** Where the store is, for messages: a file path, or a PostgreSQL URL without its password. */
  readonly name: string;
  readonly open: boolean;
  prepare(sql: string): SqlStatement;
  transaction<T>(fn: () => T): SqlTransaction<T>;
  /** Runs statements without parameters (migrations). */
  exec(sql: string): unknown;
  close(): unknown;
}
