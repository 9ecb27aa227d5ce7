import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { parseXml } from '../../../connectors/workday/sandbox/xml-read.js';
import { smallOrg } from './helpers.js';

let sb: WorkdaySandbox;
let url = '';
let password = '';
beforeAll(async () => {
  sb = await startWorkdaySandbox({ org: smallOrg(10), port: 0 });
  url = `${sb.baseUrl}ccx/service/sandbox/Human_Resources/v44.0`;
  password = sb.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD ?? '';
});
afterAll(async () => sb.close());

const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
const header = (user = 'ISU_FLUENCY@sandbox', pw = password) =>
  '<env:Header>' +
  '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">' +
  `<wsse:UsernameToken><wsse:Username>${user}</wsse:Username>` +
  `<wsse:Password Type="${PASSWORD_TEXT}">${pw}</wsse:Password>` +
  '</wsse:UsernameToken></wsse:Security></env:Header>';
const envelope = (body: string, head = header()) =>
  '<?xml version="1.0"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" ' +
  `xmlns:wd="urn:com.workday/bsvc">${head}<env:Body>${body}</env:Body></env:Envelope>`;
const post = async (xml: string, target = url, type = 'text/xml; charset=utf-8') => {
  const res = await fetch(target, { method: 'POST', headers: { 'Content-Type': type }, body: xml });
  return { status: res.status, text: await res.text() };
};
const getWorkers = (inner: string, attrs = 'wd:version="v44.0"') =>
  `<wd:Get_Workers_Request ${attrs}>${inner}</wd:Get_Workers_Request>`;

