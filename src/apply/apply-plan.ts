import pLimit from 'p-limit';
import type { Change, Plan } from '../../schemas/index.js';
import type { ChangeOutcome, ConnectorSession, ReadOptions } from '../connector.js';
import { FluencyError, ProviderError } from '../errors.js';
import { neverSent } from '../http/retry-decision.js';
import { networkCodeOf } from '../http/with-retry.js';
import { safeMessage } from '../state/safe-text.js';
import type { StateStore } from '../state/state-store.js';

/**
 * `failed`: the HRIS refused it. `unknown`: the request may have reached the HRIS but no answer came (a timeout or
 * reset after the body was sent); the next run's fresh read tells, and nothing sends it again before that read.
 * `not_attempted`: never sent, because the run's deadline passed or the connector's circuit opened.
 */
type ApplyFailureStatus = 'failed' | 'unknown' | 'not_attempted';

interface ApplyFailure {
  status: ApplyFailureStatus;
  key: string;
  connector: string;
  employeeId: string;
  kind: Change['kind'];
  code: string;
  message: string;
}

export interface ApplyResult {
  applied: number;
  noop: number;
  failed: number;
  /** Writes whose outcome is not known (see ApplyFailureStatus). */
  unknown: number;
  notAttempted: number;
  /** Every change not applied, with its status. */
  failures: ApplyFailure[];
  /** Outcome per change key (not attempted: absent). */
  outcomes: Map<string, ChangeOutcome['outcome'] | 'unknown' | 'skipped'>;
  /** Why the run stopped sending to a connector (deadline, open circuit), once per connector. */
  stopped: FluencyError[];
}

/** What the apply loop needs of a write: where it goes and what its audit records hold. */
export interface Write {
  key: string;
  connector: string;
  employeeId: string;
  kind: Change['kind'];
  action: string;
  before: unknown;
  after: unknown;
}

export interface ApplyOptions {
  plan: Plan;
  sessions: readonly ConnectorSession[];
  store: StateStore;
  runId: string;
  actor: string;
  readOptions: ReadOptions;
  now: () => string;
  /**
   * Batches in flight per connector at the most. Rate limiting is met below, per request: the connector's adaptive
   * limiter (`src/http/adaptive-limiter.ts`) pauses and narrows every request of the run, reads and writes alike.
   */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Called before every batch is written; throws to stop the run (the writer lock was lost). */
  beforeWrite?: () => void;
  /** Why nothing more may be sent to a connector (the run's deadline, its open circuit), or null. */
  stopReason?: (connector: string) => FluencyError | null;
}

/** Only refused-before-sending errors say the HRIS never saw the request. */
const STOPPED = new Set(['FF_HRIS_UNAVAILABLE', 'FF_DEADLINE']);

