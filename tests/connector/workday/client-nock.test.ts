import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workdayConnector } from '../../../connectors/workday/index.js';
import { workdayConfigSchema } from '../../../connectors/workday/config.js';
import { renderWsdl } from '../../../connectors/workday/sandbox/wsdl.js';
import { envelope, validationFault } from '../../../connectors/workday/sandbox/envelope.js';
import { readOptions, testContext } from './helpers.js';
import { pattern } from '../../helpers/pattern.js';

const BASE = 'https://wd2-impl-services1.workday.com';
const PATH = '/ccx/service/acme/Human_Resources/v44.0';
let wsdlFile = '';

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ff-wd-wsdl-'));
  wsdlFile = path.join(dir, 'hr.wsdl');
  await writeFile(wsdlFile, renderWsdl('Human_Resources', 'v44.0', `${BASE}${PATH}`));
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterEach(() => nock.cleanAll());

process.env.WD_TEST_PASSWORD = 'p@ss<word>&"1';
const config = () =>
  workdayConfigSchema.parse({
    id: 'acme',
    type: 'workday',
    host: 'wd2-impl-services1.workday.com',
    tenant: 'acme',
    version: 'v44.0',
    wsdl: { Human_Resources: wsdlFile },
    auth: { username: 'ISU_FLUENCY@acme', password: { env: 'WD_TEST_PASSWORD' } },
    customObject: 'fluencyEligibility',
    exceptionObject: 'fluencyException',
  });

const oneWorker = envelope(
  '<wd:Get_Workers_Response wd:version="v44.0"><wd:Response_Results><wd:Total_Results>1</wd:Total_Results>' +
    '<wd:Total_Pages>1</wd:Total_Pages><wd:Page_Results>1</wd:Page_Results><wd:Page>1</wd:Page>' +
    '</wd:Response_Results><wd:Response_Data><wd:Worker><wd:Worker_Reference><wd:ID wd:type="WID">abc</wd:ID>' +
    '<wd:ID wd:type="Employee_ID">21001</wd:ID></wd:Worker_Reference><wd:Worker_Data>' +
    '<wd:Worker_ID>21001</wd:Worker_ID><wd:Employment_Data><wd:Worker_Status_Data><wd:Active>false</wd:Active>' +
    '</wd:Worker_Status_Data></wd:Employment_Data></wd:Worker_Data></wd:Worker></wd:Response_Data>' +
    '</wd:Get_Workers_Response>',
);

const noProfiles = envelope(
  [
    '<wd:Get_Job_Profiles_Response wd:version="v44.0"><wd:Response_Results>',
    '<wd:Total_Results>0</wd:Total_Results><wd:Total_Pages>0</wd:Total_Pages>',
    '<wd:Page_Results>0</wd:Page_Results><wd:Page>1</wd:Page></wd:Response_Results>',
    '<wd:Response_Data></wd:Response_Data></wd:Get_Job_Profiles_Response>',
  ].join(''),
);

/** The tenant's goal statuses, custom object definitions the user may not read (403), and no job profiles. */
const tenantMocks = () =>
  nock(BASE)
    .get('/ccx/api/performanceEnablement/v5/acme/values/manageGoals/status/')
    .query({ limit: '1000', offset: '0' })
    .reply(200, {
      total: 3,
      data: [
        { id: 'a0000000000000000000000000000001', descriptor: 'On Track' },
        { id: 'a0000000000000000000000000000002', descriptor: 'Behind' },
        { id: 'a0000000000000000000000000000003', descriptor: 'Achieved' },
      ],
    })
    .get('/ccx/api/customObjectDefinition/v1/acme/definitions')
    .query(true)
    .reply(403, { error: 'The processing user has insufficient permissions' })
    .post(PATH, (body: string) => body.includes('Get_Job_Profiles_Request'))
    .reply(200, noProfiles, { 'Content-Type': 'text/xml' });

const readAll = async (session: ReturnType<typeof workdayConnector.create>) => {
  const out = [];
  for await (const page of session.readEmployees(readOptions)) out.push(...page);
  return out;
};

