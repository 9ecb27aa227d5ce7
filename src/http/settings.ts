/** Timings and hooks every connector's HTTP client takes; injected so tests run with no waiting. */
export interface HttpSettings {
  /** Attempts after the first. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** The longest Retry-After we honour before giving up on the call (the run fails it and the next run retries). */
  maxRetryAfterMs: number;
  timeoutMs: number;
  /** Called once per HTTP request sent (for `npm run bench` call counts and `--verbose`). */
  onRequest?: (info: { connector: string; method: string; route: string }) => void;
  /** Replaces the real wait (tests). */
  sleep?: (ms: number) => Promise<void>;
}

export const defaultHttpSettings = {
  retries: 5,
  minTimeoutMs: 500,
  maxTimeoutMs: 30_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 60_000,
} satisfies HttpSettings;
