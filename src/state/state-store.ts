import { z } from 'zod';
import { type AuditRecord, type LevelSnapshot, levelSnapshot } from '../../schemas/index.js';
import type { Migration } from './migrations.js';
import { thisProcess, type ProcessIdentity } from './process-identity.js';
import { openDatabase, type Db } from './store.js';
import { acquireWriterLock, defaultLockTiming, type HeldLock, type LockTiming } from './writer-lock.js';

export const runStatus = z.enum(['running', 'done', 'partial', 'failed', 'interrupted']);
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

const snapshotRow = z.object({
  quarter: z.string(),
  connector: z.string(),
  employee_id: z.string(),
  department: z.string().nullable(),
  job_family: z.string().nullable(),
  grade: z.string().nullable(),
  level_held: z.string().nullable(),
  level_expected: z.string().nullable(),
  status: z.string().nullable(),
  has_goal: z.number(),
  synthetic: z.number(),
});

const parseJson = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/**
 * The state store: runs, the append-only audit log, apply checkpoints and quarterly level snapshots.
 * A cache and a record, not the truth: losing it never corrupts the HRIS. `now` is injected.
 */
export class StateStore {
  readonly db: Db;

  constructor(
    path: string,
    private readonly now: () => string = () => new Date().toISOString(),
    extraMigrations: readonly Migration[] = [],
    private readonly me: ProcessIdentity = thisProcess(),
    private readonly lockTiming: LockTiming = defaultLockTiming,
  ) {
    this.db = openDatabase(path, extraMigrations);
  }

  /** The one writer lock (see writer-lock.ts): refused at once, naming the holder, while a live process holds it. */
  acquireWriterLock(runId: string | null): HeldLock {
    return acquireWriterLock(this.db, this.me, runId, this.lockTiming);
  }

  close(): void {
    this.db.close();
  }

  startRun(run: { id: string; command: string; actor: string; asOf: string | null }): void {
    // A run left `running` by a killed process is marked interrupted when the next one starts; one whose process
    // lives (or runs on another host, whose processes this one cannot see) is left alone.
    const running = this.db.prepare(`SELECT id, pid, host FROM runs WHERE status = 'running'`).all();
    const mark = this.db.prepare(`UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'`);
    for (const raw of running) {
      const r = z.object({ id: z.string(), pid: z.number().nullable(), host: z.string().nullable() }).parse(raw);
      const gone = r.pid === null || (r.host === this.me.host && !this.me.isAlive(r.pid));
      if (gone) mark.run(this.now(), r.id);
    }
    this.db
      .prepare('INSERT INTO runs (id, command, actor, started_at, status, as_of, pid, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(run.id, run.command, run.actor, this.now(), 'running', run.asOf, this.me.pid, this.me.host);
  }

  finishRun(id: string, status: RunStatus, summary: unknown, fingerprint: string | null = null): void {
    this.db
      .prepare('UPDATE runs SET status = ?, finished_at = ?, summary = ?, plan_fingerprint = COALESCE(?, plan_fingerprint) WHERE id = ?')
      .run(status, this.now(), JSON.stringify(summary), fingerprint, id);
  }

  lastRuns(limit = 10): RunRecord[] {
    return this.db
      .prepare('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?')
      .all(limit)
      .map((raw) => {
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
          summary: parseJson(r.summary),
        };
      });
  }

  appendAudit(record: AuditRecord): void {
    this.db
      .prepare(
        `INSERT INTO audit (at, run_id, actor, connector, employee_id, change_key, kind, action, before, after, outcome, error_code, error_message, request_id)
         VALUES (@at, @runId, @actor, @connector, @employeeId, @changeKey, @kind, @action, @before, @after, @outcome, @errorCode, @errorMessage, @requestId)`,
      )
      .run({ ...record, before: JSON.stringify(record.before ?? null), after: JSON.stringify(record.after ?? null) });
  }

  auditFor(filter: { runId?: string; employeeId?: string } = {}): Record<string, unknown>[] {
    const rows = filter.runId
      ? this.db.prepare('SELECT * FROM audit WHERE run_id = ? ORDER BY seq').all(filter.runId)
      : filter.employeeId
        ? this.db.prepare('SELECT * FROM audit WHERE employee_id = ? ORDER BY seq').all(filter.employeeId)
        : this.db.prepare('SELECT * FROM audit ORDER BY seq').all();
    return rows.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
  }

  checkpoint(runId: string, changeKey: string, outcome: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO checkpoints (run_id, change_key, outcome, at) VALUES (?, ?, ?, ?)')
      .run(runId, changeKey, outcome, this.now());
  }

  /** Change keys applied by earlier runs that did not finish (kept for the record of a resumed apply). */
  checkpointsOfInterruptedRuns(): Map<string, string> {
    const rows = this.db
      .prepare(`SELECT c.change_key AS key, c.outcome AS outcome FROM checkpoints c JOIN runs r ON r.id = c.run_id WHERE r.status IN ('interrupted', 'running')`)
      .all();
    const out = new Map<string, string>();
    for (const raw of rows) {
      const r = z.object({ key: z.string(), outcome: z.string() }).parse(raw);
      out.set(r.key, r.outcome);
    }
    return out;
  }

  countAuditOutcomes(runId: string): Record<string, number> {
    const rows = this.db.prepare('SELECT outcome, COUNT(*) AS n FROM audit WHERE run_id = ? GROUP BY outcome').all(runId);
    const out: Record<string, number> = {};
    for (const raw of rows) {
      const r = z.object({ outcome: z.string(), n: z.number() }).parse(raw);
      out[r.outcome] = r.n;
    }
    return out;
  }

  upsertSnapshots(rows: readonly LevelSnapshot[]): void {
    const stmt = this.db.prepare(
      `INSERT OR REPLACE INTO level_snapshots (quarter, connector, employee_id, department, job_family, grade, level_held, level_expected, status, has_goal, synthetic)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const s of rows)
        stmt.run(s.quarter, s.connector, s.employeeId, s.department, s.jobFamily, s.grade, s.levelHeld, s.levelExpected, s.status, s.hasGoal ? 1 : 0, s.synthetic ? 1 : 0);
    })();
  }

  snapshots(): LevelSnapshot[] {
    return this.db
      .prepare('SELECT * FROM level_snapshots ORDER BY quarter, connector, employee_id')
      .all()
      .map((raw) => {
        const r = snapshotRow.parse(raw);
        return levelSnapshot.parse({
          quarter: r.quarter,
          connector: r.connector,
          employeeId: r.employee_id,
          department: r.department,
          jobFamily: r.job_family,
          grade: r.grade,
          levelHeld: r.level_held,
          levelExpected: r.level_expected,
          status: r.status,
          hasGoal: r.has_goal === 1,
          synthetic: r.synthetic === 1,
        });
      });
  }
}
