import { z } from 'zod';
import { type AuditRecord, type LevelSnapshot, levelSnapshot } from '../../schemas/index.js';
import type { Written } from '../core/manual-changes.js';
import { revertKey } from '../core/revert.js';
import { AuditBrokenError } from '../errors.js';
import {
  AUDIT_COLUMNS,
  GENESIS,
  auditRow,
  countOpenIntents,
  missingTriggers,
  readHead,
  recordHash,
  verifyChain,
  type AuditRow,
  type AuditVerification,
} from './audit-chain.js';
import { columnsOf, triggerDefinitions } from './catalog.js';
import { coreMigrations, type Migration } from './migrations.js';
import { thisProcess, type ProcessIdentity } from './process-identity.js';
import { openDatabase, type Db, type StoreTarget } from './store.js';
import { acquireWriterLock, defaultLockTiming, holderOf, leaseNames } from './writer-lock.js';
import type { HeldLock, LockHolder, LockTiming } from './writer-lock.js';

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
    summary: parseJson(r.summary),
  };
};

/** The audit triggers as the migrations wrote them, in either dialect. */
const expectedTriggers = triggerDefinitions(coreMigrations);

const writtenRow = z.object({
  run_id: z.string(),
  change_key: z.string(),
  connector: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  phase: z.string(),
});

/** What fluencyflow wrote, per change key, and the connectors it wrote to. */
export interface WrittenValues {
  byKey: ReadonlyMap<string, Written>;
  connectors: ReadonlySet<string>;
}

