import { z } from 'zod';
import type { Plan } from '../../schemas/index.js';
import { parsePlanText, planFileText } from '../apply/plan-file.js';
import { ApprovalError } from '../errors.js';
import type { Migration } from './migrations.js';
import type { StateStore } from './state-store.js';

/**
 * Plans kept for approval (`approval: required`, DESIGN §9 Production). Passed to StateStore with the evidence
 * store's migrations. Append new ones; never edit an applied one.
 */
export const approvalMigrations: Migration[] = [
  {
    id: 'approvals-001-plans',
    sql: `
      -- One row per plan a scheduled run made and kept for approval. The plan itself is the text \`plan --out\`
      -- writes (with its digest): exactly that plan is applied once a second identity approves it.
      CREATE TABLE approval_plans (
        id TEXT PRIMARY KEY,               -- the plan run's id
        planned_by TEXT NOT NULL,
        planned_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        changes INTEGER NOT NULL,
        plan TEXT NOT NULL,
        status TEXT NOT NULL,              -- pending | approved | applied | partial | failed | superseded
        approved_by TEXT,
        approved_at TEXT,
        apply_run_id TEXT,
        detail TEXT                        -- why an approved plan was not applied (a stale plan), no personal data
      );
      CREATE INDEX approval_plans_status ON approval_plans(status, planned_at);
    `,
  },
];

const planStatus = z.enum(['pending', 'approved', 'applied', 'partial', 'failed', 'superseded']);
type ApprovalStatus = z.infer<typeof planStatus>;

const row = z.object({
  id: z.string(),
  planned_by: z.string(),
  planned_at: z.string(),
  fingerprint: z.string(),
  changes: z.number(),
  plan: z.string(),
  status: planStatus,
  approved_by: z.string().nullable(),
  approved_at: z.string().nullable(),
  apply_run_id: z.string().nullable(),
  detail: z.string().nullable(),
});

export interface KeptPlan {
  id: string;
  plannedBy: string;
  plannedAt: string;
  fingerprint: string;
  changes: number;
  status: ApprovalStatus;
  approvedBy: string | null;
  approvedAt: string | null;
  applyRunId: string | null;
  detail: string | null;
}

const toKept = (raw: unknown): KeptPlan & { text: string } => {
  const r = row.parse(raw);
  return {
    id: r.id,
    plannedBy: r.planned_by,
    plannedAt: r.planned_at,
    fingerprint: r.fingerprint,
    changes: r.changes,
    status: r.status,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    applyRunId: r.apply_run_id,
    detail: r.detail,
    text: r.plan,
  };
};

const strip = ({ text: _text, ...kept }: KeptPlan & { text: string }): KeptPlan => kept;

/** Plans waiting for (or past) approval, in one state store. `now` is the engine's clock. */
export class Approvals {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => string,
  ) {}

  /** Keeps a plan for approval; an older plan still pending is superseded (only the newest can be approved). */
  keep(plan: Plan, runId: string, plannedBy: string): KeptPlan {
    const db = this.store.db;
    db.transaction(() => {
      db.prepare(`UPDATE approval_plans SET status = 'superseded' WHERE status = 'pending'`).run();
      db.prepare(
        `INSERT INTO approval_plans (id, planned_by, planned_at, fingerprint, changes, plan, status)
         VALUES (?, ?, ?, ?, ?, ?, 'pending')`,
      ).run(runId, plannedBy, this.now(), plan.fingerprint, plan.changes.length, planFileText(plan));
    }).immediate();
    return this.get(runId);
  }

  /** Plan `id`, or null when none has that id. */
  find(id: string): KeptPlan | null {
    const raw = this.store.db.prepare('SELECT * FROM approval_plans WHERE id = ?').get(id);
    return raw === undefined ? null : strip(toKept(raw));
  }

  get(id: string): KeptPlan {
    return strip(this.getWithText(id));
  }

  private getWithText(id: string): KeptPlan & { text: string } {
    const raw = this.store.db.prepare('SELECT * FROM approval_plans WHERE id = ?').get(id);
    if (raw === undefined) throw new ApprovalError(`no plan kept for approval has the id ${id}`, { where: id });
    return toKept(raw);
  }

  /** The newest pending plan, or null. */
  pending(): KeptPlan | null {
    const raw = this.store.db
      .prepare(`SELECT * FROM approval_plans WHERE status = 'pending' ORDER BY planned_at DESC, rowid DESC LIMIT 1`)
      .get();
    return raw === undefined ? null : strip(toKept(raw));
  }

  list(limit = 20): KeptPlan[] {
    return this.store.db
      .prepare('SELECT * FROM approval_plans ORDER BY planned_at DESC, rowid DESC LIMIT ?')
      .all(limit)
      .map((raw) => strip(toKept(raw)));
  }

  /** The kept plan itself, checked against its digest. */
  plan(id: string): Plan {
    return parsePlanText(this.getWithText(id).text, `approval plan ${id}`);
  }

  /**
   * Records `approver`'s approval of plan `id` (an audit record) and returns the plan to apply. Refused, also as an
   * audit record, when the approver made the plan; refused when the plan is not pending.
   */
  approve(id: string, approver: string): Plan {
    const kept = this.getWithText(id);
    if (kept.status !== 'pending')
      throw new ApprovalError(`plan ${id} is ${kept.status}, not pending: only a pending plan can be approved`, {
        where: id,
      });
    if (kept.plannedBy === approver) {
      this.audit(id, approver, 'approve-refused', kept, 'skipped');
      throw new ApprovalError(`${approver} made plan ${id} and cannot approve it: a second identity approves`, {
        where: id,
      });
    }
    const plan = parsePlanText(kept.text, `approval plan ${id}`);
    const db = this.store.db;
    db.transaction(() => {
      const changed = db
        .prepare(
          `UPDATE approval_plans SET status = 'approved', approved_by = ?, approved_at = ?
           WHERE id = ? AND status = 'pending'`,
        )
        .run(approver, this.now(), id);
      if (changed.changes !== 1)
        throw new ApprovalError(`plan ${id} was approved or replaced meanwhile`, { where: id });
      this.audit(id, approver, 'approve', kept, 'applied');
    }).immediate();
    return plan;
  }

  /** The outcome of applying an approved plan: its apply run, and why it was not applied (a stale plan), if so. */
  finish(id: string, status: 'applied' | 'partial' | 'failed', applyRunId: string | null, detail: string | null): void {
    this.store.db
      .prepare(`UPDATE approval_plans SET status = ?, apply_run_id = ?, detail = ? WHERE id = ?`)
      .run(status, applyRunId, detail, id);
  }

  /** One record in the hash-chained audit log: who approved (or tried to) which plan, with its counts only. */
  private audit(id: string, actor: string, action: string, kept: KeptPlan, outcome: 'applied' | 'skipped'): void {
    this.store.appendAudit({
      at: this.now(),
      runId: id,
      actor,
      connector: '*',
      employeeId: '',
      changeKey: `approval:${id}`,
      kind: 'approval',
      action,
      before: { plannedBy: kept.plannedBy, status: kept.status },
      after: { fingerprint: kept.fingerprint, changes: kept.changes },
      outcome,
      errorCode: outcome === 'skipped' ? 'FF_APPROVAL' : null,
      errorMessage: outcome === 'skipped' ? 'the planner cannot approve their own plan' : null,
      requestId: null,
    });
  }
}