/** The audit outcome of a connector's outcome: a transport failure after sending is `unknown`, never `failed`. */
const auditOutcomeOf = (outcome: ChangeOutcome): ChangeOutcome['outcome'] | 'unknown' | 'skipped' => {
  const err = outcome.error;
  if (outcome.outcome !== 'failed' || err === undefined) return outcome.outcome;
  if (STOPPED.has(err.code)) return 'skipped';
  if (err.code === 'FF_NETWORK' && !neverSent(networkCodeOf(err))) return 'unknown';
  return 'failed';
};

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * The changes grouped by kind (in the order each kind first appears, plan order within a kind), then cut into batches:
 * a connector with bulk writes of one kind (Workday's `bulk=true` flags) fills each call, where a plan's mix would put
 * a third of each kind in every batch; one that takes any mix (SuccessFactors' `/upsert`) still gets full batches.
 * Changes are independent, so their order across kinds does not matter.
 */
const batchesByKind = <T extends { kind: string }>(items: readonly T[], size: number): T[][] => {
  const kinds = [...new Set(items.map((c) => c.kind))];
  return chunk(
    kinds.flatMap((k) => items.filter((c) => c.kind === k)),
    size,
  );
};

/**
 * Executes a plan through the connectors: batches of the connector's size, bounded concurrency, an audit
 * intent per change before its batch is written and its outcome after. A failed change is recorded and left for
 * the next run (which reads the HRIS again and plans it anew); nothing is half-done because each change is one write.
 */
export const applyPlan = (o: ApplyOptions): Promise<ApplyResult> =>
  applyWrites({
    ...o,
    writes: o.plan.changes,
    send: (session, batch, readOptions) => session.apply(batch, readOptions),
  });

/** The same loop for any kind of write (`revert` sends its own through `ConnectorSession.revert`). */
export const applyWrites = async <W extends Write>(
  o: Omit<ApplyOptions, 'plan'> & {
    writes: readonly W[];
    send: (session: ConnectorSession, batch: W[], readOptions: ReadOptions) => Promise<ChangeOutcome[]>;
  },
): Promise<ApplyResult> => {
  const result: ApplyResult = {
    applied: 0,
    noop: 0,
    failed: 0,
    unknown: 0,
    notAttempted: 0,
    failures: [],
    outcomes: new Map(),
    stopped: [],
  };
  const total = o.writes.length;
  let done = 0;
  const max = Math.max(1, o.concurrency ?? 4);

  const entry = (change: W) => ({
    at: o.now(),
    runId: o.runId,
    actor: o.actor,
    connector: change.connector,
    employeeId: change.employeeId,
    changeKey: change.key,
    kind: change.kind,
    action: change.action,
    before: change.before,
    after: change.after,
  });
  /** The intent records of a batch, before it is written: a kill mid-write leaves them open for reconciliation. */
  const intend = (batch: readonly W[]): Map<string, number> => {
    const seqs = o.store.appendAuditMany(
      batch.map((c) => ({
        ...entry(c),
        outcome: 'pending',
        errorCode: null,
        errorMessage: null,
        requestId: null,
        phase: 'intent',
      })),
    );
    return new Map(batch.map((c, i) => [c.key, seqs[i] ?? 0]));
  };
  const fail = (change: W, status: ApplyFailureStatus, code: string, message: string) => {
    if (status === 'failed') result.failed++;
    else if (status === 'unknown') result.unknown++;
    else result.notAttempted++;
    result.failures.push({
      status,
      key: change.key,
      connector: change.connector,
      employeeId: change.employeeId,
      kind: change.kind,
      code,
      message,
    });
  };
  /** Stops sending to a connector: its remaining changes are listed as not attempted (no intent: nothing was sent). */
  const stopped = (connector: string): FluencyError | null => {
    const reason = o.stopReason?.(connector) ?? null;
    if (reason && !result.stopped.some((r) => r.connector === connector)) result.stopped.push(reason);
    return reason;
  };
  const record = (change: W, outcome: ChangeOutcome, intentSeq: number | undefined) => {
    const err = outcome.error;
    const message = err ? safeMessage(err.message) : null;
    o.store.appendAudit({
      ...entry(change),
      phase: 'outcome',
      intentSeq: intentSeq ?? null,
      outcome: auditOutcomeOf(outcome),
      errorCode: err?.code ?? null,
      errorMessage: message,
      requestId: outcome.requestId ?? err?.requestId ?? null,
    });
    const kind = auditOutcomeOf(outcome);
    result.outcomes.set(change.key, kind);
    // The circuit opened or the deadline passed inside a batch the connector was already writing: say why, once.
    const told = result.stopped.some((r) => r.connector === change.connector);
    if (kind === 'skipped' && err && !told) result.stopped.push(err);
    if (kind === 'applied' || kind === 'noop') {
      if (kind === 'applied') result.applied++;
      else result.noop++;
    } else
      fail(change, kind === 'skipped' ? 'not_attempted' : kind, err?.code ?? 'FF_PROVIDER_ERROR', message ?? 'failed');
    done++;
    o.onProgress?.(done, total);
  };

  await Promise.all(
    o.sessions.map(async (session) => {
      const mine = o.writes.filter((c) => c.connector === session.id && c.action !== 'noop');
      const limit = pLimit(max);
      const batches = batchesByKind(mine, Math.max(1, session.maxBatchSize));
      await Promise.all(
        batches.map((batch) =>
          limit(async () => {
            let outcomes: ChangeOutcome[];
            const reason = stopped(session.id);
            if (reason) {
              for (const change of batch) fail(change, 'not_attempted', reason.code, safeMessage(reason.message));
              done += batch.length;
              o.onProgress?.(done, total);
              return;
            }
            o.beforeWrite?.();
            const intents = intend(batch);
            try {
              outcomes = await o.send(session, batch, o.readOptions);
            } catch (e) {
              const err =
                e instanceof FluencyError
                  ? e
                  : new ProviderError(e instanceof Error ? e.message : String(e), { cause: e, connector: session.id });
              outcomes = batch.map((c) => ({ key: c.key, outcome: 'failed', error: err }));
            }
            batch.forEach((change, i) => {
              const outcome = outcomes.find((x) => x.key === change.key) ?? outcomes[i];
              const missing = {
                key: change.key,
                outcome: 'failed' as const,
                error: new ProviderError('the connector returned no outcome for this change', {
                  connector: session.id,
                }),
              };
              record(change, outcome ?? missing, intents.get(change.key));
            });
          }),
        ),
      );
    }),
  );
  return result;
};
