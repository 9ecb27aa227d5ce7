import pRetry, { AbortError } from 'p-retry';
import { FluencyError, NetworkError } from '../errors.js';
import { decideRetry } from './retry-decision.js';
import type { HttpSettings } from './settings.js';

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The low-level network code (ECONNRESET, ETIMEDOUT...) a connector's translator kept as the cause. */
export const networkCodeOf = (e: FluencyError): string | undefined => {
  const cause: unknown = e.cause;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string')
    return cause.code;
  return undefined;
};

/**
 * Runs one transport call with retries decided by `decideRetry`. `fn` must throw FluencyErrors (the connector's
 * translator runs inside it). Wrap single calls, never a whole multi-step write.
 */
export const withRetry = async <T>(
  fn: () => Promise<T>,
  options: { idempotent: boolean; settings: HttpSettings; onRetry?: (reason: string, waitMs: number) => void },
): Promise<T> => {
  const { settings } = options;
  const { limiter } = settings;
  const sleep = settings.sleep ?? realSleep;
  const decide = (error: FluencyError, attempt: number, jitter = 0) =>
    decideRetry({
      code: error.code,
      status: error.status,
      networkCode: networkCodeOf(error),
      retryAfterMs: error.retryAfterMs,
      idempotent: options.idempotent,
      attempt,
      retries: settings.retries,
      minTimeoutMs: settings.minTimeoutMs,
      maxTimeoutMs: settings.maxTimeoutMs,
      maxRetryAfterMs: settings.maxRetryAfterMs,
      jitter,
      remainingMs: settings.guard?.remainingMs(),
    });
  /** Whether the last attempt was throttled: its resend goes first once the limiter's pause ends. */
  let throttled = false;
  const attempt = async (): Promise<T> => {
    if (limiter === undefined) return fn();
    const slot = await limiter.acquire(throttled);
    try {
      const value = await slot.run(fn);
      slot.succeeded();
      throttled = false;
      return value;
    } catch (e) {
      throttled = e instanceof FluencyError && e.code === 'FF_RATE_LIMITED';
      if (e instanceof FluencyError && throttled) slot.throttled(e.retryAfterMs);
      else slot.failed();
      throw e;
    }
  };
  return pRetry(
    async () => {
      try {
        return await attempt();
      } catch (e) {
        if (!(e instanceof FluencyError)) throw new AbortError(e instanceof Error ? e : new Error(String(e)));
        throw e;
      }
    },
    {
      retries: settings.retries,
      // p-retry's own backoff is switched off: decideRetry gives the wait, and we sleep it in onFailedAttempt.
      minTimeout: 0,
      maxTimeout: 0,
      factor: 1,
      randomize: false,
      shouldRetry: ({ error, attemptNumber }) => error instanceof FluencyError && decide(error, attemptNumber).retry,
      onFailedAttempt: async ({ error, attemptNumber }) => {
        if (!(error instanceof FluencyError)) return;
        // The limiter orders the callers after a throttle, so no jitter is needed to keep them out of lockstep.
        const queued = limiter !== undefined && error.code === 'FF_RATE_LIMITED';
        const d = decide(error, attemptNumber, settings.sleep || queued ? 0 : Math.random());
        if (!d.retry) return;
        options.onRetry?.(d.reason, d.waitMs);
        // A throttled call waits in the limiter, with every other caller of the connector, and is resent first.
        if (queued) limiter.pause(d.waitMs);
        else await sleep(d.waitMs);
      },
    },
  ).catch((e: unknown) => {
    if (e instanceof FluencyError) throw e;
    throw new NetworkError(e instanceof Error ? e.message : String(e), { cause: e });
  });
};
