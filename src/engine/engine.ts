import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Config, LevelSnapshot, ManualChange, Plan } from '../../schemas/index.js';
import { applyPlan, applyWrites, type ApplyResult } from '../apply/apply-plan.js';
import { matchSavedPlan } from '../apply/match-plan.js';
import { reconcileOpenIntents } from '../apply/reconcile.js';
import type { ConnectorSession, Discovery } from '../connector.js';
import { signalFigures, thresholdFigures, type SignalFigures, type ThresholdFigures } from '../core/thresholds.js';
import { toSnapshot } from '../core/snapshot.js';
import { quarterOf } from '../report/quarters.js';
import { AuditBrokenError, StalePlanError } from '../errors.js';
import { RunGuard } from '../http/run-guard.js';
import { defaultHttpSettings, type HttpSettings } from '../http/settings.js';
import type { Logger } from '../logger.js';
import type { Migration } from '../state/migrations.js';
import { safeMessage } from '../state/safe-text.js';
import { ReadCache } from '../state/read-cache.js';
import type { NewRun } from '../state/runs.js';
import { StateStore } from '../state/state-store.js';
import type { HeldLock } from '../state/writer-lock.js';
import { evaluateOrg, type EvidenceSource, type OrgEvaluation } from './evaluate-org.js';
import { takeLease } from './lease.js';
import { registerConfigSecrets } from './register-secrets.js';
import { matchSavedRevert, revertPlan } from './revert-run.js';
import { resolveScope } from './scope.js';
import { readByDelta } from './read-by-delta.js';
import { openSessions, type Registry } from './sessions.js';
import { stateTarget } from './state-target.js';
import { openStore } from './open-store.js';
import { runChecks } from './check-run.js';

export interface EngineOptions {
  config: Config;
  configPath: string;
  configDir: string;
  locate?: (path: readonly PropertyKey[]) => number | null;
  registry: Registry;
  logger: Logger;
  http?: Partial<HttpSettings>;
  env?: NodeJS.ProcessEnv;
  /** The clock (injected; tests fix it). */
  now?: () => DateTime;
  actor?: string;
  /** Loads evidence for the employees read, from the state store and the config's evidence files. */
  loadEvidence: (args: {
    store: StateStore;
    employees: readonly OrgEvaluation['records'][number]['employee'][];
    asOf: string;
  }) => Promise<EvidenceSource>;
  /** Extra state-store migrations (the evidence store's). */
  migrations?: readonly Migration[];
  onProgress?: (phase: string, done: number, total: number | null) => void;
  /** `--scope`: replaces the config's `scope.include` for this engine's runs. */
  scope?: string | null;
}

export interface RunSummary {
  runId: string;
  plan: Plan['summary'];
  applied?: number;
  failed?: number;
  unknown?: number;
  notAttempted?: number;
  thresholds: ThresholdFigures;
  signals: SignalFigures;
  evidence: Record<string, number>;
  /** Present when the run had a scope: which one (the thresholds cover it only) and how many it left out. */
  scope?: string;
  outOfScope?: number;
  /** Values people changed by hand (kept overrides among them), or that differ without history. */
  manualChanges?: ManualChange[];
}

/** An apply stops sending after this long unless told otherwise (`apply --deadline`). */
const DEFAULT_APPLY_DEADLINE_MS = 60 * 60 * 1000;

/** Whether the HRIS holds an employee's goal after a run: it was already there (noop) or the run wrote it. */
const goalHeldAfter = (
  changes: OrgEvaluation['changes'],
  outcomes: ApplyResult['outcomes'],
): ((connector: string, id: string) => boolean) => {
  const held = new Map<string, boolean>();
  for (const c of changes) {
    if (c.kind !== 'goal') continue;
    const outcome = outcomes.get(c.key);
    held.set(`${c.connector}:${c.employeeId}`, c.action === 'noop' || outcome === 'applied' || outcome === 'noop');
  }
  return (connector, id) => held.get(`${connector}:${id}`) ?? false;
};

const scopeFields = (ev: OrgEvaluation): Pick<RunSummary, 'scope' | 'outOfScope' | 'manualChanges'> => ({
  ...(ev.scope === null ? {} : { scope: ev.scope, outOfScope: ev.outOfScope }),
  ...(ev.manualChanges.length === 0 ? {} : { manualChanges: ev.manualChanges }),
});

