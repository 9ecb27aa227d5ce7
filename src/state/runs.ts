import { z } from 'zod';
import type { ProcessIdentity } from './process-identity.js';
import type { Db } from './store.js';

/** The runs table: one row per command that plans, applies or reverts, with the process that runs it. */

const runStatus = z.enum(['running', 'done', 'partial', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof runStatus>;

const runRow = z.object({
  id: z.string(),
  command: z.string(),
  actor: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  status: runStatus,
  as_of: z.string().nullable(),
  plan_fingerprint: z.string().nullable(),
  summary: z.string().nullable(),
  pid: z.number().nullable().optional(),
  host: z.string().nullable().optional(),
});
export interface RunRecord {
  id: string;
  command: string;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  asOf: string | null;
  planFingerprint: string | null;
  summary: unknown;
}

const toRun = (raw: unknown): RunRecord => {
  const r = runRow.parse(raw);
  return {
    id: r.id,
    command: r.command,
    actor: r.actor,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    asOf: r.as_of,
    planFingerprint: r.plan_fingerprint,
    summary: r.summary === null ? null : JSON.parse(r.summary),
  };
};

export interface NewRun {
  id: string;
  command: string;
  actor: string;
  asOf: string | null;
}

export const startRun = (db: Db, me: ProcessIdentity, now: () => string, run: NewRun): void => {
  // A run left `running` by a killed process is marked interrupted when the next one starts; one whose process
  // lives (or runs on another host, whose processes this one cannot see) is left alone.
  const running = db.prepare(`SELECT id, pid, host FROM runs WHERE status = 'running'`).all();
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'`,
  );
  for (const raw of running) {
    const r = z.object({ id: z.string(), pid: z.number().nullable(), host: z.string().nullable() }).parse(raw);
    const gone = r.pid === null || (r.host === me.host && !me.isAlive(r.pid));
    if (gone) mark.run(now(), r.id);
  }
  db.prepare(
    'INSERT INTO runs (id, command, actor, started_at, status, as_of, pid, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(run.id, run.command, run.actor, now(), 'running', run.asOf, me.pid, me.host);
};

export const finishRun = (
  db: Db,
  at: string,
  id: string,
  status: RunStatus,
  summary: unknown,
  fingerprint: string | null,
): void => {
  db.prepare(
    `UPDATE runs SET status = ?, finished_at = ?, summary = ?, plan_fingerprint = COALESCE(?, plan_fingerprint)
     WHERE id = ?`,
  ).run(status, at, JSON.stringify(summary), fingerprint, id);
};

/** The newest runs first; `rowid` orders runs started in the same instant (PostgreSQL declares it, SQLite has it). */
export const lastRuns = (db: Db, limit: number): RunRecord[] =>
  db.prepare('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit).map(toRun);

export const runById = (db: Db, id: string): RunRecord | null => {
  const raw = db.prepare('SELECT * FROM runs WHERE id = ?').get(id);
  return raw === undefined ? null : toRun(raw);
};
