import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBambooClient } from '../../../connectors/bamboohr/client.js';
import { toError } from '../../../connectors/bamboohr/to-error.js';
import { FluencyError } from '../../../src/errors.js';
import { createHttpClient, registerSecret } from '../../../src/http/index.js';
import { settings } from './helpers.js';

const KEY = '0123456789abcdef0123456789abcdef01234567';
const BASE = 'https://acme.bamboohr.com';
const basic = `Basic ${Buffer.from(`${KEY}:x`).toString('base64')}`;

const makeClient = (baseUrl = `${BASE}/api/`) => {
  registerSecret(KEY);
  const http = createHttpClient({
    connector: 'sub',
    baseUrl,
    settings,
    headers: { Accept: 'application/json' },
    authHeaders: async () => ({ Authorization: basic }),
    translate: toError,
  });
  return createBambooClient(http, 'sub');
};

const caught = async (p: Promise<unknown>): Promise<FluencyError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof FluencyError) return e;
    throw e;
  }
  throw new Error('expected a failure');
};

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('BambooHR client on the wire', () => {
  it('posts the custom report with exactly application/json, Accept JSON, Basic auth and format=json', async () => {
    const scope = nock(BASE, {
      reqheaders: {
        'content-type': (v) => v === 'application/json',
        accept: (v) => v === 'application/json',
        authorization: basic,
      },
    })
      .post('/api/v1/reports/custom', { title: 'fluencyflow', fields: ['firstName', 'jobLevel'] })
      .query({ format: 'json' })
      .reply(200, {
        title: 'fluencyflow',
        fields: [{ id: 'firstName', type: 'text', name: 'First Name' }],
        employees: [{ id: '4', firstName: 'Ann' }],
      });
    const report = await makeClient().customReport(['firstName', 'jobLevel']);
    expect(report.fields.map((f) => f.id)).toEqual(['firstName']);
    expect(report.employees[0]?.firstName).toBe('Ann');
    expect(scope.isDone()).toBe(true);
  });

  it('works under the legacy gateway base URL', async () => {
    const scope = nock('https://api.bamboohr.com')
      .get('/api/gateway.php/acme/v1/meta/fields')
      .reply(200, [{ id: -50, name: 'Job Level', type: 'text', alias: 'jobLevel' }]);
    const fields = await makeClient('https://api.bamboohr.com/api/gateway.php/acme/').listFields();
    expect(fields[0]?.id).toBe('-50');
    expect(scope.isDone()).toBe(true);
  });

  it('lists goals with filter=status-all', async () => {
    const scope = nock(BASE)
      .get('/api/v1/performance/employees/7/goals')
      .query({ filter: 'status-all' })
      .reply(200, { goals: [] });
    expect(await makeClient().listGoals('7')).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('retries a read after 503 + Retry-After (legacy throttling) and after 429', async () => {
    const scope = nock(BASE)
      .get('/api/v1/meta/tables')
      .reply(503, '', { 'Retry-After': '0' })
      .get('/api/v1/meta/tables')
      .reply(429, '', { 'Retry-After': '0' })
      .get('/api/v1/meta/tables')
      .reply(200, [{ alias: 'jobInfo', fields: [] }]);
    expect((await makeClient().listTables())[0]?.alias).toBe('jobInfo');
    expect(scope.isDone()).toBe(true);
  });

  it('never resends a goal create after a 500', async () => {
    const scope = nock(BASE)
      .post('/api/v1/performance/employees/7/goals')
      .once()
      .reply(500, '', { 'X-BambooHR-Message': 'There was an unknown server error' });
    const body = {
      title: 't',
      description: 'd',
      dueDate: '2027-12-31',
      percentComplete: 0,
      completionDate: null,
      sharedWithEmployeeIds: [7],
      alignsWithOptionId: null,
    };
    const err = await caught(makeClient().createGoal('7', body));
    expect(err.code).toBe('FF_PROVIDER_ERROR');
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it.each([
    [400, 'FF_REJECTED'],
    [401, 'FF_AUTH_FAILED'],
    [403, 'FF_FORBIDDEN'],
    [404, 'FF_NOT_FOUND'],
    [406, 'FF_REJECTED'],
    [409, 'FF_REJECTED'],
    [412, 'FF_REJECTED'],
    [413, 'FF_REJECTED'],
  ])('translates %i to %s with the X-BambooHR-Message detail and the request id', async (status, code) => {
    const scope = nock(BASE)
      .post('/api/v1/employees/7')
      .reply(status, '', { 'X-BambooHR-Message': `detail ${status}`, 'x-request-id': 'req-42' });
    const err = await caught(makeClient().updateEmployee('7', { customAIFluencyEligibility: 'maybe' }));
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(err.message).toContain(`detail ${status}`);
    expect(err.requestId).toBe('req-42');
    expect(scope.isDone()).toBe(true);
  });

  it('gives up on a long Retry-After with a RateLimitError carrying retryAfterMs; a 503 without it is a provider error', async () => {
    nock(BASE).get('/api/v1/meta/fields').reply(429, '', { 'Retry-After': '3600' });
    const limited = await caught(makeClient().listFields());
    expect(limited.code).toBe('FF_RATE_LIMITED');
    expect(limited.retryAfterMs).toBe(3_600_000);
    nock(BASE).post('/api/v1/employees/9/tables/customAIFluencyExceptions').reply(503, '');
    const down = await caught(makeClient().createTableRow('9', 'customAIFluencyExceptions', { date: '2027-01-01' }));
    expect(down.code).toBe('FF_PROVIDER_ERROR');
  });

  it('keeps the API key out of errors, even when the server echoes it', async () => {
    nock(BASE)
      .get('/api/v1/meta/fields')
      .reply(401, '', { 'X-BambooHR-Message': `Invalid key ${KEY}` });
    const err = await caught(makeClient().listFields());
    expect(err.code).toBe('FF_AUTH_FAILED');
    const printed = `${JSON.stringify(err)} ${String(err)} ${err.stack ?? ''} ${String(err.cause)}`;
    expect(printed).not.toContain(KEY);
    expect(printed).not.toContain(basic.slice(6));
  });

  it('reports a payload that fails its schema as FF_UNEXPECTED_RESPONSE', async () => {
    nock(BASE)
      .get('/api/v1/performance/employees/7/goals')
      .query(true)
      .reply(200, { goals: [{ id: 1 }] });
    expect((await caught(makeClient().listGoals('7'))).code).toBe('FF_UNEXPECTED_RESPONSE');
  });
});
