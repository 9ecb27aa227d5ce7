/**
 * The Workday sandbox's multi-instance customObject/v2 POST (the exception notes) as
 * specs/workday/rest/customObjectDataMultiInstance_v2.json describes it: `bulk=true` takes 1..100 instances, every
 * item is checked, the POST creates instances unless the definition uses a Reference ID (then `updateIfExists`
 * updates the instance with the same value, and without it such an instance is an error), and `GET
 * /customObjects/{alias}/{WID};{referenceIdAlias}={value}` resolves only under such a definition.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { smallOrg } from './helpers.js';

let sb: WorkdaySandbox;
beforeEach(async () => {
  sb = await startWorkdaySandbox({ org: smallOrg(20, 3), port: 0 });
});
afterEach(async () => sb.close());

const auth = () => {
  const user = String(Reflect.get(Reflect.get(sb.connectorConfig('x'), 'auth') ?? {}, 'username') ?? '');
  const pass = sb.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD ?? '';
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
};
const api = (path: string) => `${sb.baseUrl}ccx/api/customObject/v2/sandbox/${path}`;
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(api(path), {
    method,
    headers: { Authorization: auth(), 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: JSON.stringify(await res.json()) };
};
const BULK = 'customObjects/fluencyException?bulk=true&updateIfExists=true';

/** The WID of the n-th worker, read the way a client would: from the WQL data source of the flags' object... */
const widOf = async (n: number): Promise<string> => {
  const query = encodeURIComponent('SELECT worker FROM fluencyEligibilityInstances');
  const res = await fetch(`${sb.baseUrl}ccx/api/wql/v1/sandbox/data?query=${query}&limit=100&offset=0`, {
    headers: { Authorization: auth() },
  });
  expect(res.status).toBe(200);
  // ...which lists only workers with a flag: give the first workers one first.
  const body = z.object({ data: z.array(z.object({ worker: z.object({ id: z.string() }) })) }).parse(await res.json());
  return body.data[n]?.worker.id ?? '';
};
const seedFlags = async (count: number) => {
  const ids = Object.keys(sb.snapshot().goals).slice(0, count);
  for (const id of ids) sb.setFlagByHand(id, { value: 'eligible', reason: 'seed', by: 'test' });
  return ids;
};
const note = (wid: string, key: string, text = 'promoted early') => ({
  worker: { id: wid },
  promotionDate: '2027-02-01',
  fromGrade: 'G4',
  toGrade: 'G5',
  note: text,
  noteKey: key,
});
const notesOf = (employeeId: string) => sb.snapshot().exceptionNotes[employeeId] ?? [];

