import { describe, expect, it } from 'vitest';
import { decideRetry, type RetryInput } from '../../src/http/retry-decision.js';

const base: RetryInput = {
  code: 'FF_PROVIDER_ERROR',
  idempotent: true,
  attempt: 1,
  retries: 5,
  minTimeoutMs: 100,
  maxTimeoutMs: 1000,
  maxRetryAfterMs: 60_000,
};

describe('decideRetry', () => {
  it.each([
    [
      '429 with Retry-After, a create',
      { code: 'FF_RATE_LIMITED', retryAfterMs: 2000, idempotent: false },
      true,
      'retry_after',
      2000,
    ],
    ['429 without Retry-After backs off', { code: 'FF_RATE_LIMITED', attempt: 3 }, true, 'rate_limited', 400],
    [
      'Retry-After longer than allowed',
      { code: 'FF_RATE_LIMITED', retryAfterMs: 61_000 },
      false,
      'retry_after_too_long',
      0,
    ],
    ['5xx on an idempotent read', { code: 'FF_PROVIDER_ERROR', status: 502 }, true, 'status_502', 100],
    ['5xx on a create', { code: 'FF_PROVIDER_ERROR', status: 500, idempotent: false }, false, 'not_idempotent', 0],
    ['501 never', { code: 'FF_PROVIDER_ERROR', status: 501 }, false, 'status_501', 0],
    [
      'connection reset on a create',
      { code: 'FF_NETWORK', networkCode: 'ECONNRESET', idempotent: false },
      false,
      'not_idempotent',
      0,
    ],
    [
      'connection refused on a create (never sent)',
      { code: 'FF_NETWORK', networkCode: 'ECONNREFUSED', idempotent: false },
      true,
      'not_sent',
      100,
    ],
    ['timeout on a read', { code: 'FF_NETWORK', networkCode: 'ETIMEDOUT' }, true, 'network', 100],
    ['400 never', { code: 'FF_REJECTED', status: 400 }, false, 'not_retryable', 0],
    [
      '401 never (the client refreshes credentials once itself)',
      { code: 'FF_AUTH_FAILED', status: 401 },
      false,
      'not_retryable',
      0,
    ],
    ['403 never', { code: 'FF_FORBIDDEN', status: 403 }, false, 'not_retryable', 0],
    ['attempts spent', { code: 'FF_RATE_LIMITED', attempt: 6 }, false, 'attempts_exhausted', 0],
    [
      '429 retries are spread by the jitter (lockstep breaker)',
      { code: 'FF_RATE_LIMITED', retryAfterMs: 0, jitter: 0.5 },
      true,
      'retry_after',
      50,
    ],
    ['backoff is capped', { code: 'FF_PROVIDER_ERROR', status: 503, attempt: 5 }, true, 'status_503', 1000],
  ] as const)('%s', (_name, over, retry, reason, waitMs) => {
    const d = decideRetry({ ...base, ...over });
    expect(d).toEqual({ retry, reason, waitMs });
  });
});
