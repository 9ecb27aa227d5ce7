import type { AuditRecord, LevelSnapshot } from '../../schemas/index.js';
import { countOpenIntents, type AuditRow, type AuditVerification } from './audit-chain.js';
import * as audit from './audit-log.js';
import { openIntents, reconcileIntents, type OpenIntent } from './intents.js';
import { snapshots, upsertSnapshots } from './level-snapshots.js';
import type { Migration } from './migrations.js';
import { thisProcess, type ProcessIdentity } from './process-identity.js';
import { finishRun, lastRuns, runById, startRun, type NewRun, type RunRecord, type RunStatus } from './runs.js';
import { openDatabase, type Db, type StoreTarget } from './store.js';
import { writtenValues, type WrittenValues } from './written-values.js';
import { acquireWriterLock, defaultLockTiming, holderOf, leaseNames } from './writer-lock.js';
import type { HeldLock, LockHolder, LockTiming } from './writer-lock.js';

export type { OpenIntent } from './intents.js';
export type { RunRecord, RunStatus } from './runs.js';
export type { WrittenValues } from './written-values.js';

/**
 * The state store: runs, the append-only audit log and quarterly level snapshots.
 * A cache and a record, not the truth: losing it never corrupts the HRIS. `now` is injected.
 * Each part's SQL lives in a file of its own (runs, audit-log, intents, written-values,
 * level-snapshots); this class opens the database and hands it to them.
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

  /** Records a run as running; marks interrupted any run left running by a process that is gone. */
  startRun(run: NewRun): void {
    startRun(this.db, this.me, this.now, run);
  }

  finishRun(id: string, status: RunStatus, summary: unknown, fingerprint: string | null = null): void {
    finishRun(this.db, this.now(), id, status, summary, fingerprint);
  }

  lastRuns(limit = 10): RunRecord[] {
    return lastRuns(this.db, limit);
  }

  /** One run by its id, or null. */
  runById(id: string): RunRecord | null {
    return runById(this.db, id);
  }

  /** Appends one record to the hash chain; returns its sequence number. */
  appendAudit(record: AuditRecord): number {
    return this.appendAuditMany([record])[0] ?? 0;
  }

  /** Appends records to the hash chain in one immediate transaction; returns their sequence numbers in order. */
  appendAuditMany(records: readonly AuditRecord[]): number[] {
    return audit.appendAudit(this.db, records);
  }

  /** Stops a run before any write when the audit log could not record it faithfully (`audit-log.ts`). */
  assertAuditIntact(): void {
    audit.assertAuditIntact(this.db);
  }

  /** Walks the whole log: the first broken or missing record, open intents, missing triggers. */
  verifyAudit(): AuditVerification {
    return audit.verifyAudit(this.db);
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
      throw audit.auditBroken(e, this.db.name);
    }
  }

  /**
   * Every record in order, as stored (before/after as JSON text), for export; with the pid and host of the worker
   * that ran its run (`worker_pid`, `worker_host`, from the runs table: outside the hash).
   */
  auditRows(): Generator<AuditRow> {
    return audit.auditRows(this.db);
  }

  /** Intents without an outcome from runs that are over: a killed writer's writes, to reconcile from a fresh read. */
  openIntents(): OpenIntent[] {
    return openIntents(this.db);
  }

  /** Records outcomes for open intents, skipping any that gained one meanwhile (two readers reconciling at once). */
  reconcileIntents(outcomes: readonly { intent: OpenIntent; record: AuditRecord }[]): number {
    return reconcileIntents(this.db, outcomes);
  }

  /** What fluencyflow wrote per change key, and the connectors it has audited writes for (`written-values.ts`). */
  writtenValues(): WrittenValues {
    return writtenValues(this.db);
  }

  auditFor(filter: { runId?: string; employeeId?: string } = {}): Record<string, unknown>[] {
    return audit.auditFor(this.db, filter);
  }

  countAuditOutcomes(runId: string): Record<string, number> {
    return audit.countAuditOutcomes(this.db, runId);
  }

  upsertSnapshots(rows: readonly LevelSnapshot[]): void {
    upsertSnapshots(this.db, rows);
  }

  snapshots(): LevelSnapshot[] {
    return snapshots(this.db);
  }
}