describe('Workday sandbox: multi-instance POST', () => {
  it('takes 1 to 100 instances with bulk=true, one object without it', async () => {
    await seedFlags(1);
    const wid = await widOf(0);
    expect((await call('POST', BULK, [])).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => note(wid, `k${i}`));
    const over = await call('POST', BULK, many);
    expect(over.status).toBe(400);
    expect(over.body).toContain('1 to 100');
    expect((await call('POST', BULK, note(wid, 'k'))).status).toBe(400);
    expect((await call('POST', 'customObjects/fluencyException', [note(wid, 'k')])).status).toBe(400);
    expect((await call('POST', 'customObjects/fluencyException', note(wid, 'k'))).status).toBe(201);
    expect((await call('POST', BULK, many.slice(1))).status).toBe(200);
  });

  it('refuses an unknown field, a worker that is not there, a bad date or a long text, naming [i].field', async () => {
    const [id] = await seedFlags(1);
    const wid = await widOf(0);
    const res = await call('POST', BULK, [
      note(wid, 'a'),
      { ...note(wid, 'b'), colour: 'red' },
      note('0'.repeat(32), 'c'),
      { ...note(wid, 'd'), promotionDate: '2027-13-01' },
      { ...note(wid, 'e'), note: 'x'.repeat(2001) },
    ]);
    expect(res.status).toBe(400);
    for (const path of ['[1].colour', '[2].worker', '[3].promotionDate', '[4].note'])
      expect(res.body).toContain(`"path":"${path}"`);
    expect(res.body).not.toContain('"path":"[0]');
    // All or nothing: the valid item was not written either.
    expect(notesOf(id ?? '')).toEqual([]);
  });

  it('with a Reference ID, updateIfExists updates the same instance; without it a second write is an error', async () => {
    const [id = ''] = await seedFlags(1);
    const wid = await widOf(0);
    expect((await call('POST', BULK, [note(wid, 'ff-1')])).status).toBe(200);
    expect((await call('POST', BULK, [note(wid, 'ff-1', 'promoted early, reviewed')])).status).toBe(200);
    expect(notesOf(id)).toEqual([
      { promotionDate: '2027-02-01', fromGrade: 'G4', toGrade: 'G5', note: 'promoted early, reviewed' },
    ]);
    const again = await call('POST', 'customObjects/fluencyException?bulk=true', [note(wid, 'ff-1')]);
    expect(again.status).toBe(400);
    expect(again.body).toContain('"path":"[0].noteKey"');
    // The Reference ID is required under such a definition.
    const { noteKey: _k, ...keyless } = note(wid, 'x');
    expect((await call('POST', BULK, [keyless])).body).toContain('The reference ID noteKey is required');
    expect(notesOf(id)).toHaveLength(1);
  });

  it('an update takes only the fields to change; a new instance still needs its promotion date', async () => {
    const [id = ''] = await seedFlags(1);
    const wid = await widOf(0);
    expect((await call('POST', BULK, [note(wid, 'ff-1')])).status).toBe(200);
    const { promotionDate: _d, ...dateless } = note(wid, 'ff-1', 'reviewed by the committee');
    expect((await call('POST', BULK, [dateless])).status).toBe(200);
    expect(notesOf(id)).toEqual([
      { promotionDate: '2027-02-01', fromGrade: 'G4', toGrade: 'G5', note: 'reviewed by the committee' },
    ]);
    const created = await call('POST', BULK, [{ ...dateless, noteKey: 'ff-2' }]);
    expect(created.status).toBe(400);
    expect(created.body).toContain('"path":"[0].promotionDate"');
    expect(notesOf(id)).toHaveLength(1);
  });

  it('without a Reference ID on the definition, every write creates an instance (a resend duplicates)', async () => {
    sb.setQuirks({ exceptionReferenceId: false });
    const [id = ''] = await seedFlags(1);
    const wid = await widOf(0);
    expect((await call('POST', BULK, [note(wid, 'ff-1')])).status).toBe(200);
    expect((await call('POST', BULK, [note(wid, 'ff-1')])).status).toBe(200);
    expect(notesOf(id)).toHaveLength(2);
  });

  it('finds an instance by {WID};noteKey={value} only when the definition uses that Reference ID', async () => {
    await seedFlags(1);
    const wid = await widOf(0);
    await call('POST', BULK, [note(wid, 'ff-2027-02-01-abc')]);
    const found = await call('GET', `customObjects/fluencyException/${wid};noteKey=ff-2027-02-01-abc`);
    expect(found.status).toBe(200);
    expect(found.body).toContain('"noteKey":"ff-2027-02-01-abc"');
    expect(found.body).toContain('"note":"promoted early"');
    expect((await call('GET', `customObjects/fluencyException/${wid};noteKey=other`)).status).toBe(404);
    expect((await call('GET', `customObjects/fluencyException/${wid};note=promoted early`)).status).toBe(404);
    // By the instance's own id as well.
    const instanceId = /"id":"([0-9a-f]{32})"/.exec(found.body)?.[1] ?? '';
    expect((await call('GET', `customObjects/fluencyException/${instanceId}`)).status).toBe(200);
    sb.setQuirks({ exceptionReferenceId: false });
    expect((await call('GET', `customObjects/fluencyException/${wid};noteKey=ff-2027-02-01-abc`)).status).toBe(404);
  });
});