describe('workday client on the wire (nock)', () => {
  it('sends WS-Security user@tenant with PasswordText (escaped), no Timestamp or Nonce, SOAP 1.1, and a fixed As_Of_Entry_DateTime', async () => {
    let sent = '';
    let headers: Record<string, unknown> = {};
    const tenant = tenantMocks();
    const scope = nock(BASE)
      .post(PATH, (body: string) => ((sent = body), true))
      .reply(function () {
        headers = this.req.headers;
        return [200, oneWorker, { 'Content-Type': 'text/xml' }];
      });
    const rows = await readAll(workdayConnector.create(config(), await testContext()));
    expect(scope.isDone() && tenant.isDone()).toBe(true);
    expect(rows.map((r) => [r.employee.id, r.employee.status])).toEqual([['21001', 'inactive']]);
    expect(sent).toContain('<wsse:Username>ISU_FLUENCY@acme</wsse:Username>');
    expect(sent).toContain('#PasswordText">p@ss&lt;word&gt;&amp;&quot;1</wsse:Password>');
    expect(sent).not.toContain('Timestamp');
    expect(sent).not.toContain('Nonce');
    expect(sent).toMatch(
      pattern([
        /<wd:As_Of_Effective_Date>2027-03-01<\/wd:As_Of_Effective_Date>/,
        /<wd:As_Of_Entry_DateTime>\d{4}-\d\d-\d\dT[\d:.]+Z<\/wd:As_Of_Entry_DateTime>/,
        /<wd:Page>1<\/wd:Page><wd:Count>999<\/wd:Count>/,
      ]),
    );
    expect(String(headers['content-type'])).toContain('text/xml');
  });

  it('warns when the configured grade field is empty for most active workers', async () => {
    tenantMocks();
    const active = oneWorker.replace('<wd:Active>false</wd:Active>', '<wd:Active>true</wd:Active>');
    const scope = nock(BASE)
      .post(PATH)
      .reply(200, active, { 'Content-Type': 'text/xml' })
      .get('/ccx/api/customObject/v2/acme/customObjects/fluencyEligibility/abc')
      .reply(200, {});
    const session = workdayConnector.create(config(), await testContext());
    const rows = await readAll(session);
    // No job change in the history read: the worker's exception notes are not read.
    expect(scope.isDone()).toBe(true);
    expect(rows.map((r) => [r.employee.status, r.employee.grade])).toEqual([['active', null]]);
    expect(session.warnings()).toEqual([
      expect.stringMatching(
        /^connectors\[0\]\.wql is not set: eligibility flags are read with one customObject\/v2 call/,
      ),
      '1 of 1 active workers have no compensationGrade as of 2027-03-01; ' +
        'check connectors[0].grade (compensationGrade, managementLevel or jobLevel)',
    ]);
  });

  it('retries a 429 with Retry-After: 0, then reads', async () => {
    tenantMocks();
    const scope = nock(BASE)
      .post(PATH)
      .reply(429, '', { 'Retry-After': '0' })
      .post(PATH)
      .reply(200, oneWorker, { 'Content-Type': 'text/xml' });
    expect(await readAll(workdayConnector.create(config(), await testContext()))).toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });

  it('maps a Validation_Fault to FF_REJECTED with each message and the xpath, without retrying', async () => {
    tenantMocks();
    const scope = nock(BASE)
      .post(PATH)
      .reply(
        500,
        validationFault([
          { message: 'Invalid ID value', xpath: '/wd:Get_Workers_Request/wd:Request_References' },
          { message: 'Second problem', xpath: '/x' },
        ]),
        { 'Content-Type': 'text/xml' },
      );
    const err = await readAll(workdayConnector.create(config(), await testContext())).catch((e: unknown) => e);
    expect(scope.isDone()).toBe(true);
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({
      code: 'FF_REJECTED',
      status: 500,
      where: '/wd:Get_Workers_Request/wd:Request_References',
    });
    expect(String(JSON.stringify(err))).toContain('Second problem');
    expect(JSON.stringify(err)).not.toContain('p@ss');
  });

  it('does not resolve an external entity in a response', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ff-xxe-'));
    const file = path.join(dir, 'secret.txt');
    await writeFile(file, 'XXE-LEAK-MARKER');
    const body = oneWorker
      .replace('<?xml version="1.0" encoding="UTF-8"?>', '')
      .replace('<wd:Worker_ID>21001</wd:Worker_ID>', '<wd:Worker_ID>&xxe;</wd:Worker_ID>');
    const evil = `<?xml version="1.0"?><!DOCTYPE env:Envelope [<!ENTITY xxe SYSTEM "file://${file}">]>${body}`;
    tenantMocks();
    const scope = nock(BASE).post(PATH).reply(200, evil, { 'Content-Type': 'text/xml' });
    const out = await readAll(workdayConnector.create(config(), await testContext())).then(
      (r) => JSON.stringify(r),
      (e: unknown) => JSON.stringify(e),
    );
    expect(scope.isDone()).toBe(true);
    expect(out).not.toContain('XXE-LEAK-MARKER');
  });
});
