import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { generateKeyPairSync } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { successfactorsConnector } from '../../../connectors/successfactors/index.js';
import { toError } from '../../../connectors/successfactors/to-error.js';
import { defaultHttpSettings } from '../../../src/http/index.js';
import { silentLogger } from '../../../src/logger.js';
import type { Change } from '../../../schemas/index.js';

const BASE = 'https://api.test.local';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUB = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const CLIENT_ID = 'CLIENTID0123456789';
const secrets: Record<string, string> = { SF_ID: CLIENT_ID, SF_KEY: PEM };

const session = () =>
  successfactorsConnector.create(
    successfactorsConnector.configSchema.parse({
      id: 'eu',
      type: 'successfactors',
      apiServer: 'api.test.local',
      companyId: 'ACME',
      goalPlanId: 3,
      pageSize: 2,
      // One GET per chunked read, as these mocks answer them (the `$batch` path has its own tests).
      readBatchSize: 1,
      auth: { clientId: { env: 'SF_ID' }, userId: 'apiuser', privateKey: { env: 'SF_KEY' } },
      mdfObject: 'cust_AIFluencyEligibility',
      exceptionObject: 'cust_AIFluencyException',
    }),
    {
      logger: silentLogger,
      baseDir: process.cwd(),
      cacheDir: process.cwd(),
      http: { ...defaultHttpSettings, minTimeoutMs: 0, sleep: async () => {} },
      configPath: 'connectors[0]',
      now: () => Date.now(),
      asOf: () => '2027-03-31',
      resolveSecret: async (ref) => ('env' in ref ? (secrets[ref.env] ?? '') : ''),
    },
  );

const readOptions = {
  asOf: '2027-03-01',
  cycle: { id: 'FY27', start: '2027-01-01', end: '2027-12-31', zone: 'UTC' },
  goal: { cycleId: 'FY27', title: 'AI goal FY27', markerPrefix: '[fluencyflow:FY27:', referenceIdPrefix: 'ff-' },
};

let tokens = 0;
const tokenScope = (times = 1) =>
  nock(BASE)
    .post('/oauth/token', (body: Record<string, string>) => {
      const xml = Buffer.from(body.assertion ?? '', 'base64').toString('utf8');
      const sigXml = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)?.[0] ?? '';
      const sig = new SignedXml({ publicCert: PUB, getCertFromKeyInfo: () => null });
      sig.loadSignature(sigXml);
      return (
        body.company_id === 'ACME' &&
        body.client_id === CLIENT_ID &&
        body.grant_type === 'urn:ietf:params:oauth:grant-type:saml2-bearer' &&
        sig.checkSignature(xml) &&
        xml.includes(`<saml2:Issuer>${CLIENT_ID}</saml2:Issuer>`) &&
        xml.includes('>apiuser</saml2:NameID>') &&
        xml.includes('<saml2:Audience>www.successfactors.com</saml2:Audience>') &&
        xml.includes(`Recipient="${BASE}/oauth/token"`) &&
        xml.includes(`<saml2:Attribute Name="api_key"><saml2:AttributeValue>${CLIENT_ID}</saml2:AttributeValue>`)
      );
    })
    .times(times)
    .reply(200, () => ({ access_token: `tok-${++tokens}-abcdefgh`, token_type: 'Bearer', expires_in: 86399 }));

/** One entity set's `$metadata` as a tenant answers it (`name:Type[:picklist]` properties, the first the key). */
const metadataOf = (set: string, props: string[]) =>
  '<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="1.0" ' +
  'xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">' +
  '<edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" ' +
  'm:DataServiceVersion="2.0">' +
  '<Schema Namespace="SFOData" xmlns="http://schemas.microsoft.com/ado/2008/09/edm" ' +
  'xmlns:sap="http://www.sap.com/Protocols/SAPData">' +
  `<EntityType Name="${set}"><Key><PropertyRef Name="${props[0]?.split(':')[0] ?? ''}"/></Key>` +
  props
    .map((p) => p.split(':'))
    .map(
      ([name = '', type = '', picklist]) =>
        `<Property Name="${name}" Type="Edm.${type}" ` +
        `sap:upsertable="true"${picklist ? ` sap:picklist="${picklist}"` : ''}/>`,
    )
    .join('') +
  '</EntityType></Schema>' +
  '<Schema Namespace="SFODataSet" xmlns="http://schemas.microsoft.com/ado/2008/09/edm" ' +
  'xmlns:sap="http://www.sap.com/Protocols/SAPData">' +
  '<EntityContainer Name="EntityContainer" m:IsDefaultEntityContainer="true">' +
  `<EntitySet Name="${set}" EntityType="SFOData.${set}" sap:creatable="true" sap:upsertable="true"/>` +
  '</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>';

const xml = { 'Content-Type': 'application/xml' };