/** An intent whose outcome was never recorded, from a run that is over (its process gone). */
export interface OpenIntent {
  seq: number;
  runId: string;
  connector: string;
  employeeId: string;
  changeKey: string;
  kind: string;
  action: string;
  before: string | null;
  after: string | null;
}
const openIntentRow = z.object({
  seq: z.number(),
  run_id: z.string(),
  connector: z.string(),
  employee_id: z.string(),
  change_key: z.string(),
  kind: z.string(),
  action: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

/**
 * The state store: runs, the append-only audit log, apply checkpoints and quarterly level snapshots.
 * A cache and a record, not the truth: losing it never corrupts the HRIS. `now` is injected.
 */
export class StateStore {
  readonly db: Db;

  constructor(
    path: StoreTarget,
    private readonly now: () => string = () => new Date().toISOString(),
    extraMigrations: readonly Migration[] = [],
    private readonly me: ProcessIdentity = thisProcess(),
    private readonly lockTiming: LockTiming = defaultLockTiming,
  ) {
    this.db = openDatabase(path, extraMigrations);
  }

  /**
   * The one writer lock, or on PostgreSQL the leases of these connectors (see writer-lock.ts): refused at once,
   * naming the holder, while a live process holds one.
   */
  acquireWriterLock(runId: string | null, connectors: readonly string[] = []): HeldLock {
    return acquireWriterLock(this.db, this.me, runId, this.lockTiming, leaseNames(this.db, connectors));
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
    return this.db.prepare('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit).map(toRun);
  }

  /** One run by its id, or null. */
  runById(id: string): RunRecord | null {
    const raw = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id);
    return raw === undefined ? null : toRun(raw);
  }

  /** Appends one record to the hash chain; returns its sequence number. */
  appendAudit(record: AuditRecord): number {
    return this.appendAuditMany([record])[0] ?? 0;
  }

  /**
   * Appends records in one immediate transaction, each carrying the hash of the one before it over its canonical
   * JSON (`audit-chain.ts`); returns their sequence numbers in order.
   */
  appendAuditMany(records: readonly AuditRecord[]): number[] {
    try {
      return this.appendChained(records);
    } catch (e) {
      throw auditBroken(e, this.db.name);
    }
  }

  private appendChained(records: readonly AuditRecord[]): number[] {
    const insert = this.db.prepare(
      `INSERT INTO audit (${AUDIT_COLUMNS.join(', ')}, hash) VALUES (${AUDIT_COLUMNS.map((c) => `@${c}`).join(', ')}, @hash)`,
    );
    const append = this.db.transaction((): number[] => {
      const lastRaw = this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get();
      const last = lastRaw === undefined ? null : z.object({ seq: z.number(), hash: z.string().nullable() }).parse(lastRaw);
      let seq = last?.seq ?? 0;
      let prev = last?.hash ?? GENESIS;
      const out: number[] = [];
      for (const r of records) {
        seq++;
        const row = {
          seq,
          at: r.at,
          run_id: r.runId,
          actor: r.actor,
          connector: r.connector,
          employee_id: r.employeeId,
          change_key: r.changeKey,
          kind: r.kind,
          action: r.action,
          before: JSON.stringify(r.before ?? null),
          after: JSON.stringify(r.after ?? null),
          outcome: r.outcome,
          error_code: r.errorCode,
          error_message: r.errorMessage,
          request_id: r.requestId,
          phase: r.phase ?? 'outcome',
          intent_seq: r.intentSeq ?? null,
          prev_hash: prev,
        };
        prev = recordHash(row);
        insert.run({ ...row, hash: prev });
        out.push(seq);
      }
      return out;
    });
    return append.immediate();
  }

  /**
   * Stops a run before any write when the audit log could not record it faithfully: the table or its columns gone,
   * an append-only trigger dropped or altered, the last record not matching its hash or the log's head.
   */
  assertAuditIntact(): void {
    const where = this.db.name;
    try {
      const columns = columnsOf(this.db, 'audit');
      const lacking = [...AUDIT_COLUMNS, 'hash'].filter((c) => !columns.has(c));
      if (columns.size === 0) throw new AuditBrokenError('the audit table is missing from the state store; nothing was written', { where });
      if (lacking.length > 0) throw new AuditBrokenError(`the audit table lacks columns ${lacking.join(', ')}; nothing was written`, { where });
      const triggers = missingTriggers(this.db, expectedTriggers);
      if (triggers.length > 0) throw new AuditBrokenError(`the audit log is no longer append-only: trigger ${triggers.join(', ')} missing or altered; nothing was written`, { where });
      const head = readHead(this.db);
      const lastRaw = this.db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT 1').get();
      const last = lastRaw === undefined ? null : auditRow.parse(lastRaw);
      const lastSeq = last === null ? 0 : Number(last.seq);
      if (head === null) throw new AuditBrokenError("the audit log's head record is missing; nothing was written", { where });
      if (last?.hash && recordHash(last) !== last.hash) throw new AuditBrokenError(`audit record ${lastSeq} was altered: run \`fluencyflow audit verify\`; nothing was written`, { where });
      if (head.seq > lastSeq || (head.seq === lastSeq && head.seq > 0 && head.hash !== last?.hash))
        throw new AuditBrokenError(`audit records after ${lastSeq} are missing (the log ended at ${head.seq}); nothing was written`, { where });
    } catch (e) {
      throw auditBroken(e, where);
    }
  }

  /** Walks the whole log: the first broken or missing record, open intents, missing triggers. */
  verifyAudit(): AuditVerification {
    try {
      return verifyChain(this.db, expectedTriggers);
    } catch (e) {
      throw auditBroken(e, this.db.name);
    }
  }

  /** The writer lock's holder, if any (a live apply, or a dead one the next apply takes over). */
  writerLockHolder(): LockHolder | null {
    return holderOf(this.db);
  }

  /** Intents without an outcome: writes in flight, or a killed run's that the next plan or apply reconciles. */
  countOpenIntents(): number {
    try {
      return countOpenIntents(this.db);
    } catch (e) {
      throw auditBroken(e, this.db.name);
    }
  }

  /**
   * Every record in order, as stored (before/after as JSON text), for export; with the pid and host of the worker
   * that ran its run (`worker_pid`, `worker_host`, from the runs table: outside the hash).
   */
  *auditRows(): Generator<AuditRow> {
    const sql = 'SELECT a.*, r.pid AS worker_pid, r.host AS worker_host FROM audit a LEFT JOIN runs r ON r.id = a.run_id ORDER BY a.seq';
    for (const raw of this.db.prepare(sql).iterate()) yield auditRow.parse(raw);
  }

  /** Intents without an outcome from runs that are over: a killed writer's writes, to reconcile from a fresh read. */
  openIntents(): OpenIntent[] {
    return this.db
      .prepare(
        `SELECT i.seq, i.run_id, i.connector, i.employee_id, i.change_key, i.kind, i.action, i.before, i.after FROM audit i
         LEFT JOIN runs r ON r.id = i.run_id
         WHERE i.phase = 'intent' AND (r.status IS NULL OR r.status <> 'running')
           AND NOT EXISTS (SELECT 1 FROM audit o WHERE o.intent_seq = i.seq)
         ORDER BY i.seq`,
      )
      .all()
      .map((raw) => {
        const r = openIntentRow.parse(raw);
        return { seq: r.seq, runId: r.run_id, connector: r.connector, employeeId: r.employee_id, changeKey: r.change_key, kind: r.kind, action: r.action, before: r.before, after: r.after };
      });
  }

  /** Records outcomes for open intents, skipping any that gained one meanwhile (two readers reconciling at once). */
  reconcileIntents(outcomes: readonly { intent: OpenIntent; record: AuditRecord }[]): number {
    const has = this.db.prepare('SELECT 1 FROM audit WHERE intent_seq = ?');
    const run = this.db.transaction((): number => {
      const fresh = outcomes.filter((o) => has.get(o.intent.seq) === undefined);
      this.appendAuditMany(fresh.map((o) => ({ ...o.record, phase: 'outcome', intentSeq: o.intent.seq })));
      return fresh.length;
    });
    return run.immediate();
  }

  /**
   * What fluencyflow wrote per change key, from the audit log: the `after` of the last applied (or found in place)
   * outcome, and the before and after of each intent since whose outcome a killed run never recorded (the HRIS may
   * hold either); and the connectors it has audited writes for. A lost store knows nothing: the engine then protects
   * values.
   */
  writtenValues(): WrittenValues {
    const byKey = new Map<string, Written>();
    const connectors = new Set<string>();
    const rows = this.db
      .prepare(
        `SELECT i.run_id, i.change_key, i.connector, i.before, i.after, i.phase FROM audit i
         WHERE (i.phase = 'outcome' AND i.outcome IN ('applied', 'noop'))
            OR (i.phase = 'intent' AND NOT EXISTS (SELECT 1 FROM audit o WHERE o.intent_seq = i.seq))
         ORDER BY i.seq`,
      )
      .iterate();
    // A revert run writes under keys of its own (revertKey(run, key)); what it restores is the value of the key it
    // undoes, so its records count for that key: a reverted value is fluencyflow's, not a person's.
    const undoes = new Map<string, string>();
    for (const raw of rows) {
      const r = writtenRow.parse(raw);
      const key = undoes.get(r.change_key) ?? r.change_key;
      undoes.set(revertKey(r.run_id, r.change_key), key);
      const before = byKey.get(key);
      if (r.phase === 'intent') {
        const open = { before: parseJson(r.before), after: parseJson(r.after) };
        byKey.set(key, { last: before?.last ?? null, open: [...(before?.open ?? []), open] });
      } else {
        byKey.set(key, { last: { after: parseJson(r.after) }, open: [] });
      }
    }
    // Any record at all, even a failed write, says this store has worked with the connection: its history is not lost.
    for (const raw of this.db.prepare('SELECT DISTINCT connector FROM audit').all())
      connectors.add(z.object({ connector: z.string() }).parse(raw).connector);
    return { byKey, connectors };
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
      .prepare(
        `INSERT INTO checkpoints (run_id, change_key, outcome, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (run_id, change_key) DO UPDATE SET outcome = excluded.outcome, at = excluded.at`,
      )
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
      `INSERT INTO level_snapshots (quarter, connector, employee_id, department, job_family, grade, level_held, level_expected, status, has_goal, synthetic)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (quarter, connector, employee_id) DO UPDATE SET department = excluded.department,
         job_family = excluded.job_family, grade = excluded.grade, level_held = excluded.level_held,
         level_expected = excluded.level_expected, status = excluded.status, has_goal = excluded.has_goal,
         synthetic = excluded.synthetic`,
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

const auditBroken = (e: unknown, where: string): AuditBrokenError =>
  e instanceof AuditBrokenError ? e : new AuditBrokenError(`the audit log cannot be used: ${e instanceof Error ? e.message : String(e)}`, { where, cause: e });