describe('the Workday sandbox is strict like Workday', () => {
  it('serves customObject/v2 DELETE only with credentials, only for an id it holds, only on customObject', async () => {
    const api = `${sb.baseUrl}ccx/api/customObject/v2/sandbox/customObjects`;
    const auth = { Authorization: `Basic ${Buffer.from(`ISU_FLUENCY@sandbox:${password}`).toString('base64')}` };
    const del = (target: string, headers: Record<string, string> = auth) =>
      fetch(target, { method: 'DELETE', headers });
    expect((await del(`${api}/fluencyException/0000`, {})).status).toBe(401);
    const missing = await del(`${api}/fluencyException/0000`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Resource not found' });
    expect((await del(`${api}/fluencyEligibility/not-a-worker`)).status).toBe(404);
    expect((await del(`${api}/noSuchObject/0000`)).status).toBe(404);
    const other = `${sb.baseUrl}ccx/api/performanceEnablement/v5/sandbox/values/manageGoals/status`;
    expect((await del(other)).status).toBe(404);
    expect(sb.stats().byRoute['DELETE customObject']).toBe(4);
  });

  it('answers a valid request with Response_Results paging', async () => {
    const r = await post(
      envelope(
        getWorkers('<wd:Response_Filter><wd:Page>1</wd:Page><wd:Count>4</wd:Count></wd:Response_Filter>').replace(
          '<wd:Page>',
          '<wd:As_Of_Entry_DateTime>2027-03-01T00:00:00Z</wd:As_Of_Entry_DateTime><wd:Page>',
        ),
      ),
    );
    expect(r.status).toBe(200);
    expect(r.text).toContain(
      '<wd:Total_Results>10</wd:Total_Results><wd:Total_Pages>3</wd:Total_Pages><wd:Page_Results>4</wd:Page_Results>',
    );
  });

  it.each([
    [
      'elements out of order',
      getWorkers(
        '<wd:Response_Group><wd:Include_Reference>true</wd:Include_Reference></wd:Response_Group>' +
          '<wd:Response_Filter><wd:Count>5</wd:Count></wd:Response_Filter>',
      ),
      'out of order',
    ],
    [
      'an unprefixed element (no namespace)',
      '<Get_Workers_Request xmlns=""><Response_Filter/></Get_Workers_Request>',
      'invalid for the requested operation',
    ],
    ['an unqualified attribute', getWorkers('', 'version="v44.0"'), 'must be qualified'],
    ['Count above 999', getWorkers('<wd:Response_Filter><wd:Count>1000</wd:Count></wd:Response_Filter>'), 'Count'],
    [
      'Page 0',
      getWorkers('<wd:Response_Filter><wd:Page>0</wd:Page></wd:Response_Filter>'),
      'Page Number cannot be zero',
    ],
    [
      'Page without As_Of_Entry_DateTime',
      getWorkers('<wd:Response_Filter><wd:Page>2</wd:Page></wd:Response_Filter>'),
      'As_Of_Entry_DateTime',
    ],
    [
      'a bad date',
      getWorkers(
        '<wd:Response_Filter><wd:As_Of_Effective_Date>2027-02-30</wd:As_Of_Effective_Date></wd:Response_Filter>',
      ),
      'not a valid date',
    ],
    [
      'an unknown ID type',
      getWorkers(
        '<wd:Request_References><wd:Worker_Reference><wd:ID wd:type="Badge_ID">1</wd:ID>' +
          '</wd:Worker_Reference></wd:Request_References>',
      ),
      'Invalid ID Type',
    ],
    [
      'Manage_Goals without Add_Only',
      '<wd:Manage_Goals_Request wd:version="v44.0"><wd:Manage_Goals_Data><wd:Worker_Reference>' +
        '<wd:ID wd:type="Employee_ID">1000</wd:ID></wd:Worker_Reference><wd:Worker_Goal_Detail_Data>' +
        '<wd:Name>x</wd:Name></wd:Worker_Goal_Detail_Data></wd:Manage_Goals_Data></wd:Manage_Goals_Request>',
      'Add_Only',
    ],
    [
      'Add_Only that is not a boolean',
      '<wd:Manage_Goals_Request wd:version="v44.0" wd:Add_Only="maybe"><wd:Manage_Goals_Data>' +
        '<wd:Worker_Reference><wd:ID wd:type="Employee_ID">1000</wd:ID></wd:Worker_Reference>' +
        '<wd:Worker_Goal_Detail_Data><wd:Name>x</wd:Name></wd:Worker_Goal_Detail_Data></wd:Manage_Goals_Data>' +
        '</wd:Manage_Goals_Request>',
      'boolean',
    ],
  ])('refuses %s with a Validation_Fault (HTTP 500)', async (_name, body, message) => {
    const target = body.includes('Manage_Goals') ? url.replace('Human_Resources', 'Performance_Management') : url;
    const r = await post(envelope(body), target);
    expect(r.status).toBe(500);
    expect(r.text).toContain('Client.validationError');
    expect(r.text).toContain('<wd:Validation_Fault>');
    expect(r.text).toContain('<wd:Xpath>');
    expect(r.text).toContain(message);
  });

  it('refuses a wrong password with an authentication fault, and a wrong content type', async () => {
    const bad = await post(envelope(getWorkers(''), header('ISU_FLUENCY@sandbox', 'nope')));
    expect(bad.status).toBe(500);
    expect(bad.text).toContain('Authentication_Fault');
    const json = await post(envelope(getWorkers('')), url, 'application/json');
    expect(json.status).toBe(415);
  });

  it('never resolves an external entity: a DOCTYPE is refused and the file content never comes back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ff-xxe-'));
    const secretFile = path.join(dir, 'secret.txt');
    await writeFile(secretFile, 'TOP-SECRET-XXE-CONTENT');
    const evil =
      `<?xml version="1.0"?><!DOCTYPE env:Envelope [<!ENTITY xxe SYSTEM "file://${secretFile}">]>` +
      envelope(
        getWorkers('<wd:Response_Filter><wd:As_Of_Effective_Date>&xxe;</wd:As_Of_Effective_Date></wd:Response_Filter>'),
      ).replace('<?xml version="1.0"?>', '');
    const r = await post(evil);
    expect(r.status).toBe(500);
    expect(r.text).toContain('document type declaration is not allowed');
    expect(r.text).not.toContain('TOP-SECRET-XXE-CONTENT');
    expect(() => parseXml(`<!DOCTYPE a [<!ENTITY x SYSTEM "file://${secretFile}">]><a>&x;</a>`)).toThrow(
      /document type declaration/,
    );
  });

  it('serves a WSDL of its own that lists what it serves', async () => {
    const wsdl = await (await fetch(`${url.replace('Human_Resources', 'Performance_Management')}?wsdl`)).text();
    expect(wsdl).toContain('<wsdl:operation name="Manage_Goals">');
    expect(wsdl).toContain('fluencyflow sandbox');
    expect(wsdl).toContain('attributeFormDefault="qualified"');
  });

  it('rate-limits on demand with 429 and Retry-After', async () => {
    sb.setQuirks({ rateLimitEvery: 1, retryAfterSeconds: 7 });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: envelope(getWorkers('')),
    });
    sb.setQuirks({ rateLimitEvery: 0 });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it('keeps passwords out of its log', () => {
    expect(sb.logs().join('\n')).not.toContain(password);
    expect(sb.logs().length).toBeGreaterThan(5);
  });
});
