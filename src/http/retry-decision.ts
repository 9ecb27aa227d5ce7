/**
 * The one place that decides whether a failed call is tried again. Pure, table-tested in
 * tests/unit/retry-decision.test.ts. The rule that matters most: a write that is not idempotent (a create)
 * is retried only when the HRIS certainly did not act on it (429, or a connection that was never made).
 */
export interface RetryInput {
  /** FluencyError code of the failure. */
  code: string;
  status?: number | undefined;
  /** Low-level network code (ECONNREFUSED, ECONNRESET, ETIMEDOUT...). */
  networkCode?: string | undefined;
  retryAfterMs?: number | undefined;
  idempotent: boolean;
  /** 1 for the first failure. */
  attempt: number;
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  maxRetryAfterMs: number;
  /**
   * A number in [0, 1) that spreads retries of throttled calls (0 in tests). Without it, concurrent callers retrying
   * at exactly the server's Retry-After can fall into lockstep and meet the throttle on every attempt.
   */
  jitter?: number;
  /** Milliseconds left before the run's deadline; a wait that would pass it is not made. */
  remainingMs?: number | undefined;
}

export interface RetryDecision {
  retry: boolean;
  reason: string;
  waitMs: number;
}

/** Connection never established: the request was not received, so even a create may be sent again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Whether a transport failure certainly happened before the request reached the HRIS (it did not act on it). */
export const neverSent = (networkCode: string | undefined): boolean =>
  networkCode !== undefined && NOT_SENT.has(networkCode);

const backoff = (i: RetryInput): number => Math.min(i.maxTimeoutMs, i.minTimeoutMs * 2 ** (i.attempt - 1));

const decide = (i: RetryInput): RetryDecision => {
  const no = (reason: string): RetryDecision => ({ retry: false, reason, waitMs: 0 });
  if (i.attempt > i.retries) return no('attempts_exhausted');
  if (i.code === 'FF_RATE_LIMITED') {
    // A throttled request was not processed: safe to resend, creates included. Honour Retry-After.
    if (i.retryAfterMs !== undefined && i.retryAfterMs > i.maxRetryAfterMs) return no('retry_after_too_long');
    const spread = Math.round((i.jitter ?? 0) * Math.min(i.minTimeoutMs, 1000));
    return {
      retry: true,
      reason: i.retryAfterMs === undefined ? 'rate_limited' : 'retry_after',
      waitMs: (i.retryAfterMs ?? backoff(i)) + spread,
    };
  }
  if (i.code === 'FF_NETWORK') {
    if (i.networkCode !== undefined && NOT_SENT.has(i.networkCode))
      return { retry: true, reason: 'not_sent', waitMs: backoff(i) };
    return i.idempotent ? { retry: true, reason: 'network', waitMs: backoff(i) } : no('not_idempotent');
  }
  if (i.code === 'FF_PROVIDER_ERROR') {
    if (i.status === 501) return no('status_501');
    return i.idempotent
      ? { retry: true, reason: `status_${i.status ?? '5xx'}`, waitMs: backoff(i) }
      : no('not_idempotent');
  }
  return no('not_retryable');
};

export const decideRetry = (i: RetryInput): RetryDecision => {
  const d = decide(i);
  return d.retry && i.remainingMs !== undefined && d.waitMs >= i.remainingMs
    ? { retry: false, reason: 'deadline', waitMs: 0 }
    : d;
};