/**
 * The tenant's lists: goal plan 3 with `on-track`-style states, and a Y / N eligibility picklist, read as of the date.
 */
const tenantScope = () =>
  nock(BASE)
    .get('/odata/v2/GoalPlanTemplate')
    .query(true)
    .reply(200, { d: { results: [{ id: '3', name: 'FY27 goals' }] } })
    .get('/odata/v2/GoalEnum')
    .query((q) => q.$filter === 'planId eq 3')
    .reply(200, {
      d: {
        results: [
          { fieldId: 'state', value: 'on-track', label: 'On Track' },
          { fieldId: 'state', value: 'behind', label: 'Behind' },
          { fieldId: 'state', value: 'achieved', label: 'Achieved' },
          { fieldId: 'category', value: 'growth', label: 'Learning and Growth' },
        ],
      },
    })
    .get('/odata/v2/cust_AIFluencyEligibility/$metadata')
    .reply(
      200,
      metadataOf('cust_AIFluencyEligibility', [
        'externalCode:String',
        'cust_eligible:String:AIFluencyEligibility',
        'cust_reason:String',
      ]),
      xml,
    )
    .get('/odata/v2/cust_AIFluencyException/$metadata')
    .reply(
      200,
      metadataOf('cust_AIFluencyException', [
        'externalCode:String',
        'cust_userId:String',
        'cust_promotionDate:DateTime',
        'cust_fromGrade:String',
        'cust_toGrade:String',
        'cust_note:String',
      ]),
      xml,
    )
    .get('/odata/v2/Goal_3/$metadata')
    .reply(
      200,
      metadataOf('Goal_3', [
        'id:Int64',
        'name:String',
        'metric:String',
        'category:String',
        'state:String',
        'due:DateTime',
        'done:Double',
      ]),
      xml,
    )
    .get('/odata/v2/PickListValueV2')
    .query((q) => q.asOfDate === '2027-03-01' && q.$filter === "PickListV2_id eq 'AIFluencyEligibility'")
    .reply(200, {
      d: {
        results: [
          { externalCode: 'Y', label_localized: 'Eligible', status: 'A' },
          { externalCode: 'N', label_localized: 'Not eligible', status: 'A' },
        ],
      },
    });

const users = (ids: string[]) =>
  ids.map((userId) => ({
    __metadata: { uri: 'x', type: 'SFOData.User' },
    userId,
    status: 't',
    firstName: 'A',
    lastName: 'B',
  }));
