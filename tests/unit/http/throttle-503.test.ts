import { AxiosError, AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import { toError as sfError } from '../../../connectors/successfactors/to-error.js';
import { toError as workdayError } from '../../../connectors/workday/to-error.js';

const sf = { connector: 'eu', where: 'POST upsert' };
const wd = { connector: 'us', where: 'Manage_Goals' };

/**
 * 503 with Retry-After is throttling (SuccessFactors and Workday guidance: back off on 429 and 503 honouring
 * Retry-After): the request was not processed, so even a create may be sent again after the wait. The fault matrix
 * found both connectors calling it a server error, which left creates for the next run.
 */
const axios503 = (retryAfter: string | null) => {
  const headers = new AxiosHeaders(retryAfter === null ? {} : { 'Retry-After': retryAfter });
  const config = { headers: new AxiosHeaders(), url: 'odata/v2/Goal_3' };
  const body = { error: { code: 'COE_SERVICE_UNAVAILABLE', message: { lang: 'en-US', value: 'unavailable' } } };
  return new AxiosError('Request failed with status code 503', 'ERR_BAD_RESPONSE', config, null, {
    status: 503,
    statusText: 'Service Unavailable',
    headers,
    config,
    data: body,
  });
};

describe('503 with Retry-After is throttling', () => {
  it('SuccessFactors: a rate limit with the wait, in seconds or as an HTTP date', () => {
    const seconds = sfError(axios503('2'), sf);
    expect(seconds.code).toBe('FF_RATE_LIMITED');
    expect(seconds.retryAfterMs).toBe(2000);
    const date = sfError(axios503(new Date(Date.now() + 60_000).toUTCString()), sf);
    expect(date.code).toBe('FF_RATE_LIMITED');
    expect(date.retryAfterMs).toBeGreaterThan(0);
  });

  it('SuccessFactors: a 503 without Retry-After stays a server error', () => {
    expect(sfError(axios503(null), sf).code).toBe('FF_PROVIDER_ERROR');
  });

  it('Workday: a rate limit with the wait; without Retry-After a server error', () => {
    const failure = (retryAfter?: string) => ({
      message: 'Request failed with status code 503',
      response: { status: 503, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter }, data: '' },
    });
    const throttled = workdayError(failure('3'), wd);
    expect(throttled.code).toBe('FF_RATE_LIMITED');
    expect(throttled.retryAfterMs).toBe(3000);
    expect(workdayError(failure(), wd).code).toBe('FF_PROVIDER_ERROR');
  });
});
