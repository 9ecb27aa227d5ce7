import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LockedError } from '../errors.js';
import type { ProcessIdentity } from './process-identity.js';
import type { Db } from './store.js';

const lockRow = z.object({
  name: z.string(),
  token: z.string(),
  pid: z.number(),
  host: z.string(),
  started_at: z.string(),
  heartbeat_at: z.string(),
  run_id: z.string().nullable(),
});
export type LockHolder = z.infer<typeof lockRow>;

export interface LockTiming {
  /** A holder on another host whose heartbeat is older than this is taken to be dead. */
  ttlMs: number;
  heartbeatMs: number;
}
export const defaultLockTiming: LockTiming = { ttlMs: 120_000, heartbeatMs: 15_000 };

export interface HeldLock {
  /** The holder this lock was taken over from (a killed process), or null. */
  readonly takenOver: LockHolder | null;
  /** Throws when another process has taken the lock over since (called before every write). */
  assertHeld(): void;
  release(): void;
}

/** The one writer lock of a SQLite store; on PostgreSQL each connector has its own lease (`leaseNames`). */
const WRITER = 'writer';

/** The leases an apply over these connectors holds: one per connector on PostgreSQL, the one writer lock on SQLite. */
export const leaseNames = (db: Db, connectors: readonly string[]): string[] =>
  db.dialect === 'postgres' && connectors.length > 0
    ? [...new Set(connectors)].sort().map((c) => `connector:${c}`)
    : [WRITER];

const what = (name: string): string =>
  name.startsWith('connector:')
    ? `connector ${name.slice('connector:'.length)}'s lease`
    : "the state store's writer lock";

export const describeHolder = (h: LockHolder): string =>
  `pid ${h.pid} on host ${h.host}, started ${h.started_at}${h.run_id ? `, run ${h.run_id}` : ''} ` +
  `(last heartbeat ${h.heartbeat_at})`;

/**
 * Whether a holder is gone. On this host, by its pid alone: a live process keeps its lock however busy it is. On
 * another host (another worker sharing PostgreSQL, or a shared disk), by a heartbeat older than the TTL: the lease's
 * expiry.
 */
const isStale = (h: LockHolder, me: ProcessIdentity, timing: LockTiming): boolean =>
  h.host === me.host ? !me.isAlive(h.pid) : me.clock() - Date.parse(h.heartbeat_at) > timing.ttlMs;

const holderNamed = (db: Db, name: string): LockHolder | null => {
  const raw = db.prepare('SELECT * FROM locks WHERE name = ?').get(name);
  return raw === undefined ? null : lockRow.parse(raw);
};

/** A holder of any writer lock or lease (the first by name), for `status`. */
export const holderOf = (db: Db): LockHolder | null => {
  const raw = db.prepare('SELECT * FROM locks ORDER BY name LIMIT 1').get();
  return raw === undefined ? null : lockRow.parse(raw);
};

/**
 * Takes the writer lock (SQLite) or the leases of the run's connectors (PostgreSQL), all or none, in an immediate
 * transaction (on PostgreSQL behind the store's advisory write lock) so two processes cannot both take one.
 * Refused at once while a live holder has any (the error names it); a dead holder's lease is taken over and its run
 * marked interrupted, so the next reconcile finishes its open intents. The leases beat every `heartbeatMs` until
 * released.
 */
export const acquireWriterLock = (
  db: Db,
  me: ProcessIdentity,
  runId: string | null,
  timing: LockTiming = defaultLockTiming,
  names: readonly string[] = [WRITER],
): HeldLock => {
  const token = randomUUID();
  const iso = () => new Date(me.clock()).toISOString();
  const take = db.transaction((): LockHolder | null => {
    const at = iso();
    let takenOver: LockHolder | null = null;
    for (const name of names) {
      const holder = holderNamed(db, name);
      if (holder && !isStale(holder, me, timing)) {
        const who =
          names.length === 1 && name === WRITER
            ? 'another apply is writing through this state store'
            : `another worker holds ${what(name)}`;
        throw new LockedError(`${who}: ${describeHolder(holder)}`, { where: db.name });
      }
      db.prepare(
        `INSERT INTO locks (name, token, pid, host, started_at, heartbeat_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host,
           started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, run_id = excluded.run_id`,
      ).run(name, token, me.pid, me.host, at, at, runId);
      if (holder?.run_id)
        db.prepare(`UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'`).run(
          at,
          holder.run_id,
        );
      takenOver ??= holder;
    }
    return takenOver;
  });
  const takenOver = take.immediate();
  const beat = setInterval(() => {
    try {
      db.prepare('UPDATE locks SET heartbeat_at = ? WHERE token = ?').run(iso(), token);
    } catch {
      clearInterval(beat); // the store was closed under us; assertHeld reports it before the next write
    }
  }, timing.heartbeatMs);
  beat.unref();
  return {
    takenOver,
    assertHeld() {
      for (const name of names) {
        const holder = holderNamed(db, name);
        if (holder?.token === token) continue;
        const lost = holder
          ? `this run lost ${what(name)} to ${describeHolder(holder)}`
          : `${what(name)} of this run is gone`;
        throw new LockedError(`${lost}; it stopped before writing more`, { where: db.name });
      }
    },
    release() {
      clearInterval(beat);
      if (db.open) db.prepare('DELETE FROM locks WHERE token = ?').run(token);
    },
  };
};
