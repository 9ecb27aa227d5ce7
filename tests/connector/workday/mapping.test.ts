import { describe, expect, it } from 'vitest';
import { composeDescription, splitDescription } from '../../../connectors/workday/goal-text.js';
import { workdayConfigSchema } from '../../../connectors/workday/config.js';
import {
  goalCandidates,
  jobChangeDates,
  toEligibility,
  toEmployee,
  toExceptionNote,
} from '../../../connectors/workday/mapping.js';
import { toError } from '../../../connectors/workday/to-error.js';
import { customObjectXml } from '../../../connectors/workday/requests.js';
import { workerSchema } from '../../../connectors/workday/wire-schemas.js';
import { parseXml } from '../../../connectors/workday/sandbox/xml-read.js';
import { resolveTenantValues } from '../../../connectors/workday/values.js';
import type { WorkdayClient } from '../../../connectors/workday/client.js';
import { PermissionError } from '../../../src/errors.js';
import { readOptions } from './helpers.js';

const config = workdayConfigSchema.parse({
  id: 'us',
  type: 'workday',
  host: 'h.example',
  tenant: 't',
  version: 'v44.0',
  auth: { username: 'a@t', password: { env: 'X' } },
  customObject: 'o',
  exceptionObject: 'e',
  values: { eligible: 'YES', notEligible: 'NO', goalStatus: { 'on-track': 'ON_TRACK' } },
});

