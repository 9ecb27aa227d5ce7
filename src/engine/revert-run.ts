/**
 * `revert <run-id>`: the run's writes from the audit log, what the HRIS holds now, and the plan that undoes them
 * (src/core/revert.ts). Reads every configured connector in full (a scope does not hide a run's writes).
 */
import { z } from 'zod';
import { changeKind, type Config, type Plan, type RevertChange, type RevertSection } from '../../schemas/index.js';
import type { ConnectorSession } from '../connector.js';
import { buildPolicy } from '../core/policy.js';
import {
  planRevert,
  revertFingerprint,
  revertSummary,
  type HeldNow,
  type LaterWrite,
  type RunWrite,
} from '../core/revert.js';
import { stableStringify } from '../core/hash.js';
import { PlanTamperedError, RunNotFoundError, RunNotRevertibleError, StalePlanError } from '../errors.js';
import { auditWriteColumns } from '../state/audit-log.js';
import type { StateStore } from '../state/state-store.js';
import { policyHashOf, readOptionsFor } from './evaluate-org.js';

const auditWrite = auditWriteColumns.extend({
  outcome: z.string(),
  phase: z.string(),
  intent_seq: z.number().nullable(),
});

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** The run to undo, checked: it exists, it is over, and it was an apply. */
const revertibleRun = (store: StateStore, runId: string) => {
  const run = store.runById(runId);
  const where = store.db.name;
  if (run === null) throw new RunNotFoundError(`no run ${runId} in the state store ${where}`, { where });
  if (run.command === 'plan')
    throw new RunNotRevertibleError(`run ${runId} was a plan (a dry run): it wrote nothing to revert`, { where });
  if (run.command === 'revert')
    throw new RunNotRevertibleError(`run ${runId} was itself a revert: apply again to write what fluencyflow plans`, {
      where,
    });
  if (run.command !== 'apply')
    throw new RunNotRevertibleError(`run ${runId} was a ${run.command}, not an apply`, { where });
  if (run.status === 'running') throw new RunNotRevertibleError(`run ${runId} is still running`, { where });
  return run;
};

/**
 * The run's writes: each outcome record, and each intent left without one (a killed write, counted `unknown`); and
 * for each change key, the later run that wrote it again (its value is then not someone else's change).
 */
const runWrites = (
  store: StateStore,
  runId: string,
): { writes: RunWrite[]; laterWrite: (key: string) => LaterWrite | null } => {
  const rows = store.db
    .prepare(
      `SELECT a.* FROM audit a WHERE a.run_id = ? AND (a.phase = 'outcome'
         OR NOT EXISTS (SELECT 1 FROM audit o WHERE o.intent_seq = a.seq)) ORDER BY a.seq`,
    )
    .all(runId)
    .map((raw) => auditWrite.parse(raw));
  const writes = rows.map((r) => ({
    connector: r.connector,
    employeeId: r.employee_id,
    changeKey: r.change_key,
    kind: r.kind,
    action: r.action,
    before: json(r.before),
    after: json(r.after),
    outcome: r.phase === 'intent' ? 'unknown' : r.outcome,
  }));
  const last = rows.reduce((m, r) => Math.max(m, r.seq), 0);
  const later = new Map<string, LaterWrite>();
  const after = store.db.prepare(
    `SELECT seq, change_key, run_id, outcome FROM audit
     WHERE seq > ? AND run_id <> ? AND phase = 'outcome' AND outcome IN ('applied', 'noop') ORDER BY seq`,
  );
  for (const raw of after.iterate(last, runId)) {
    const r = z.object({ seq: z.number(), change_key: z.string(), run_id: z.string(), outcome: z.string() }).parse(raw);
    later.set(r.change_key, { runId: r.run_id, seq: r.seq, outcome: r.outcome });
  }
  return { writes, laterWrite: (key) => later.get(key) ?? null };
};

/** What the HRIS holds now for every employee of the connectors the run wrote to. */
const readHeld = async (
  sessions: readonly ConnectorSession[],
  config: Config,
  asOf: string,
  connectors: ReadonlySet<string>,
) => {
  const readOptions = readOptionsFor(buildPolicy(config), asOf);
  const held = new Map<string, HeldNow>();
  for (const s of sessions) {
    if (!connectors.has(s.id)) continue;
    await s.resolveValues();
    for await (const page of s.readEmployees(readOptions))
      for (const r of page) {
        const name = `${r.employee.firstName} ${r.employee.lastName}`.trim();
        held.set(`${s.id}\u0000${r.employee.id}`, { current: r.current, ...(name ? { displayName: name } : {}) });
      }
  }
  return { held, readOptions };
};

/** The plan that undoes run `runId`, as of now; with the read options its writes use. */
export const revertPlan = async (o: {
  store: StateStore;
  sessions: readonly ConnectorSession[];
  config: Config;
  runId: string;
  asOf: string;
}) => {
  const run = revertibleRun(o.store, o.runId);
  const { writes, laterWrite } = runWrites(o.store, o.runId);
  const asOf = run.asOf ?? o.asOf;
  const configured = new Set(o.sessions.map((s) => s.id));
  const gone = writes.filter((w) => !configured.has(w.connector));
  const { held, readOptions } = await readHeld(o.sessions, o.config, asOf, new Set(writes.map((w) => w.connector)));
  const removal = new Map(o.sessions.map((s) => [s.id, s.goalRemoval]));
  const section = planRevert({
    runId: o.runId,
    writes: writes.filter((w) => configured.has(w.connector)),
    laterWrite,
    heldNow: (connector, id) => held.get(`${connector}\u0000${id}`) ?? null,
    identity: readOptions.goal,
    goalRemoval: (connector) => removal.get(connector) ?? 'close',
  });
  for (const w of gone) {
    const kind = changeKind.safeParse(w.kind);
    if (kind.success && (w.outcome === 'applied' || w.outcome === 'unknown'))
      section.skipped.push({
        connector: w.connector,
        employeeId: w.employeeId,
        kind: kind.data,
        reverts: w.changeKey,
        reason: `connector ${w.connector} is no longer in the config`,
      });
  }
  const plan: Plan = {
    format: 'fluencyflow-plan/1',
    organization: o.config.organization,
    asOf,
    cycle: o.config.cycle.id,
    fingerprint: revertFingerprint(section),
    policyHash: policyHashOf(o.config),
    summary: revertSummary(section),
    changes: [],
    issues: [],
    revert: section,
  };
  return { plan, section, readOptions };
};

/**
 * A saved revert plan against the one made now: the same run, the HRIS unchanged since (same fingerprint), and every
 * saved change one the engine plans itself. Returns the changes to send.
 */
export const matchSavedRevert = (saved: Plan, fresh: RevertSection, fingerprint: string): RevertChange[] => {
  const section = saved.revert;
  if (section === undefined) throw new PlanTamperedError('the plan is not a revert plan');
  if (section.runId !== fresh.runId)
    throw new PlanTamperedError(`the plan reverts run ${section.runId}, not ${fresh.runId}`);
  if (saved.fingerprint !== fingerprint) throw new StalePlanError('the HRIS changed since the revert plan was made');
  const own = new Map(fresh.changes.map((c) => [c.key, c]));
  const bad = section.changes.filter((c) => stableStringify(own.get(c.key) ?? null) !== stableStringify(c));
  if (bad.length > 0)
    throw new PlanTamperedError(
      `the plan holds ${bad.length} change(s) fluencyflow would not make; nothing was written: ${bad
        .slice(0, 5)
        .map((c) => c.key)
        .join(', ')}`,
    );
  return section.changes.flatMap((c) => own.get(c.key) ?? []);
};
