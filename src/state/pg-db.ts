import { createRequire } from 'node:module';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { StateError } from '../errors.js';
import { PG_WORKER_SOURCE } from './pg-worker.js';
import { bindFor, type PgQuery } from './sql-params.js';
import { awaitReply } from './sync-reply.js';
import type { SqlDb, SqlStatement, SqlTransaction } from './sql-db.js';

/** Where a PostgreSQL state store is: the URL as the config gives it (no password in it) and the password. */
export interface PgTarget {
  url: string;
  password: string | null;
}

/**
 * The key of the transaction-level advisory lock every `immediate()` transaction takes first: the state store's one
 * write lock, as SQLite's BEGIN IMMEDIATE is (audit appends, lease changes and migrations queue behind each other).
 */
const WRITE_LOCK_KEY = 7_246_153_001;
/** How long one statement may take, waits for the write lock included, before the store reports it. */
const STATEMENT_WAIT_MS = 120_000;

const answer = z.union([
  z.object({ ok: z.literal(true), rows: z.array(z.record(z.string(), z.unknown())), changes: z.number() }),
  z.object({ ok: z.literal(false), message: z.string(), code: z.string().nullable() }),
]);

/** An error from PostgreSQL (or the connection), with its SQLSTATE or system code as `code`. */
class PgFailure extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

const connectionOf = (t: PgTarget) => {
  const u = new URL(t.url);
  const ssl = u.searchParams.get('sslmode');
  return {
    host: u.searchParams.get('host') ?? (decodeURIComponent(u.hostname) || 'localhost'),
    port: u.port === '' ? 5432 : Number(u.port),
    user: decodeURIComponent(u.username),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    ...(t.password === null ? {} : { password: t.password }),
    ...(ssl === 'require' ? { ssl: { rejectUnauthorized: false } } : ssl === 'verify-full' ? { ssl: true } : {}),
    application_name: 'fluencyflow',
  };
};

/** The URL as messages show it: the user, host, port and database, never a password. */
const displayUrl = (url: string): string => {
  const u = new URL(url);
  u.password = '';
  return u.toString();
};

/** Rows come back through the worker as plain Uint8Arrays; the stores read bytes as Buffers, as SQLite gives them. */
const asBuffers = (row: Record<string, unknown>): Record<string, unknown> => {
  for (const [k, v] of Object.entries(row)) if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[k] = Buffer.from(v);
  return row;
};

/**
 * A PostgreSQL state store behind the same synchronous calls as SQLite: node-postgres runs in a worker thread and
 * this thread waits for each answer (`Atomics.wait`), so the engine, the stores and every migration list work on
 * either database unchanged. One connection per process; a store's statements run one at a time, as on SQLite.
 */
export class PgDb implements SqlDb {
  readonly dialect = 'postgres';
  readonly name: string;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private depth = 0;
  private closed = false;
  /** Whether a statement has succeeded: failures before it are the opening's (named by `openDatabase`). */
  private opened = false;

  constructor(target: PgTarget) {
    this.name = displayUrl(target.url);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const pgPath = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(PG_WORKER_SOURCE, {
      eval: true,
      workerData: { pgPath, port: port2, flag: this.flag, connection: connectionOf(target) },
      transferList: [port2],
    });
    this.worker.unref();
    this.port.unref();
  }

  get open(): boolean {
    return !this.closed;
  }

  /** One round trip: the query goes to the worker, this thread waits for its flag, then takes the answer. */
  private call(message: { op: 'query'; text: string; values: unknown[] | null } | { op: 'end' }) {
    if (this.closed) throw new StateError('the state store is closed', { where: this.name });
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(message);
    const got = awaitReply(this.flag, this.port, STATEMENT_WAIT_MS);
    if (got === undefined)
      throw new StateError(`the PostgreSQL state store did not answer within ${STATEMENT_WAIT_MS / 1000} s`, {
        where: this.name,
      });
    const a = answer.parse(got.message);
    if (!a.ok) {
      const failure = new PgFailure(a.message, a.code);
      // The connection itself failed (refused, reset, the server shut down): the store is unusable, not one statement.
      if (this.opened && a.code !== null && /^(E[A-Z]|08|57P)/.test(a.code))
        throw new StateError(`the PostgreSQL state store ${this.name} stopped answering: ${a.message} (${a.code})`, {
          where: this.name,
          cause: failure,
        });
      throw failure;
    }
    this.opened = true;
    return { rows: a.rows.map(asBuffers), changes: a.changes };
  }

  query(q: PgQuery): { rows: Record<string, unknown>[]; changes: number } {
    return this.call({ op: 'query', text: q.text, values: q.values });
  }

  prepare(sql: string): SqlStatement {
    const bind = bindFor(sql);
    return {
      run: (...params) => ({ changes: this.query(bind(params)).changes }),
      get: (...params) => this.query(bind(params)).rows[0],
      all: (...params) => this.query(bind(params)).rows,
      iterate: (...params) => this.query(bind(params)).rows[Symbol.iterator](),
    };
  }

  exec(sql: string): this {
    this.call({ op: 'query', text: sql, values: null });
    return this;
  }

  /** Nested calls become savepoints, as in better-sqlite3. */
  transaction<T>(fn: () => T): SqlTransaction<T> {
    const runIn = (immediate: boolean): T => {
      const outer = this.depth === 0;
      const savepoint = `ff_sp_${this.depth}`;
      this.exec(outer ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
      if (outer && immediate) this.exec(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
      this.depth++;
      try {
        const out = fn();
        this.depth--;
        this.exec(outer ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
        return out;
      } catch (e) {
        this.depth--;
        if (this.open) {
          try {
            this.exec(outer ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
          } catch {
            // the connection is gone: the server rolls the transaction back itself
          }
        }
        throw e;
      }
    };
    return Object.assign(() => runIn(false), { immediate: () => runIn(true) });
  }

  close(): this {
    if (this.closed) return this;
    try {
      this.call({ op: 'end' });
    } finally {
      this.closed = true;
      void this.worker.terminate();
    }
    return this;
  }
}
