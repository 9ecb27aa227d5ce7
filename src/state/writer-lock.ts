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

const NAME = 'writer';

export const describeHolder = (h: LockHolder): string =>
  `pid ${h.pid} on host ${h.host}, started ${h.started_at}${h.run_id ? `, run ${h.run_id}` : ''} ` +
  `(last heartbeat ${h.heartbeat_at})`;

/**
 * Whether a holder is gone. On this host, by its pid alone: a live process keeps its lock however busy it is. On
 * another host (a shared disk, which SQLite does not promise to lock safely), by a heartbeat older than the TTL.
 */
const isStale = (h: LockHolder, me: ProcessIdentity, timing: LockTiming): boolean =>
  h.host === me.host ? !me.isAlive(h.pid) : me.clock() - Date.parse(h.heartbeat_at) > timing.ttlMs;

export const holderOf = (db: Db): LockHolder | null => {
  const raw = db.prepare('SELECT * FROM locks WHERE name = ?').get(NAME);
  return raw === undefined ? null : lockRow.parse(raw);
};

/**
 * Takes the state store's one writer lock, in an immediate transaction so two processes cannot both take it.
 * Refused at once while a live holder has it (the error names it); a dead holder's lock is taken over and its run
 * marked interrupted. The lock beats every `heartbeatMs` until released.
 */
export const acquireWriterLock = (
  db: Db,
  me: ProcessIdentity,
  runId: string | null,
  timing: LockTiming = defaultLockTiming,
): HeldLock => {
  const token = randomUUID();
  const iso = () => new Date(me.clock()).toISOString();
  const take = db.transaction((): LockHolder | null => {
    const holder = holderOf(db);
    if (holder && !isStale(holder, me, timing))
      throw new LockedError(`another apply is writing through this state store: ${describeHolder(holder)}`, {
        where: db.name,
      });
    const at = iso();
    db.prepare(
      `INSERT INTO locks (name, token, pid, host, started_at, heartbeat_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host,
         started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, run_id = excluded.run_id`,
    ).run(NAME, token, me.pid, me.host, at, at, runId);
    if (holder?.run_id)
      db.prepare(`UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'`).run(at, holder.run_id);
    return holder;
  });
  const takenOver = take.immediate();
  const beat = setInterval(() => {
    try {
      db.prepare('UPDATE locks SET heartbeat_at = ? WHERE name = ? AND token = ?').run(iso(), NAME, token);
    } catch {
      clearInterval(beat); // the store was closed under us; assertHeld reports it before the next write
    }
  }, timing.heartbeatMs);
  beat.unref();
  return {
    takenOver,
    assertHeld() {
      const holder = holderOf(db);
      if (holder?.token === token) return;
      const lost = holder ? `this run lost the state store's writer lock to ${describeHolder(holder)}` : "this run's writer lock is gone";
      throw new LockedError(`${lost}; it stopped before writing more`, { where: db.name });
    },
    release() {
      clearInterval(beat);
      if (db.open) db.prepare('DELETE FROM locks WHERE name = ? AND token = ?').run(NAME, token);
    },
  };
};
