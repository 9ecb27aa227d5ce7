import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workdayConfigSchema } from '../../../connectors/workday/config.js';
import { workdayConnector } from '../../../connectors/workday/index.js';
import {
  authenticationFault,
  clientFault,
  processingFault,
  validationFault,
} from '../../../connectors/workday/sandbox/envelope.js';
import { renderWsdl } from '../../../connectors/workday/sandbox/wsdl.js';
import { toError } from '../../../connectors/workday/to-error.js';
import { readOptions, testContext } from './helpers.js';

/** A failed call as node-soap and axios hand it over: an answer with a status, headers and a body. */
const answered = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  message: `Request failed with status code ${status}`,
  response: { status, headers, data },
});
const at = { connector: 'emea', where: 'Get_Workers' };

describe('Workday toError', () => {
  it('a Validation_Fault (HTTP 500) is a rejection with every message, the first xpath as `where`', () => {
    const body = validationFault([
      { message: 'Invalid ID value', xpath: '/wd:Get_Workers_Request/wd:Request_References' },
      { message: 'Second problem', xpath: '/x' },
    ]);
    const err = toError(answered(500, body), at);
    expect(err).toMatchObject({ code: 'FF_REJECTED', connector: 'emea', status: 500 });
    expect(err.where).toBe('/wd:Get_Workers_Request/wd:Request_References');
    expect(err.message).toMatch(/^Get_Workers: rejected \(HTTP 500\): Validation_Fault: Invalid ID value \(at \/wd:/);
    expect(err.message).toContain('Second problem (at /x)');
  });

  it.each([
    ['a Processing_Fault', processingFault('Unknown field: reasonText'), 'FF_PROVIDER_ERROR', 'Processing_Fault: '],
    ['an Authentication_Fault', authenticationFault(), 'FF_AUTH_FAILED', 'invalid username or password'],
    ['a Client fault', clientFault('Invalid request'), 'FF_REJECTED', 'Invalid request'],
  ])('%s decides the class, whatever the status', (_name, body, code, words) => {
    const err = toError(answered(500, body), at);
    expect(err.code).toBe(code);
    expect(err.message).toContain(words);
    expect(err.where).toBe('Get_Workers');
  });

  it("a REST validation error names each item's path, read by the bulk write", () => {
    const body = {
      error: 'invalid request',
      errors: [
        { error: 'not a valid option', path: '[3].eligible' },
        { error: 'no such worker', path: '[7].worker' },
      ],
    };
    const err = toError(answered(400, body), { connector: 'emea', where: 'POST customObjects/{alias}?bulk=true' });
    expect(err).toMatchObject({ code: 'FF_REJECTED', where: '[3].eligible [7].worker' });
    expect(err.message).toBe(
      'POST customObjects/{alias}?bulk=true: rejected (HTTP 400): invalid request; not a valid option; no such worker',
    );
  });

  it('throttled before any fault is read: a gateway page with 503 + Retry-After is a rate limit', () => {
    const err = toError(answered(503, '<html>busy</html>', { 'retry-after': '5' }), at);
    expect(err).toMatchObject({ code: 'FF_RATE_LIMITED', retryAfterMs: 5000 });
  });

  it('node-soap failing to read the answer is FF_UNEXPECTED_RESPONSE; a reset connection FF_NETWORK', () => {
    expect(toError(new Error('Unexpected close tag'), at).code).toBe('FF_UNEXPECTED_RESPONSE');
    expect(toError({ code: 'ECONNRESET', message: 'socket hang up' }, at)).toMatchObject({
      code: 'FF_NETWORK',
      connector: 'emea',
    });
  });
});

describe('two Workday tenants: the error names the one that failed', () => {
  const BASE = 'https://wd2-impl-services1.workday.com';
  const soapPath = (tenant: string) => `/ccx/service/${tenant}/Human_Resources/v44.0`;
  let wsdlFile = '';

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ff-wd-two-'));
    wsdlFile = path.join(dir, 'hr.wsdl');
    await writeFile(wsdlFile, renderWsdl('Human_Resources', 'v44.0', `${BASE}${soapPath('us')}`));
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  process.env.WD_TWO_PASSWORD = 'two-tenants-password';
  const configFor = (id: string, tenant: string) =>
    workdayConfigSchema.parse({
      id,
      type: 'workday',
      host: 'wd2-impl-services1.workday.com',
      tenant,
      version: 'v44.0',
      wsdl: { Human_Resources: wsdlFile },
      auth: { username: `ISU_FLUENCY@${tenant}`, password: { env: 'WD_TWO_PASSWORD' } },
      customObject: 'fluencyEligibility',
      exceptionObject: 'fluencyException',
    });

  const readAll = async (id: string, tenant: string): Promise<unknown> => {
    const session = workdayConnector.create(configFor(id, tenant), await testContext());
    try {
      for await (const page of session.readEmployees(readOptions)) void page;
      return null;
    } catch (e) {
      return e;
    }
  };

  it('by the connector id of the config, not by the HRIS type', async () => {
    // `us` refuses the read as Workday refuses a bad reference; `eu` as it refuses a wrong password.
    const refuse = (tenant: string, status: number, body: { error: string }, soap: string) =>
      nock(BASE)
        .persist()
        .post(soapPath(tenant))
        .reply(500, soap, { 'Content-Type': 'text/xml' })
        .get(new RegExp(`/ccx/api/.*/${tenant}/`))
        .query(true)
        .reply(status, body);
    refuse('us', 400, { error: 'invalid request' }, validationFault([{ message: 'Invalid ID value', xpath: '/wd:x' }]));
    refuse('eu', 401, { error: 'invalid username or password' }, authenticationFault());
    const us = await readAll('us', 'us');
    const eu = await readAll('eu', 'eu');
    expect(us).toMatchObject({ code: 'FF_REJECTED', connector: 'us' });
    expect(eu).toMatchObject({ code: 'FF_AUTH_FAILED', connector: 'eu' });
    expect(JSON.stringify([us, eu])).not.toContain('two-tenants-password');
  });
});