/** The library's entry point: the same operations as the CLI, typed. */
export const createEngine = (o: EngineOptions) => {
  const now = o.now ?? (() => DateTime.now());
  registerConfigSecrets(o.config, o.configDir, o.env ?? process.env);
  const guard = o.http?.guard ?? new RunGuard();
  const http: HttpSettings = { ...defaultHttpSettings, now: () => now().toMillis(), ...o.http, guard };
  let sessions: ConnectorSession[] | null = null;
  let store: StateStore | null = null;
  let readCache: ReadCache | null = null;
  const getSessions = () =>
    (sessions ??= openSessions({
      config: o.config,
      configPath: o.configPath,
      configDir: o.configDir,
      registry: o.registry,
      logger: o.logger,
      http,
      now: () => now().toMillis(),
      asOf: () => asOfFor(),
      ...(o.env ? { env: o.env } : {}),
      ...(o.locate ? { locate: o.locate } : {}),
    }));
  const getStore = () =>
    (store ??= openStore(stateTarget(o.config, o.configDir, o.env ?? process.env), now, o.migrations ?? []));
  const actor = o.actor ?? process.env.USER ?? 'fluencyflow';
  const connectorIds = o.config.connectors.map((k) => k.id);

  /**
   * A write run's start, shared by `apply` and `revert`: the run is recorded (its lock released if that fails) and
   * the run's deadline and circuit breaker armed; the caller's `finally` disarms and releases.
   */
  const beginRun = (st: StateStore, lock: HeldLock, run: NewRun, deadlineMs: number | undefined): void => {
    try {
      st.startRun(run);
    } catch (e) {
      lock.release();
      throw e;
    }
    guard.arm({ deadlineMs: deadlineMs ?? DEFAULT_APPLY_DEADLINE_MS, breakerThreshold: http.breakerThreshold ?? 5 });
  };
  /** What every write of a run checks and reports: the clock, the lock still held, the guard's stop, progress. */
  const writeHooks = (lock: HeldLock, onProgress: ((done: number, total: number) => void) | undefined) => ({
    now: () => now().toUTC().toISO() ?? '',
    beforeWrite: () => lock.assertHeld(),
    stopReason: (connector: string) => guard.stopReason(connector),
    ...(onProgress ? { onProgress } : {}),
  });

  const asOfFor = (asOf?: string | null): string =>
    asOf ?? o.config.asOf ?? now().setZone(o.config.cycle.zone).toISODate() ?? '';

  /** `adopt`: values that differ without history are written and become the baseline (`--adopt`). */
  const evaluate = async (asOf?: string | null, opts: { adopt?: boolean } = {}): Promise<OrgEvaluation> => {
    const day = asOfFor(asOf);
    const st = getStore();
    // Tenant truth first (DESIGN §9): a value the tenant would reject stops the run before anything is read or written.
    for (const s of getSessions()) await s.resolveValues();
    const scope = await resolveScope({ config: o.config, configDir: o.configDir, cli: o.scope ?? null });
    return evaluateOrg({
      config: o.config,
      scope,
      sessions: getSessions(),
      asOf: day,
      history: { ...st.writtenValues(), adopt: opts.adopt === true },
      loadEvidence: (employees) => o.loadEvidence({ store: st, employees, asOf: day }),
      read: async (session, options, onPage) => {
        // A record with an open audit intent is read whole: reconciliation judges what the HRIS holds now.
        // (A plan skips reconciliation while the audit is broken, and apply stops before reading: none to add then.)
        let include: string[] = [];
        try {
          include = st.openIntents().flatMap((i) => (i.connector === session.id ? [i.employeeId] : []));
        } catch {
          include = [];
        }
        const at = now().toUTC().toISO() ?? '';
        const cache = (readCache ??= new ReadCache(st.db, () => now().toUTC().toISO() ?? ''));
        return (
          await readByDelta({ session, options, config: o.config, cache, now: at, include, logger: o.logger, onPage })
        ).records;
      },
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
  };

  /** Outcomes for a killed writer's open intents, from this fresh read (a plan skips it while the audit is broken). */
  const reconcile = (st: StateStore, ev: OrgEvaluation, runId: string, lenient: boolean): void => {
    try {
      const read = new Set(ev.records.map((r) => `${r.employee.connector}:${r.employee.id}`));
      const covers = (connector: string, id: string) => ev.scope === null || read.has(`${connector}:${id}`);
      const n = reconcileOpenIntents(st, ev.diffed, { runId, actor, at: now().toUTC().toISO() ?? '' }, covers);
      if (n > 0) o.logger.info(`reconciled ${n} audit intents of interrupted runs`);
    } catch (e) {
      if (!lenient || !(e instanceof AuditBrokenError)) throw e;
      o.logger.warn(`audit intents not reconciled: ${e.message}`);
    }
  };

  const snapshotsOf = (ev: OrgEvaluation, hasGoal: (connector: string, id: string) => boolean): LevelSnapshot[] =>
    ev.evaluations.map((e) => toSnapshot(e, quarterOf(ev.asOf), hasGoal(e.connector, e.employeeId)));

  return {
    config: o.config,
    store: getStore,
    sessions: getSessions,

    /**
     * Each connector's own checks, then what the config says against the tenant (grades, values to be written),
     * and last a `setup` group: names in the policy that no tenant has, and the evidence files.
     */
    check: () => runChecks(getSessions(), o.config, o.configDir),

    async discover(): Promise<{ connector: string; type: string; discovery: Discovery }[]> {
      const out = [];
      for (const s of getSessions()) out.push({ connector: s.id, type: s.type, discovery: await s.discover() });
      return out;
    },

    evaluate,

    /** Computes the plan; writes nothing to the HRIS (records the run in the state store). */
    async plan(asOf?: string | null, opts: { adopt?: boolean } = {}): Promise<OrgEvaluation & { runId: string }> {
      const runId = randomUUID();
      const st = getStore();
      st.startRun({ id: runId, command: 'plan', actor, asOf: asOfFor(asOf) });
      try {
        const ev = await evaluate(asOf, opts);
        reconcile(st, ev, runId, true);
        const hasGoal = new Set(
          ev.records.filter((r) => r.current.goals.length > 0).map((r) => `${r.employee.connector}:${r.employee.id}`),
        );
        const summary: RunSummary = {
          runId,
          plan: ev.plan.summary,
          thresholds: thresholdFigures(ev.policy, ev.evaluations, (e) => hasGoal.has(`${e.connector}:${e.employeeId}`)),
          signals: signalFigures(ev.evaluations, o.config.privacy.minGroupSize),
          evidence: ev.evidenceCounts,
          ...scopeFields(ev),
        };
        st.finishRun(runId, 'done', summary, ev.plan.fingerprint);
        return { ...ev, runId };
      } catch (e) {
        st.finishRun(runId, 'failed', { error: safeMessage(e instanceof Error ? e.message : String(e)) });
        throw e;
      }
    },

    /**
     * Applies a plan: the saved one (refused when the HRIS changed since it was made) or a fresh one. Failed writes
     * are recorded and planned again by the next run.
     */
    async apply(
      args: {
        plan?: Plan;
        asOf?: string | null;
        onProgress?: (done: number, total: number) => void;
        /** The run's time budget from its start (default one hour); after it nothing more is sent. */
        deadlineMs?: number;
        /** `--adopt` (a saved plan made with it adopts too). */
        adopt?: boolean;
        /** `--wait`: how long to wait for another worker's lease (PostgreSQL) or lock; refused at once without it. */
        waitForLeaseMs?: number;
      } = {},
    ): Promise<{ evaluation: OrgEvaluation; result: ApplyResult; summary: RunSummary }> {
      const runId = randomUUID();
      const st = getStore();
      const asOf = args.plan?.asOf ?? asOfFor(args.asOf);
      // One writer per state store (per connector on PostgreSQL), from before the read until the last write
      // (FF_LOCKED names the holder).
      const lock = await takeLease(st, runId, connectorIds, args.waitForLeaseMs);
      beginRun(st, lock, { id: runId, command: 'apply', actor, asOf }, args.deadlineMs);
      try {
        // A write the audit could not record faithfully is not made: check before reading anything.
        st.assertAuditIntact();
        const ev = await evaluate(asOf, { adopt: args.adopt === true || args.plan?.adopt === true });
        reconcile(st, ev, runId, false);
        if (args.plan) {
          if (args.plan.policyHash !== ev.plan.policyHash)
            throw new StalePlanError(
              args.plan.scope !== ev.plan.scope
                ? `the plan was made for another scope (${args.plan.scope ?? 'everyone'}; ` +
                    `now ${ev.plan.scope ?? 'everyone'}): pass the same --scope`
                : 'the plan was made with another policy (the config changed since)',
            );
          if (args.plan.fingerprint !== ev.plan.fingerprint)
            throw new StalePlanError('the HRIS changed since the plan was made');
        }
        // A saved plan applies only what the engine plans itself now (same key, before and after): a forged change
        // stops it.
        const plan = args.plan ? { ...args.plan, changes: matchSavedPlan(args.plan.changes, ev.changes) } : ev.plan;
        const result = await applyPlan({
          plan,
          sessions: getSessions(),
          store: st,
          runId,
          actor,
          readOptions: ev.readOptions,
          ...writeHooks(lock, args.onProgress),
        });
        const hasGoal = goalHeldAfter(ev.changes, result.outcomes);
        st.upsertSnapshots(snapshotsOf(ev, hasGoal));
        const summary: RunSummary = {
          runId,
          plan: plan.summary,
          applied: result.applied,
          failed: result.failed,
          unknown: result.unknown,
          notAttempted: result.notAttempted,
          thresholds: thresholdFigures(ev.policy, ev.evaluations, (e) => hasGoal(e.connector, e.employeeId)),
          signals: signalFigures(ev.evaluations, o.config.privacy.minGroupSize),
          evidence: ev.evidenceCounts,
          ...scopeFields(ev),
        };
        const incomplete = result.failed + result.unknown + result.notAttempted > 0;
        st.finishRun(runId, incomplete ? 'partial' : 'done', summary, plan.fingerprint);
        return { evaluation: ev, result, summary };
      } catch (e) {
        st.finishRun(runId, 'failed', { error: safeMessage(e instanceof Error ? e.message : String(e)) });
        throw e;
      } finally {
        guard.disarm();
        lock.release();
      }
    },

    /** The plan that undoes run `runId` (`revert` without `--yes`): reads the HRIS, writes nothing, records no run. */
    async planRevert(runId: string): Promise<Plan> {
      const st = getStore();
      return (await revertPlan({ store: st, sessions: getSessions(), config: o.config, runId, asOf: asOfFor() })).plan;
    },

    /**
     * Undoes run `runId` (`revert --yes`, or `apply` of a saved revert plan, refused when the HRIS changed since):
     * the same lock, deadline, audit (intent and outcome per write) and run record as `apply`, the run recorded as
     * `revert` with the run it reverts.
     */
    async revert(args: {
      runId: string;
      plan?: Plan;
      onProgress?: (done: number, total: number) => void;
      deadlineMs?: number;
    }): Promise<{ plan: Plan; result: ApplyResult; runId: string }> {
      const runId = randomUUID();
      const st = getStore();
      const lock = st.acquireWriterLock(runId, connectorIds);
      beginRun(st, lock, { id: runId, command: 'revert', actor, asOf: args.plan?.asOf ?? null }, args.deadlineMs);
      try {
        st.assertAuditIntact();
        const fresh = await revertPlan({
          store: st,
          sessions: getSessions(),
          config: o.config,
          runId: args.runId,
          asOf: asOfFor(),
        });
        const writes = args.plan
          ? matchSavedRevert(args.plan, fresh.section, fresh.plan.fingerprint)
          : fresh.section.changes;
        const result = await applyWrites({
          writes,
          send: (session, batch, readOptions) => session.revert(batch, readOptions),
          sessions: getSessions(),
          store: st,
          runId,
          actor,
          readOptions: fresh.readOptions,
          ...writeHooks(lock, args.onProgress),
        });
        const summary = {
          runId,
          reverts: args.runId,
          plan: fresh.plan.summary,
          applied: result.applied,
          failed: result.failed,
          unknown: result.unknown,
          notAttempted: result.notAttempted,
          skipped: fresh.section.skipped.length,
        };
        const incomplete = result.failed + result.unknown + result.notAttempted > 0;
        st.finishRun(runId, incomplete ? 'partial' : 'done', summary, fresh.plan.fingerprint);
        return { plan: fresh.plan, result, runId };
      } catch (e) {
        st.finishRun(runId, 'failed', {
          reverts: args.runId,
          error: safeMessage(e instanceof Error ? e.message : String(e)),
        });
        throw e;
      } finally {
        guard.disarm();
        lock.release();
      }
    },

    async close(): Promise<void> {
      for (const s of sessions ?? []) await s.close();
      store?.close();
      sessions = null;
      store = null;
      readCache = null;
    },
  };
};

export type Engine = ReturnType<typeof createEngine>;