const unused = async (): Promise<never> => {
  throw new Error('not called');
};
/** A tenant whose statuses carry reference ids and whose eligibility field is text (definitions not readable). */
const client: WorkdayClient = {
  getWorkers: unused,
  getJobProfiles: unused,
  manageGoals: unused,
  editWorkerAdditionalData: unused,
  customObject: unused,
  customObjectInstances: unused,
  deleteCustomObject: unused,
  goalStatuses: async () => [
    { id: 'Component_Completion_ID=ON_TRACK', descriptor: 'On track' },
    { id: 'Component_Completion_ID=LATE', descriptor: 'Late' },
    { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', descriptor: 'Completed' },
  ],
  objectDefinitions: async () => {
    throw new PermissionError('customObjectDefinition/v1: the integration user lacks access (403)', { status: 403 });
  },
  objectFields: unused,
  fieldType: unused,
  listValues: unused,
  writeCustomObjects: unused,
  wql: unused,
  wqlDataSources: unused,
  wqlFields: unused,
};
const values = await resolveTenantValues(config, client, 'connectors[0]');

describe('workday mapping', () => {
  it('keeps progress in a line above the marker and takes it out again', () => {
    const d = 'Reach practitioner.\nMet: X.\n[fluencyflow:FY2027:1000]';
    const written = composeDescription(d, 42);
    expect(written).toBe('Reach practitioner.\nMet: X.\nProgress: 42%\n[fluencyflow:FY2027:1000]');
    expect(splitDescription(written)).toEqual({ description: d, percent: 42 });
    expect(splitDescription('Someone else wrote this')).toEqual({ description: 'Someone else wrote this', percent: 0 });
  });

  it("reads the worker's language: the one chosen, else the display language, else the locale; none without an account", () => {
    const ref = (type: string, value: string) => ({ ID: [{ attributes: { 'wd:type': type }, $value: value }] });
    const localeOf = (account: Record<string, unknown> | undefined) =>
      toEmployee(
        workerSchema.parse({ Worker_Reference: ref('Employee_ID', '7'), Worker_Data: { User_Account_Data: account } }),
        'us',
        config,
        new Map(),
      )?.locale;
    const locale = ref('Locale_ID', 'fr_FR');
    expect(
      localeOf({
        User_Name: 'a',
        User_Language__Reference: ref('User_Language_ID', 'ja_JP'),
        Locale__Reference: locale,
      }),
    ).toBe('ja_JP');
    expect(
      localeOf({
        User_Name: 'a',
        Default_Display_Language_Reference: ref('User_Language_ID', 'de_DE'),
        Locale__Reference: locale,
      }),
    ).toBe('de_DE');
    expect(localeOf({ User_Name: 'a', Locale__Reference: locale })).toBe('fr_FR');
    expect(localeOf(undefined)).toBeNull();
  });

  it('finds candidates by title, marker or Goal_Reference_ID, maps status and closed', () => {
    const worker = workerSchema.parse({
      Worker_Data: {
        Worker_Goal_Data: {
          Goal: [
            {
              Goal_Reference: { ID: [{ attributes: { 'wd:type': 'WID' }, $value: 'w1' }] },
              Goal_Data: {
                Goal_Reference_ID: 'FLUENCY-FY2027-7',
                Goal: 'Renamed',
                Description: 'x\nProgress: 10%',
                Due_Date: '2027-12-31',
                Completion_Status_Reference: {
                  ID: { attributes: { 'wd:type': 'Component_Completion_ID' }, $value: 'ON_TRACK' },
                },
              },
            },
            {
              Goal_Reference: { ID: { attributes: { 'wd:type': 'WID' }, $value: 'w2' } },
              Goal_Data: [{ Goal: readOptions.goal.title, Completion_Date: '2027-01-05' }],
            },
            { Goal_Data: { Goal: 'Grow customer impact', Description: 'unrelated' } },
          ],
        },
      },
    });
    const got = goalCandidates(worker.Worker_Data, '7', readOptions.goal, values);
    expect(got.map((g) => [g.id, g.referenceId, g.percentComplete, g.status, g.closed])).toEqual([
      ['w1', 'FLUENCY-FY2027-7', 10, 'on-track', false],
      ['w2', null, 0, null, true],
    ]);
  });

  it('resolves statuses by meaning from the tenant list, config first, and writes them as typed ids', () => {
    expect(values.goalStatus).toEqual({
      'on-track': { type: 'Component_Completion_ID', id: 'ON_TRACK' },
      behind: { type: 'Component_Completion_ID', id: 'LATE' },
      achieved: { type: 'WID', id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' },
    });
    expect(values.choices.map((c) => [c.meaning, c.source])).toEqual([
      ['on-track', 'config'],
      ['behind', 'tenant'],
      ['achieved', 'tenant'],
      ['eligible', 'unchecked'],
      ['not-eligible', 'unchecked'],
    ]);
    expect(values.choices.find((c) => c.meaning === 'eligible')?.from).toContain('Custom Object Management');
    expect(values.statusOf([{ type: 'WID', value: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' }], null)).toBe('achieved');
    expect(values.statusOf([{ type: 'WID', value: 'ffff' }], 'late')).toBe('behind');
    expect(values.statusOf([{ type: 'Component_Completion_ID', value: 'OTHER' }], 'Other')).toBeNull();
  });

  it('maps tenant list values back and reads notes', () => {
    expect(toEligibility({ eligible: 'YES', reason: 'ok' }, config, values)).toEqual({
      value: 'eligible',
      reason: 'ok',
    });
    expect(toEligibility({ eligible: 'maybe', reason: '' }, config, values)).toEqual({ value: null, reason: '' });
    expect(toEligibility({}, config, values)).toBeNull();
    expect(
      toExceptionNote({ id: 'i', promotionDate: '2026-05-01', fromGrade: 'G4', toGrade: 'G5', note: 'n' }, config),
    ).toEqual({ id: 'i', promotionDate: '2026-05-01', fromGrade: 'G4', toGrade: 'G5', note: 'n' });
    expect(toExceptionNote({ promotionDate: 'soon' }, config)).toBeNull();
  });

  it('takes job changes from the transaction log inside the window, not after as-of, not rescinded, and the one before', () => {
    const entry = (date: string, type: string, rescinded = false) => ({
      Transaction_Log_Data: {
        Transaction_Effective_Moment: `${date}T00:00:00.000+09:00`,
        Transaction_Log_Type_Reference: { ID: { attributes: { 'wd:type': 'Business_Process_Type' }, $value: type } },
        Is_Rescind_Or_Rescinded: rescinded,
      },
    });
    const w = workerSchema.parse({
      Worker_Data: {
        Transaction_Log_Entry_Data: {
          Transaction_Log_Entry: [
            entry('2024-01-01', 'Change Job'),
            entry('2026-06-01', 'Change Job'),
            entry('2026-07-01', 'Change Job', true),
            entry('2026-08-01', 'Request Time Off'),
            entry('2027-04-01', 'Change Job'),
          ],
        },
      },
    });
    expect(jobChangeDates(w.Worker_Data, config, '2026-01-25', '2027-03-01')).toEqual({
      changes: [{ date: '2026-06-01', event: 'Change Job' }],
      // The job record in force when the window opens began with the last change before it.
      since: '2024-01-01',
    });
    expect(jobChangeDates(w.Worker_Data, config, '2023-01-01', '2027-03-01').since).toBeNull();
  });

  it('writes custom object payloads that survive markup and non-Latin text', () => {
    const xml = customObjectXml('fluencyException', [{ note: 'Lee <Jr> & ]]> "q" \'a\' 山田 Дмитрий\u0001' }]);
    const node = parseXml(`<root>${xml}</root>`);
    expect(node.children[0]?.children[0]?.text).toBe('Lee <Jr> & ]]> "q" \'a\' 山田 Дмитрий');
  });

  it('translates failures without leaking the request', () => {
    const err = toError(
      {
        message: 'x',
        config: { data: '<wsse:Password>hunter22</wsse:Password>' },
        response: { status: 429, headers: { 'retry-after': '3' }, data: '' },
      },
      { connector: 'us', where: 'Get_Workers' },
    );
    expect(err.code).toBe('FF_RATE_LIMITED');
    expect(err.retryAfterMs).toBe(3000);
    expect(JSON.stringify(err)).not.toContain('hunter22');
    expect(toError({ code: 'ECONNRESET' }, { connector: 'us', where: 'Manage_Goals' }).code).toBe('FF_NETWORK');
    expect(toError({ response: { status: 401, data: '' } }, { connector: 'us', where: 'Get_Workers' }).code).toBe(
      'FF_AUTH_FAILED',
    );
  });
});
