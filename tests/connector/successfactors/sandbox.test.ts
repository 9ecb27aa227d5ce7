import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateKeyPairSync } from 'node:crypto';
import { signedAssertionBase64 } from '../../../connectors/successfactors/saml.js';
import {
  SANDBOX_API_USER,
  SANDBOX_COMPANY_ID,
  SANDBOX_ENV,
  type SuccessFactorsSandbox,
} from '../../../connectors/successfactors/sandbox/index.js';
import { startWith } from './harness.js';

let sb: SuccessFactorsSandbox;
let token = '';
const clientId = () => sb.env[SANDBOX_ENV.clientId] ?? '';

const tokenRequest = (
  over: Record<string, string> = {},
  key = sb.env[SANDBOX_ENV.key] ?? '',
  now = new Date(),
  validFor = 300,
) =>
  fetch(`${sb.baseUrl}oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      company_id: SANDBOX_COMPANY_ID,
      client_id: clientId(),
      grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
      assertion: signedAssertionBase64({
        connector: 'sf',
        clientId: clientId(),
        userId: SANDBOX_API_USER,
        recipient: `${sb.baseUrl}oauth/token`,
        privateKeyPem: key,
        now,
        validForSeconds: validFor,
      }),
      ...over,
    }).toString(),
  });

const getBody = z.object({
  error: z.object({ code: z.string(), message: z.object({ value: z.string() }) }).optional(),
  message: z.string().optional(),
  d: z.object({ results: z.array(z.record(z.string(), z.unknown())), __next: z.string().optional() }).optional(),
});
const postBody = z.object({
  error: z.object({ code: z.string() }).optional(),
  d: z.array(z.object({ status: z.string(), httpCode: z.number(), message: z.string().nullable() })).optional(),
});

const get = async (path: string, auth = `Bearer ${token}`) => {
  const res = await fetch(`${sb.baseUrl}odata/v2/${path}`, {
    headers: { Authorization: auth, Accept: 'application/json' },
  });
  return { status: res.status, body: getBody.parse(await res.json()) };
};

const post = async (path: string, body: unknown, contentType = 'application/json') => {
  const res = await fetch(`${sb.baseUrl}odata/v2/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: postBody.parse(await res.json()) };
};

beforeAll(async () => {
  sb = await startWith({}, 30);
  const res = await tokenRequest();
  expect(res.status).toBe(200);
  const body = z.object({ access_token: z.string(), expires_in: z.number() }).parse(await res.json());
  token = body.access_token;
  expect(body.expires_in).toBeGreaterThan(0);
});
afterAll(() => sb.close());

describe('sandbox OAuth', () => {
  it('refuses an assertion signed with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const res = await tokenRequest({}, other);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: expect.stringMatching(/signature/) });
  });
  it('refuses an expired assertion, a wrong company and a wrong grant type', async () => {
    expect((await tokenRequest({}, undefined, new Date(Date.now() - 3_600_000), 60)).status).toBe(401);
    expect((await tokenRequest({ company_id: 'OTHER' })).status).toBe(400);
    expect((await tokenRequest({ grant_type: 'client_credentials' })).status).toBe(400);
  });
  it('has no /oauth/idp and refuses Basic auth and unknown tokens', async () => {
    const idp = await fetch(`${sb.baseUrl}oauth/idp`, { method: 'POST' });
    expect(idp.status).toBe(410);
    const basic = await get('User?$format=json', `Basic ${Buffer.from(`sfapi@SANDBOX:pw`).toString('base64')}`);
    expect(basic.status).toBe(401);
    expect(basic.body.error?.message.value).toMatch(/Basic authentication is not accepted/);
    expect((await get('User?$format=json', 'Bearer nope')).status).toBe(401);
  });
});