const empty = { d: { results: [] } };

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('SuccessFactors client against nock', () => {
  it('signs the assertion locally, sends the token as Bearer, follows __next and drops repeated rows', async () => {
    const token = tokenScope();
    const tenant = tenantScope();
    const api = nock(BASE, { badheaders: [] })
      .matchHeader('authorization', /^Bearer tok-\d+-abcdefgh$/)
      .get('/odata/v2/User')
      .query((q) => q.$filter === "status in 't','f'" && q.customPageSize === '2' && q.$skiptoken === undefined)
      .reply(200, { d: { results: users(['u1', 'u2']), __next: `${BASE}/odata/v2/User?$format=json&$skiptoken=1` } })
      .get('/odata/v2/User')
      .query({ $format: 'json', $skiptoken: '1' })
      .reply(200, { d: { results: users(['u2', 'u3']) } })
      .get(/\/odata\/v2\/(EmpJob|Goal_3|cust_AIFluencyEligibility|cust_AIFluencyException)\?.*/)
      .times(8)
      .reply(200, empty);
    const ids: string[] = [];
    const s = session();
    for await (const page of s.readEmployees(readOptions)) ids.push(...page.map((r) => r.employee.id));
    expect(ids).toEqual(['u1', 'u2', 'u3']);
    expect(s.warnings().join(' ')).toMatch(/repeated 1 user row/);
    expect(token.isDone()).toBe(true);
    expect(tenant.isDone()).toBe(true);
    expect(api.isDone()).toBe(true);
  });

  it('renews the token once on a 401 and retries the call', async () => {
    const before = tokens;
    const token = tokenScope(2);
    tenantScope();
    const api = nock(BASE)
      .get('/odata/v2/User')
      .query(true)
      .reply(401, { error: { code: 'LGN0022', message: { lang: 'en-US', value: 'The access token has expired' } } })
      .get('/odata/v2/User')
      .query(true)
      .matchHeader('authorization', `Bearer tok-${before + 2}-abcdefgh`)
      .reply(200, { d: { results: users(['u1']) } })
      .get(/\/odata\/v2\/(EmpJob|Goal_3|cust_AIFluencyEligibility|cust_AIFluencyException)\?.*/)
      .times(4)
      .reply(200, empty);
    const ids: string[] = [];
    for await (const page of session().readEmployees(readOptions)) ids.push(...page.map((r) => r.employee.id));
    expect(ids).toEqual(['u1']);
    expect(tokens - before).toBe(2);
    expect(token.isDone()).toBe(true);
    expect(api.isDone()).toBe(true);
  });

  it('reports each failed upsert record against its change and the rest as applied', async () => {
    tokenScope();
    tenantScope();
    // The tenant's picklist codes are written, not the canonical words.
    const codes = (body: unknown[]) =>
      body.slice(0, 2).map((r) => (typeof r === 'object' && r !== null ? Reflect.get(r, 'cust_eligible') : null));
    const api = nock(BASE)
      .post(
        '/odata/v2/upsert',
        (body: unknown[]) => Array.isArray(body) && body.length === 3 && codes(body).join() === 'Y,N',
      )
      .query({ $format: 'json', strictTransactionIsolate: 'true' })
      .reply(200, {
        d: [
          {
            key: 'cust_AIFluencyEligibility/externalCode=u1',
            status: 'OK',
            editStatus: 'UPSERTED',
            message: null,
            index: 0,
            httpCode: 204,
            inlineResults: null,
          },
          {
            key: 'cust_AIFluencyEligibility/externalCode=u2',
            status: 'ERROR',
            editStatus: null,
            message: 'Invalid picklist value',
            index: 1,
            httpCode: 400,
            inlineResults: null,
          },
          {
            key: 'cust_AIFluencyException/externalCode=u3-2026-05-01',
            status: 'OK',
            editStatus: 'UPSERTED',
            message: null,
            index: 2,
            httpCode: 204,
            inlineResults: null,
          },
        ],
      });
    const base = { connector: 'eu', action: 'create' as const, reason: 'r', before: null };
    const changes: Change[] = [
      { ...base, key: 'k1', employeeId: 'u1', kind: 'eligibility', after: { value: 'eligible', reason: 'ok' } },
      { ...base, key: 'k2', employeeId: 'u2', kind: 'eligibility', after: { value: 'not-eligible', reason: 'no' } },
      {
        ...base,
        key: 'k3',
        employeeId: 'u3',
        kind: 'exception-note',
        after: { promotionDate: '2026-05-01', fromGrade: 'G1', toGrade: 'G2', note: 'justification required' },
      },
    ];
    const out = await session().apply(changes, readOptions);
    expect(out.map((o) => [o.key, o.outcome])).toEqual([
      ['k1', 'applied'],
      ['k2', 'failed'],
      ['k3', 'applied'],
    ]);
    expect(out[1]?.error?.code).toBe('FF_REJECTED');
    expect(out[1]?.error?.message).toMatch(/Invalid picklist value/);
    expect(api.isDone()).toBe(true);
  });
});

describe('error translation', () => {
  const axiosError = (status: number, data: unknown, headers: Record<string, string> = {}) =>
    Object.assign(new Error(`Request failed with status code ${status}`), {
      isAxiosError: true,
      config: { url: 'odata/v2/User?$format=json' },
      response: { status, data, headers },
    });

  it.each([
    [
      400,
      {
        error: {
          code: 'COE_PROPERTY_NOT_FOUND',
          message: { lang: 'en-US', value: '[COE0021]Invalid property names: User/x' },
        },
      },
      'FF_REJECTED',
      /COE_PROPERTY_NOT_FOUND: \[COE0021\]/,
    ],
    [401, { message: 'Unable to validate the SAML assertion' }, 'FF_AUTH_FAILED', /Unable to validate/],
    [
      403,
      { error: { code: 'COE_GENERAL_FORBIDDEN', message: { lang: 'en-US', value: 'no permission' } } },
      'FF_FORBIDDEN',
      /no permission/,
    ],
    [
      404,
      { error: { code: 'COE_ENTITY_NOT_FOUND', message: { lang: 'en-US', value: '[COE0007]invalid entity' } } },
      'FF_NOT_FOUND',
      /COE0007/,
    ],
    [
      500,
      { error: { code: 'COE_GENERAL_SERVER_FAILURE', message: 'plain string message' } },
      'FF_PROVIDER_ERROR',
      /plain string message/,
    ],
    [503, 'Service Unavailable', 'FF_PROVIDER_ERROR', /Service Unavailable/],
  ])('%i -> %s', (status, body, code, text) => {
    const err = toError(axiosError(status, body), { connector: 'eu', where: 'GET User' });
    expect(err.code).toBe(code);
    expect(err.message).toMatch(text);
    expect(err.status).toBe(status);
  });

  it('reads Retry-After on 429', () => {
    const body = { error: { code: 'TooManyRequests', message: { lang: 'en', value: 'slow down' } } };
    const err = toError(axiosError(429, body, { 'retry-after': '300' }), { connector: 'eu', where: 'GET User' });
    expect(err.code).toBe('FF_RATE_LIMITED');
    expect(err.retryAfterMs).toBe(300_000);
  });
});
