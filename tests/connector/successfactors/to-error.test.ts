import { AxiosError, AxiosHeaders } from 'axios';
import nock from 'nock';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../connectors/successfactors/client.js';
import { successfactorsConnector } from '../../../connectors/successfactors/index.js';
import { toError, upsertRecordError } from '../../../connectors/successfactors/to-error.js';
import { writeBatch } from '../../../connectors/successfactors/upsert-batch.js';
import { createHttpClient, defaultHttpSettings } from '../../../src/http/index.js';

const at = { connector: 'emea', where: 'GET User' };

/** A failed axios call with an OData error body, as SuccessFactors answers one. */
const answered = (status: number, data: unknown, headers: Record<string, string> = {}) => {
  const config = { headers: new AxiosHeaders(), url: 'odata/v2/User' };
  const response = { status, statusText: '', headers: new AxiosHeaders(headers), config, data };
  return new AxiosError(`Request failed with status code ${status}`, 'ERR_BAD_REQUEST', config, null, response);
};
const odata = (code: string, value: string) => ({ error: { code, message: { lang: 'en-US', value } } });

describe('SuccessFactors toError', () => {
  it("reads OData's error code and text, and the correlation id", () => {
    const err = toError(
      answered(400, odata('COE_PROPERTY_NOT_FOUND', 'Invalid property names: User/x'), {
        'X-SF-Correlation-Id': 'c-1',
      }),
      at,
    );
    expect(err).toMatchObject({ code: 'FF_REJECTED', connector: 'emea', status: 400, requestId: 'c-1' });
    expect(err.message).toBe('GET User: rejected (HTTP 400): COE_PROPERTY_NOT_FOUND: Invalid property names: User/x');
  });

  it('a missing entity is not found by its code, whatever 4xx carries it; 401 and 403 stay what they are', () => {
    expect(toError(answered(400, odata('COE_ENTITY_NOT_FOUND', 'no Goal_9')), at).code).toBe('FF_NOT_FOUND');
    expect(toError(answered(403, odata('COE_ENTITY_NOT_FOUND', 'no Goal_9')), at).code).toBe('FF_FORBIDDEN');
  });

  it('reads a plain `{ message }` body and a text body', () => {
    expect(toError(answered(401, { message: 'Unable to validate the SAML assertion' }), at).message).toContain(
      'Unable to validate the SAML assertion',
    );
    expect(toError(answered(502, '<html>Bad gateway</html>'), at).message).toContain('<html>Bad gateway</html>');
  });

  it('an answer that fails its schema is FF_UNEXPECTED_RESPONSE naming the operation', () => {
    const parsed = z.object({ d: z.string() }).safeParse({});
    const err = toError(parsed.success ? null : parsed.error, at);
    expect(err.code).toBe('FF_UNEXPECTED_RESPONSE');
    expect(err.message).toMatch(/^GET User: SuccessFactors answered an unexpected payload/);
  });

  it("a record an upsert refused: the record's own httpCode picks the class, its key is `where`", () => {
    const upsertAt = { connector: 'emea', where: 'POST upsert' };
    const forbidden = upsertRecordError(upsertAt, 403, 'no permission', 'Goal_3/id=5');
    expect(forbidden).toMatchObject({ code: 'FF_FORBIDDEN', connector: 'emea', where: 'Goal_3/id=5', status: 403 });
    expect(forbidden.message).toBe('POST upsert: permission denied (HTTP 403): no permission');
    expect(upsertRecordError(upsertAt, null, 'Invalid picklist value', null).code).toBe('FF_REJECTED');
    expect(upsertRecordError(upsertAt, 500, null, null).code).toBe('FF_PROVIDER_ERROR');
  });
});

describe('two SuccessFactors tenants: the error names the one that failed', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  const settings = { ...defaultHttpSettings, minTimeoutMs: 0, sleep: async () => {} };
  const httpFor = (id: string, host: string) =>
    createHttpClient({ connector: id, baseUrl: `https://${host}/`, settings, translate: toError });
  const configFor = (id: string, host: string) =>
    successfactorsConnector.configSchema.parse({
      id,
      type: 'successfactors',
      apiServer: host,
      companyId: 'ACME',
      goalPlanId: 3,
      auth: { clientId: { env: 'SF_ID' }, userId: 'apiuser', privateKey: { env: 'SF_KEY' } },
      mdfObject: 'cust_AIFluencyEligibility',
      exceptionObject: 'cust_AIFluencyException',
    });

  it('a refused read carries the connector id of the config', async () => {
    nock('https://api.us.test')
      .get('/odata/v2/User')
      .query(true)
      .reply(200, { d: { results: [] } });
    nock('https://api.eu.test')
      .get('/odata/v2/User')
      .query(true)
      .reply(403, odata('COE_GENERAL_FORBIDDEN', 'no permission for User'));
    await expect(probe(httpFor('us', 'api.us.test'), 'User', 'userId')).resolves.toBeUndefined();
    const err = await probe(httpFor('eu', 'api.eu.test'), 'User', 'userId').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'FF_FORBIDDEN', connector: 'eu', where: 'GET User' });
  });

  it("a record refused inside a batch answered 200 is that change's error, with the tenant's id", async () => {
    nock('https://api.eu.test')
      .post('/odata/v2/upsert')
      .query(true)
      .reply(200, {
        d: [
          { key: 'cust_AIFluencyEligibility/externalCode=1', status: 'OK', httpCode: 204, index: 0 },
          { key: null, status: 'ERROR', httpCode: 400, message: 'Invalid picklist value', index: 1 },
        ],
      });
    const deps = { http: httpFor('eu', 'api.eu.test'), config: configFor('eu', 'api.eu.test') };
    const out = await writeBatch(deps, [{ record: { externalCode: '1' } }, { record: { externalCode: '2' } }]);
    expect(out[0]).toMatchObject({ ok: true });
    expect(out[1]).toMatchObject({ ok: false, error: { code: 'FF_REJECTED', connector: 'eu', status: 400 } });
    expect(out[1]?.ok === false ? out[1].error.message : '').toBe(
      'POST upsert: rejected (HTTP 400): Invalid picklist value',
    );
  });
});
