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
