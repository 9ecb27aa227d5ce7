/**
 * The sandbox answers Transaction_Log_Criteria_Data as Human_Resources v33.1 describes it: workers (and job profiles)
 * with a log entry entered or effective in the range, and the schema's own validations refused with its messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { smallOrg } from './helpers.js';

let sb: WorkdaySandbox;
let url = '';
let password = '';
const org = smallOrg(12, 3);
beforeAll(async () => {
  sb = await startWorkdaySandbox({ org, port: 0 });
  url = `${sb.baseUrl}ccx/service/sandbox/Human_Resources/v44.0`;
  password = sb.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD ?? '';
});
afterAll(async () => sb.close());

const envelope = (body: string) =>
  '<?xml version="1.0"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:wd="urn:com.workday/bsvc"><env:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/' +
  'oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>ISU_FLUENCY@sandbox</wsse:Username>' +
  `<wsse:Password>${password}</wsse:Password></wsse:UsernameToken></wsse:Security></env:Header>` +
  `<env:Body>${body}</env:Body></env:Envelope>`;

const criteria = (range: string, extra = '') =>
  '<wd:Get_Workers_Request wd:version="v44.0"><wd:Request_Criteria><wd:Transaction_Log_Criteria_Data>' +
  `<wd:Transaction_Date_Range_Data>${range}</wd:Transaction_Date_Range_Data>${extra}` +
  '</wd:Transaction_Log_Criteria_Data></wd:Request_Criteria><wd:Response_Filter>' +
  `<wd:As_Of_Effective_Date>${org.asOf}</wd:As_Of_Effective_Date></wd:Response_Filter>` +
  '<wd:Response_Group><wd:Include_Reference>true</wd:Include_Reference></wd:Response_Group></wd:Get_Workers_Request>';

const updated = (from: string, through: string) =>
  `<wd:Updated_From>${from}</wd:Updated_From><wd:Updated_Through>${through}</wd:Updated_Through>`;
const effective = (from: string, through: string) =>
  `<wd:Effective_From>${from}</wd:Effective_From><wd:Effective_Through>${through}</wd:Effective_Through>`;

const post = async (body: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: envelope(body) });
  return { status: res.status, text: await res.text() };
};
const employeeIds = (xml: string): string[] =>
  [...xml.matchAll(/<wd:ID wd:type="Employee_ID">([^<]+)<\/wd:ID>/g)].map((m) => m[1] ?? '').sort();

describe('Transaction_Log_Criteria_Data in the Workday sandbox', () => {
  it('lists the workers with an entry entered in the range, whatever its effective date', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const active = org.employees.filter((e) => e.status === 'active');
    const [a, b] = active;
    if (!a || !b) throw new Error('the org has too few active workers');
    // Entered now: one effective in the past, one in the future.
    sb.setGradeByHand?.(a.id, org.grades[0] ?? '', '2027-01-15');
    sb.setGradeByHand?.(b.id, org.grades[1] ?? '', '2028-01-15');
    const now = new Date().toISOString();
    const r = await post(criteria(updated(before, now)));
    expect(r.status).toBe(200);
    expect(employeeIds(r.text)).toEqual([a.id, b.id].sort());
    // The same entries by their effective dates: only the one in the range.
    const byEffective = await post(criteria(effective('2028-01-01T00:00:00Z', '2028-02-01T00:00:00Z')));
    expect(employeeIds(byEffective.text)).toContain(b.id);
    expect(employeeIds(byEffective.text)).not.toContain(a.id);
    // Both ranges: an entry must fall in both.
    const both = await post(criteria(updated(before, now) + effective('2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z')));
    expect(employeeIds(both.text)).toEqual([a.id]);
    // Just before: nothing (the seeded history was entered before the sandbox started).
    const older = await post(criteria(updated(new Date(Date.parse(before) - 10_000).toISOString(), before)));
    expect(older.status).toBe(200);
    expect(employeeIds(older.text)).toEqual([]);
  });

  it('logs hires and terminations entered by hand, and the Transaction_Type_References filter', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const target = org.employees.find((e) => e.status === 'active' && e.id !== org.employees[0]?.id);
    if (!target) throw new Error('no active worker');
    sb.hireByHand({
      employeeId: 'H900',
      firstName: 'Ana',
      lastName: 'Hire',
      email: 'ana.hire@example.com',
      department: 'Engineering',
      jobFamily: 'Engineering',
      grade: org.grades[2] ?? 'G3',
      hireDate: org.asOf,
    });
    sb.terminateByHand(target.id, org.asOf);
    const types = (t: string) =>
      '<wd:Transaction_Type_References><wd:Transaction_Type_Reference>' +
      `<wd:ID wd:type="Business_Process_Type">${t}</wd:ID>` +
      '</wd:Transaction_Type_Reference></wd:Transaction_Type_References>';
    const range = updated(from, new Date().toISOString());
    expect(employeeIds((await post(criteria(range, types('Hire')))).text)).toEqual(['H900']);
    expect(employeeIds((await post(criteria(range, types('Terminate Employee')))).text)).toEqual([target.id]);
  });

  it.each([
    [
      'Updated_From without Updated_Through',
      '<wd:Updated_From>2027-01-01T00:00:00Z</wd:Updated_From>',
      '',
      'If one of Updated From or Updated Through contains a value, both are Required!',
    ],
    [
      'Effective_Through without Effective_From',
      '<wd:Effective_Through>2027-01-01T00:00:00Z</wd:Effective_Through>',
      '',
      'If one of Effective From or Effective Through contains a value, both are Required!',
    ],
    [
      'Updated_From after Updated_Through',
      updated('2027-01-02T00:00:00Z', '2027-01-01T00:00:00Z'),
      '',
      'Updated From must be less than or equal to Updated Through!',
    ],
    [
      'Effective_From after Effective_Through',
      effective('2027-01-02T00:00:00Z', '2027-01-01T00:00:00Z'),
      '',
      'Effective From must be less than or equal to Effective Through!',
    ],
    [
      'Updated_Through in the future',
      updated('2020-01-01T00:00:00Z', '2099-01-01T00:00:00Z'),
      '',
      'Updated Through must be less than or equal to Current Moment!',
    ],
    [
      'a Subscriber_Reference without a Transaction Log Service',
      '',
      '<wd:Subscriber_Reference><wd:ID wd:type="Integration_System_ID">FF</wd:ID></wd:Subscriber_Reference>',
      'Subscriber Reference must have an enabled Transaction Log Service configuration.',
    ],
    ['a bad dateTime', updated('yesterday', '2020-01-01T00:00:00Z'), '', 'not a valid dateTime'],
  ])('refuses %s with a Validation_Fault', async (_name, range, extra, message) => {
    const r = await post(criteria(range, extra));
    expect(r.status).toBe(500);
    expect(r.text).toContain('<wd:Validation_Fault>');
    expect(r.text).toContain(message);
  });

  it('answers Get_Job_Profiles by the log of each profile version', async () => {
    const profiles = (range: string) =>
      '<wd:Get_Job_Profiles_Request wd:version="v44.0"><wd:Request_Criteria><wd:Transaction_Log_Criteria_Data>' +
      `<wd:Transaction_Date_Range_Data>${range}</wd:Transaction_Date_Range_Data></wd:Transaction_Log_Criteria_Data>` +
      '</wd:Request_Criteria></wd:Get_Job_Profiles_Request>';
    const recent = await post(profiles(updated(new Date(Date.now() - 60_000).toISOString(), new Date().toISOString())));
    expect(recent.status).toBe(200);
    expect(recent.text).toContain('<wd:Total_Results>0</wd:Total_Results>');
    const ever = await post(profiles(updated('2000-01-01T00:00:00Z', new Date().toISOString())));
    expect(ever.text).not.toContain('<wd:Total_Results>0</wd:Total_Results>');
  });
});
