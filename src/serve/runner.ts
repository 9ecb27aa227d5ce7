import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { connectors } from '../../connectors/index.js';
import type { SecretRef } from '../../schemas/index.js';
import { writeCommittee } from '../cli/commands/committee.js';
import { writeDashboard } from '../cli/commands/report.js';
import type { ThresholdFigures } from '../core/thresholds.js';
import { createEngine, type Engine } from '../engine/engine.js';
import type { OrgEvaluation } from '../engine/evaluate-org.js';
import { importEvidenceFile } from '../engine/evidence-adapter.js';
import type { LoadedConfig } from '../engine/load-config.js';
import { FluencyError, systemCodeOf } from '../errors.js';
import type { HttpSettings } from '../http/settings.js';
import type { Logger } from '../logger.js';
import { featureMigrations } from '../state/all-migrations.js';
import { Approvals } from '../state/approvals.js';
import { StateStore } from '../state/state-store.js';
import { alertFor, thresholdState, type RunOutcome, type ThresholdState } from './alert-message.js';
import type { AlertSender } from './alerts.js';
import { applyApproved } from './apply-approved.js';
import type { ServiceClock } from './clock.js';
import type { ServiceMetrics } from './metrics.js';
import type { Trigger } from './scheduler.js';

export interface RunnerOptions {
  loaded: LoadedConfig & { locate?: (path: readonly PropertyKey[]) => number | null };
  env: NodeJS.ProcessEnv;
  clock: ServiceClock;
  logger: Logger;
  metrics: ServiceMetrics;
  sendAlert: AlertSender;
  /** Folder for the dashboard and the committee view the page serves. */
  reportDir: string;
  http?: Partial<HttpSettings>;
  resolveSecret: (ref: SecretRef) => Promise<string>;
}

/** A change the last apply could not make, for the page (the page is authenticated; alerts never carry these). */
export interface PageFailure {
  connector: string;
  employeeId: string;
  kind: string;
  status: string;
  code: string;
}

const thresholdsOf = z.object({
  thresholds: z.object({
    goalCoverage: z.object({ withGoal: z.number(), of: z.number(), share: z.number(), target: z.number() }),
    practitionerOrPursuing: z.object({
      count: z.number(),
      of: z.number(),
      share: z.number(),
      target: z.number(),
      level: z.string(),
    }),
  }),
});

const figuresOf = (summary: unknown): ThresholdFigures | undefined => {
  const parsed = thresholdsOf.safeParse(summary);
  return parsed.success ? parsed.data.thresholds : undefined;
};

/**
 * Runs what the schedule and the approvers ask for, one at a time, each the same engine plan or apply as the CLI;
 * records metrics, writes the dashboard and the committee view, and raises alerts.
 */
