import { AxiosError, AxiosHeaders } from 'axios';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBambooClient } from '../../../connectors/bamboohr/client.js';
import { toError } from '../../../connectors/bamboohr/to-error.js';
import { FluencyError } from '../../../src/errors.js';
import { createHttpClient } from '../../../src/http/index.js';
import { settings } from './helpers.js';

/** A failed axios call as BambooHR answers one: the detail in a header, never in the body. */
const answered = (status: number, headers: Record<string, string>) => {
  const auth = new AxiosHeaders({ Authorization: 'Basic a2V5LWZvci10aGUtdGVzdDp4' });
  const config = { headers: auth, url: 'v1/employees/7' };
  const response = { status, statusText: '', headers: new AxiosHeaders(headers), config, data: '' };
  return new AxiosError(`Request failed with status code ${status}`, 'ERR_BAD_REQUEST', config, null, response);
};

describe('BambooHR toError', () => {
  it('reads the X-BambooHR-Message header (or x-bamboohr-error-message) and the request id', () => {
    const at = { connector: 'uk', where: 'POST employees' };
    const err = toError(answered(400, { 'X-BambooHR-Message': 'Invalid option "maybe"', 'x-request-id': 'q-9' }), at);
    expect(err).toMatchObject({ code: 'FF_REJECTED', connector: 'uk', status: 400, requestId: 'q-9' });
    expect(err.message).toBe('POST employees: rejected (HTTP 400): Invalid option "maybe"');
    const other = toError(answered(403, { 'x-bamboohr-error-message': 'field 4550 is read-only' }), at);
    expect(other.code).toBe('FF_FORBIDDEN');
    expect(other.message).toContain('field 4550 is read-only');
    expect(JSON.stringify([err, other, other.cause])).not.toContain('a2V5LWZvci10aGUtdGVzdDp4');
  });

  it('takes the legacy throttle (503 + Retry-After) as a rate limit', () => {
    const err = toError(answered(503, { 'Retry-After': '4' }), { connector: 'uk', where: 'GET meta/fields' });
    expect(err).toMatchObject({ code: 'FF_RATE_LIMITED', retryAfterMs: 4000 });
  });

  it('keeps an error that is already translated, and names the operation of anything else', () => {
    const done = new FluencyError('FF_STATE', 'kept');
    expect(toError(done, { connector: 'uk', where: 'x' })).toBe(done);
    const bug = toError(new TypeError('cannot read id'), { connector: 'uk', where: 'apply goal' });
    expect(bug).toMatchObject({ code: 'FF_PROVIDER_ERROR', connector: 'uk' });
    expect(bug.message).toBe('apply goal: BambooHR call failed: cannot read id');
  });
});

describe('two BambooHR companies: the error names the one that failed', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  const clientFor = (id: string, company: string) =>
    createBambooClient(
      createHttpClient({
        connector: id,
        baseUrl: `https://${company}.bamboohr.com/api/`,
        settings,
        headers: { Accept: 'application/json' },
        translate: toError,
      }),
      id,
    );

  it('by the connector id of the config and the route of the call', async () => {
    const us = nock('https://acme.bamboohr.com')
      .get('/api/v1/meta/fields')
      .reply(200, [{ id: 1, name: 'First', type: 'text' }]);
    const eu = nock('https://acme-eu.bamboohr.com')
      .get('/api/v1/meta/fields')
      .reply(401, '', { 'X-BambooHR-Message': 'Invalid API key' });
    await expect(clientFor('us', 'acme').listFields()).resolves.toHaveLength(1);
    const err = await clientFor('eu', 'acme-eu')
      .listFields()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ code: 'FF_AUTH_FAILED', connector: 'eu', status: 401, where: 'GET meta/fields' });
    expect(String(err)).toContain('GET meta/fields: the credentials were refused (HTTP 401): Invalid API key');
    expect(us.isDone() && eu.isDone()).toBe(true);
  });
});
