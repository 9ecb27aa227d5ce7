import type { AdaptiveLimiter, ThrottleListener } from './adaptive-limiter.js';
import type { RunGuard } from './run-guard.js';

/** Timings and hooks every connector's HTTP client takes; injected so tests run with no waiting. */
export interface HttpSettings {
  /** Attempts after the first. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** The longest Retry-After we honour before giving up on the call (the run fails it and the next run retries). */
  maxRetryAfterMs: number;
  timeoutMs: number;
  /** Consecutive timeouts or connection failures on one connector that stop an apply from sending to it. */
  breakerThreshold?: number;
  /** Called once per HTTP request sent (for `npm run bench` call counts and `--verbose`). */
  onRequest?: (info: { connector: string; method: string; route: string }) => void;
  /** Called once per answer that throttled the call (429 and the like), for the service's metrics. */
  onThrottled?: (info: { connector: string }) => void;
  /** Wall-clock milliseconds, for Retry-After given as an HTTP date (the engine's clock; tests fix it). */
  now?: () => number;
  /** The run's deadline and circuit breaker (armed by `apply`). */
  guard?: RunGuard;
  /** Replaces the real wait (tests). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The connector's adaptive concurrency, shared by every request of its session (set per connector when sessions
   * open). Absent: requests are not limited here.
   */
  limiter?: AdaptiveLimiter;
  /** Called on every throttle a limiter sees, with the connector's id (bench figures, `--verbose`). */
  onThrottle?: (info: Parameters<ThrottleListener>[0] & { connector: string }) => void;
}

export const defaultHttpSettings = {
  retries: 5,
  minTimeoutMs: 500,
  maxTimeoutMs: 30_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 60_000,
  breakerThreshold: 5,
} satisfies HttpSettings;