export const createRunner = (o: RunnerOptions) => {
  const { config } = o.loaded;
  const serveActor = config.serve?.actor ?? 'fluencyflow-serve';
  const nowIso = () => o.clock.now().toISOString();
  /** The service's own handle on the state store: the page's reads and the approvals. */
  const store = new StateStore(resolve(o.loaded.dir, config.state), nowIso, featureMigrations);
  const approvals = new Approvals(store, nowIso);
  let queue: Promise<unknown> = Promise.resolve();
  let busy: string | null = null;
  let lastFailures: { runId: string; failures: PageFailure[] } | null = null;
  let thresholdsBefore: ThresholdState | null = null;
  for (const run of store.lastRuns(20)) {
    const f = figuresOf(run.summary);
    if (f) {
      thresholdsBefore = thresholdState(f);
      break;
    }
  }
  /** Evidence files already imported by this process (name, size, time), so a quiet folder is not hashed again. */
  const seen = new Set<string>();

  const engineAs = (actor: string): Engine =>
    createEngine({
      config,
      configPath: o.loaded.path,
      configDir: o.loaded.dir,
      ...(o.loaded.locate ? { locate: o.loaded.locate } : {}),
      registry: connectors,
      logger: o.logger,
      env: o.env,
      now: () => DateTime.fromJSDate(o.clock.now()),
      actor,
      migrations: featureMigrations,
      http: {
        ...o.http,
        onRequest: (info) => o.metrics.call(info.connector),
        onThrottled: (info) => o.metrics.throttle(info.connector),
      },
      loadEvidence: async ({ store: st, employees, asOf }) => {
        const { loadEvidenceForEngine } = await import('../engine/evidence-adapter.js');
        return loadEvidenceForEngine({ config, configDir: o.loaded.dir, store: st, employees, asOf });
      },
    });

  /** One at a time: runs share the writer lock and the HRIS's rate limits. */
  const enqueue = <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      busy = what;
      try {
        return await fn();
      } finally {
        busy = null;
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };

  const writeViews = async (engine: Engine, ev: OrgEvaluation): Promise<void> => {
    try {
      await writeDashboard(engine, ev, join(o.reportDir, 'dashboard'));
      await writeCommittee(ev, join(o.reportDir, 'committee'), config.promotion.nearPromotionMonths);
    } catch (e) {
      o.logger.warn(`the dashboard was not written: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const finish = async (run: RunOutcome): Promise<RunOutcome> => {
    o.metrics.run({
      trigger: run.trigger,
      command: run.command,
      status: run.status,
      finishedAt: o.clock.now(),
      ...(run.counts ? { counts: run.counts } : {}),
      ...(run.thresholds ? { thresholds: run.thresholds } : {}),
    });
    o.metrics.pending(approvals.pending() === null ? 0 : 1);
    const alert = alertFor(run, thresholdsBefore, config.alerts?.on ?? []);
    if (run.thresholds) thresholdsBefore = thresholdState(run.thresholds);
    if (alert) await o.sendAlert(alert);
    o.logger.info(`${run.trigger} ${run.command} run ${run.runId}: ${run.status}`);
    return run;
  };

  const failed = (trigger: string, command: string, e: unknown, runId: string | null): RunOutcome => {
    o.logger.error(`${trigger} ${command} failed: ${e instanceof Error ? e.message : String(e)}`);
    const latest = store.lastRuns(1)[0];
    return {
      runId: runId ?? (latest?.status === 'failed' ? latest.id : 'none'),
      trigger,
      command,
      status: 'failed',
      errorCode: e instanceof FluencyError ? e.code : 'unexpected',
      manualChanges: 0,
    };
  };

  /** New files in `schedule.evidence.folder`, imported; whether any brought new content. */
  const importNewEvidence = async (): Promise<boolean> => {
    const ev = config.schedule?.evidence;
    if (!ev) return false;
    const folder = resolve(o.loaded.dir, ev.folder);
    let fresh = false;
    let names: string[];
    try {
      names = (await readdir(folder)).sort();
    } catch (e) {
      // A folder not made yet is an empty one (nothing landed); anything else fails the run.
      if (systemCodeOf(e) !== 'ENOENT') throw e;
      o.logger.debug(`evidence folder ${folder} does not exist yet`);
      return false;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const file = join(folder, name);
      const st = await stat(file);
      const key = `${name}:${st.size}:${st.mtimeMs}`;
      if (!st.isFile() || seen.has(key)) continue;
      const result = await importEvidenceFile({ kind: ev.kind, file, store, config, configDir: o.loaded.dir });
      seen.add(key);
      if (!result.unchanged) fresh = true;
      const what = result.unchanged ? 'unchanged' : `${result.loaded} loaded, ${result.badRows} bad rows`;
      o.logger.info(`evidence ${name}: ${what}`);
    }
    return fresh;
  };

  const scheduledRun = async (trigger: Trigger): Promise<RunOutcome | null> => {
    if (trigger === 'evidence') {
      try {
        if (!(await importNewEvidence())) return null;
      } catch (e) {
        return finish(failed(trigger, 'import', e, null));
      }
    }
    const planOnly = config.approval === 'required' || config.schedule?.run === 'plan';
    const engine = engineAs(serveActor);
    try {
      if (planOnly) {
        const ev = await engine.plan();
        const thresholds = figuresOf(engine.store().runById(ev.runId)?.summary);
        let status: RunOutcome['status'] = 'done';
        if (config.approval === 'required' && ev.plan.changes.length > 0) {
          approvals.keep(ev.plan, ev.runId, serveActor);
          status = 'pending-approval';
        }
        await writeViews(engine, ev);
        return await finish({
          runId: ev.runId,
          trigger,
          command: 'plan',
          status,
          manualChanges: ev.manualChanges.length,
          ...(thresholds ? { thresholds } : {}),
        });
      }
      const { evaluation, result, summary } = await engine.apply();
      lastFailures = { runId: summary.runId, failures: result.failures.map(pageFailure) };
      await writeViews(engine, evaluation);
      return await finish({
        runId: summary.runId,
        trigger,
        command: 'apply',
        status: result.failures.length > 0 ? 'partial' : 'done',
        counts: countsOf(result),
        manualChanges: evaluation.manualChanges.length,
        thresholds: summary.thresholds,
      });
    } catch (e) {
      return finish(failed(trigger, planOnly ? 'plan' : 'apply', e, null));
    } finally {
      await engine.close();
    }
  };

  return {
    store,
    approvals,
    busy: () => busy,
    lastFailures: () => lastFailures,
    /** A run the schedule asks for (queued behind any run in progress); null when no new evidence landed. */
    scheduled: (trigger: Trigger) => enqueue(`${trigger} run`, () => scheduledRun(trigger)),
    /**
     * Records `approver`'s approval at once (refused: FF_APPROVAL, the planner's own plan among them) and queues the
     * apply of exactly that plan; the promise settles when it is applied.
     */
    approve(planId: string, approver: string): { applied: Promise<RunOutcome> } {
      approvals.approve(planId, approver);
      const applied = enqueue(`apply of approved plan ${planId}`, async () => {
        const engine = engineAs(approver);
        try {
          const out = await applyApproved(engine, approvals, planId);
          const r = out.result;
          if (r) {
            lastFailures = { runId: r.summary.runId, failures: r.result.failures.map(pageFailure) };
            await writeViews(engine, r.evaluation);
          }
          return await finish({
            runId: out.applyRunId ?? planId,
            trigger: 'approval',
            command: 'apply',
            status: out.status === 'applied' ? 'done' : out.status,
            ...(out.errorCode ? { errorCode: out.errorCode } : {}),
            ...(r
              ? {
                  counts: countsOf(r.result),
                  manualChanges: r.evaluation.manualChanges.length,
                  thresholds: r.summary.thresholds,
                }
              : { manualChanges: 0 }),
          });
        } finally {
          await engine.close();
        }
      });
      return { applied };
    },
    /** Waits for the runs queued so far. */
    idle: () => queue.then(() => undefined),
    close(): void {
      store.close();
    },
  };
};
export type Runner = ReturnType<typeof createRunner>;

const countsOf = (r: { applied: number; failed: number; unknown: number; notAttempted: number }) => ({
  applied: r.applied,
  failed: r.failed,
  unknown: r.unknown,
  notAttempted: r.notAttempted,
});

const pageFailure = (f: PageFailure): PageFailure => ({
  connector: f.connector,
  employeeId: f.employeeId,
  kind: f.kind,
  status: f.status,
  code: f.code,
});