describe('sandbox OData strictness', () => {
  it.each([
    ['an unknown entity set', 'Employees?$format=json', 404, 'COE_ENTITY_NOT_FOUND'],
    ['an unknown property in $select', 'User?$format=json&$select=userId,grade', 400, 'COE_PROPERTY_NOT_FOUND'],
    ['an unknown property in $filter', "User?$format=json&$filter=grade eq 'G1'", 400, 'COE_PROPERTY_NOT_FOUND'],
    [
      'a property that is not filterable',
      "User?$format=json&$filter=email eq 'a@b.c'",
      400,
      'COE_BAD_PROPERTY_EXPRESSION',
    ],
    ['an unknown navigation in $expand', 'EmpJob?$format=json&$expand=gradeNav', 400, 'COE_PROPERTY_NOT_FOUND'],
    ['$expand of a plain property', 'EmpJob?$format=json&$expand=payGrade', 400, 'COE_BAD_PROPERTY_EXPRESSION'],
    [
      'selecting through a navigation not expanded',
      'EmpJob?$format=json&$select=payGradeNav/paygradeLevel',
      400,
      'COE_BAD_PROPERTY_EXPRESSION',
    ],
    ['$orderby on an EC entity', 'EmpJob?$format=json&$orderby=startDate', 400, 'COE_GENERAL_BAD_REQUEST'],
    [
      'asOfDate with fromDate',
      'EmpJob?$format=json&asOfDate=2027-01-01&fromDate=1900-01-01',
      400,
      'COE_GENERAL_BAD_REQUEST',
    ],
    ['a bad date', 'EmpJob?$format=json&asOfDate=2027-13-01', 400, 'COE_GENERAL_BAD_REQUEST'],
    [
      'a datetimeoffset literal without a zone',
      "User?$format=json&$filter=lastModifiedDateTime ge datetimeoffset'2027-01-01T00:00:00'",
      400,
      'COE_GENERAL_BAD_REQUEST',
    ],
    ['customPageSize over 1000', 'User?$format=json&customPageSize=1001', 400, 'COE_GENERAL_BAD_REQUEST'],
    [
      'an unknown property of a custom MDF object',
      'cust_AIFluencyEligibility?$format=json&$select=cust_flag',
      400,
      'COE_PROPERTY_NOT_FOUND',
    ],
  ])('rejects %s', async (_name, path, status, code) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toBe(code);
    expect(res.body.error?.message.value.length).toBeGreaterThan(0);
  });

  it('answers /Date(ms)/ values, active users only without a status filter, and pages with __next', async () => {
    const active = await get('User?$format=json&$select=userId,status,hireDate&customPageSize=5');
    expect(active.body.d?.results.every((u) => u.status === 't')).toBe(true);
    expect(String(active.body.d?.results[0]?.hireDate)).toMatch(/^\/Date\(\d+\)\/$/);
    expect(active.body.d?.__next).toMatch(/\$skiptoken=5/);
    const all = await get("User?$format=json&$select=userId&$filter=status in 't','f'");
    expect(all.body.d?.results).toHaveLength(30);
    expect(
      (await get('EmpJob?$format=json&$select=userId,lastModifiedDateTime&fromDate=1900-01-01&toDate=9999-12-31')).body
        .d?.results[0]?.lastModifiedDateTime,
    ).toMatch(/^\/Date\(\d+\+0000\)\/$/);
  });

  it('rejects an upsert with an unknown property, over 1000 records or the wrong content type', async () => {
    const rec = {
      __metadata: { uri: "cust_AIFluencyEligibility('1000')" },
      externalCode: '1000',
      cust_eligible: 'eligible',
      cust_reason: 'r',
    };
    expect(
      (await post('upsert?$format=json&strictTransactionIsolate=true', [{ ...rec, cust_extra: 1 }])).body.error?.code,
    ).toBe('COE_PROPERTY_NOT_FOUND');
    const many = await post(
      'upsert?$format=json&strictTransactionIsolate=true',
      Array.from({ length: 1001 }, () => rec),
    );
    expect(many.status).toBe(400);
    expect(many.body.error?.code).toBe('BadRequestException');
    expect((await post('upsert?$format=json', [rec], 'text/plain')).status).toBe(415);
  });

  it('answers 200 with per-record errors, and without strictTransactionIsolate one bad record fails all', async () => {
    const good = {
      __metadata: { uri: "cust_AIFluencyEligibility('1001')" },
      externalCode: '1001',
      cust_eligible: 'eligible',
      cust_reason: 'r',
    };
    const badValue = {
      __metadata: { uri: "cust_AIFluencyEligibility('1002')" },
      externalCode: '1002',
      cust_eligible: 'yes',
      cust_reason: 'r',
    };
    const badDate = {
      __metadata: { uri: "cust_AIFluencyException('1002-2027-01-01')" },
      externalCode: '1002-2027-01-01',
      cust_userId: '1002',
      cust_promotionDate: '2027-01-01',
    };
    const isolated = await post('upsert?$format=json&strictTransactionIsolate=true', [good, badValue, badDate]);
    expect(isolated.status).toBe(200);
    expect(isolated.body.d?.map((r) => r.status)).toEqual(['OK', 'ERROR', 'ERROR']);
    expect(isolated.body.d?.[2]?.message).toMatch(/cust_promotionDate/);
    const together = await post('upsert?$format=json', [{ ...good, cust_reason: 'changed' }, badValue]);
    expect(together.status).toBe(200);
    expect(together.body.d?.map((r) => r.status)).toEqual(['ERROR', 'ERROR']);
    expect(sb.snapshot().eligibility['1001']).toEqual({ value: 'eligible', reason: 'r' });
  });

  it('creates a goal from an upsert record without a key and answers its new id in the result key', async () => {
    const goal = (userId: string) => ({
      __metadata: { uri: 'Goal_3', type: 'SFOData.Goal_3' },
      userId,
      name: 'upserted goal',
      category: 'Learning and Growth',
      state: 'On Track',
      type: 'user',
      flag: 0,
      weight: 0,
      start: '/Date(1798761600000)/',
      due: '/Date(1830211200000)/',
      done: 0,
    });
    const user = Object.keys(sb.snapshot().goals)[0] ?? '';
    const res = await fetch(`${sb.baseUrl}odata/v2/upsert?$format=json&strictTransactionIsolate=true`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([goal(user), goal('nobody'), { ...goal(user), id: '5' }]),
    });
    const keyed = z
      .object({ d: z.array(z.object({ key: z.string(), status: z.string(), httpCode: z.number() })) })
      .parse(await res.json());
    expect(keyed.d.map((r) => r.status)).toEqual(['OK', 'ERROR', 'ERROR']);
    const id = /^Goal_3\/id=(\d+)$/.exec(keyed.d[0]?.key ?? '')?.[1];
    expect(id).toBeDefined();
    expect(
      sb
        .snapshot()
        .goals[user]?.filter((g) => g.title === 'upserted goal')
        .map((g) => g.id),
    ).toEqual([id]);
  });

  it('deletes one entity by its key with 204 and no body; a key not there is a 404, a set without a key a 400', async () => {
    const del = (path: string) =>
      fetch(`${sb.baseUrl}odata/v2/${path}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    const rec = {
      __metadata: { uri: "cust_AIFluencyEligibility('1003')" },
      externalCode: '1003',
      cust_eligible: 'eligible',
      cust_reason: 'r',
    };
    expect((await post('upsert?$format=json&strictTransactionIsolate=true', [rec])).body.d?.[0]?.status).toBe('OK');
    const gone = await del("cust_AIFluencyEligibility('1003')");
    expect(gone.status).toBe(204);
    expect(await gone.text()).toBe('');
    expect(sb.snapshot().eligibility['1003']?.value ?? null).toBeNull();
    const again = await del("cust_AIFluencyEligibility('1003')");
    expect(again.status).toBe(404);
    expect(postBody.parse(await again.json()).error?.code).toBe('COE_RESOURCE_NOT_FOUND');
    expect((await del('cust_AIFluencyEligibility')).status).toBe(400);
    expect((await del('Goal_3(99999999L)')).status).toBe(404);
    expect((await del("Goal_3('1')")).status).toBe(400);
    expect((await fetch(`${sb.baseUrl}odata/v2/Goal_3(1L)`, { method: 'DELETE' })).status).toBe(401);
  });

  it('answers 429 with Retry-After on demand', async () => {
    sb.setQuirks({ rateLimitEvery: 1, retryAfterSeconds: 7 });
    const res = await fetch(`${sb.baseUrl}odata/v2/User?$format=json`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    sb.setQuirks({ rateLimitEvery: 0 });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
  });
});