describe('Workday sandbox: REST note writes and the transaction log', () => {
  /** The Employee_IDs of Get_Workers for the log entries entered in `from`..now. */
  const loggedSince = async (from: string): Promise<string[]> => {
    const password = sb.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD ?? '';
    const body =
      '<wd:Get_Workers_Request wd:version="v44.0"><wd:Request_Criteria><wd:Transaction_Log_Criteria_Data>' +
      `<wd:Transaction_Date_Range_Data><wd:Updated_From>${from}</wd:Updated_From>` +
      `<wd:Updated_Through>${new Date().toISOString()}</wd:Updated_Through></wd:Transaction_Date_Range_Data>` +
      '</wd:Transaction_Log_Criteria_Data></wd:Request_Criteria>' +
      '<wd:Response_Group><wd:Include_Reference>true</wd:Include_Reference></wd:Response_Group>' +
      '</wd:Get_Workers_Request>';
    const res = await fetch(`${sb.baseUrl}ccx/service/sandbox/Human_Resources/v44.0`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body:
        '<?xml version="1.0"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" ' +
        'xmlns:wd="urn:com.workday/bsvc"><env:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/' +
        '2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>' +
        `ISU_FLUENCY@sandbox</wsse:Username><wsse:Password>${password}</wsse:Password></wsse:UsernameToken>` +
        `</wsse:Security></env:Header><env:Body>${body}</env:Body></env:Envelope>`,
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    return [...text.matchAll(/<wd:ID wd:type="Employee_ID">([^<]+)<\/wd:ID>/g)].map((m) => m[1] ?? '');
  };

  it('leaves no log entry (nothing published says it does), unless the tenant variation says so', async () => {
    const [id = ''] = await seedFlags(1);
    const wid = await widOf(0);
    const from = new Date(Date.now() - 1000).toISOString();
    expect((await call('POST', BULK, [note(wid, 'ff-a')])).status).toBe(200);
    expect(await loggedSince(from)).toEqual([]);
    sb.setQuirks({ restWritesLogged: true });
    expect((await call('POST', BULK, [note(wid, 'ff-b')])).status).toBe(200);
    expect(await loggedSince(from)).toEqual([id]);
  });
});

describe('Workday sandbox: Edit_Worker_Additional_Data under a Reference ID', () => {
  const ewad = async (employeeId: string, keys: string[]) => {
    const password = sb.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD ?? '';
    const text = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
    const instance = (key: string, i: number) =>
      '<cus:fluencyException>' +
      `<cus:promotionDate>2027-02-0${i + 1}</cus:promotionDate><cus:fromGrade>G4</cus:fromGrade>` +
      `<cus:toGrade>G5</cus:toGrade><cus:note>promoted</cus:note><cus:noteKey>${key}</cus:noteKey>` +
      '</cus:fluencyException>';
    const body =
      '<?xml version="1.0"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" ' +
      'xmlns:wd="urn:com.workday/bsvc"><env:Header>' +
      '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">' +
      `<wsse:UsernameToken><wsse:Username>ISU_FLUENCY@sandbox</wsse:Username>` +
      `<wsse:Password Type="${text}">${password}</wsse:Password></wsse:UsernameToken></wsse:Security>` +
      '</env:Header><env:Body><wd:Edit_Worker_Additional_Data_Request wd:version="v44.0">' +
      '<wd:Business_Process_Parameters><wd:Auto_Complete>true</wd:Auto_Complete><wd:Run_Now>true</wd:Run_Now>' +
      '</wd:Business_Process_Parameters><wd:Worker_Custom_Object_Data>' +
      '<wd:Effective_Date>2027-03-01</wd:Effective_Date>' +
      `<wd:Worker_Reference><wd:ID wd:type="Employee_ID">${employeeId}</wd:ID></wd:Worker_Reference>` +
      '<wd:Business_Object_Additional_Data xmlns:cus="urn:com.workday/tenants/super/data/custom">' +
      keys.map(instance).join('') +
      '</wd:Business_Object_Additional_Data></wd:Worker_Custom_Object_Data>' +
      '</wd:Edit_Worker_Additional_Data_Request></env:Body></env:Envelope>';
    const res = await fetch(`${sb.baseUrl}ccx/service/sandbox/Staffing/v44.0`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body,
    });
    return { status: res.status, text: await res.text() };
  };

  it('refuses two instances of one worker with the same Reference ID value, as the REST form names one', async () => {
    const [id = ''] = Object.keys(sb.snapshot().goals);
    const twice = await ewad(id, ['k-1', 'k-1']);
    expect(twice.status).toBe(500);
    expect(twice.text).toContain('The reference ID noteKey k-1 appears twice for the worker');
    expect(notesOf(id)).toEqual([]);
    expect((await ewad(id, ['k-1', 'k-2'])).status).toBe(200);
    expect(notesOf(id)).toHaveLength(2);
    // Without a Reference ID on the definition the field is plain text: the same value twice is no error.
    sb.setQuirks({ exceptionReferenceId: false });
    expect((await ewad(id, ['k-1', 'k-1'])).status).toBe(200);
    expect(notesOf(id)).toHaveLength(2);
  });
});
