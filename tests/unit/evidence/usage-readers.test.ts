import { describe, expect, it } from 'vitest';
import { readGithubCopilot, readM365Copilot, readUsage } from '../../../src/evidence/index.js';
import { collect, tempDir } from './helpers.js';

const newDir = tempDir();

describe('readUsage (usage.ndjson)', () => {
  it('reads daily totals and single events; a timestamp counts on its calendar day in the cycle zone', async () => {
    const { write } = newDir();
    const path = write(
      'usage.ndjson',
      [
        '{"employee":"ann@x.com","date":"2027-03-01","tool":"copilot","events":12,"minutesSaved":30}',
        '{"employee":"ann@x.com","at":"2027-03-02T03:30:00Z","tool":"chatgpt"}',
        '{"employee":"ann@x.com","at":"2027-03-02T14:00:00+01:00"}',
        '{"employee":"ann@x.com","at":"2027-03-05T23:59:00"}',
        '{ "employee" : 1002 , "date" : "2027-03-03" , "events" : 0 }',
      ].join('\n'),
    );
    const items = await collect(readUsage(path, { zone: 'America/New_York' }));
    expect(
      items.map((i) =>
        'record' in i
          ? [i.record.employee, i.record.date, i.record.events, i.record.minutesSaved, i.record.tool]
          : i.error,
      ),
    ).toEqual([
      ['ann@x.com', '2027-03-01', 12, 30, 'copilot'],
      // 03:30 UTC is the evening before in New York.
      ['ann@x.com', '2027-03-01', 1, 0, 'chatgpt'],
      ['ann@x.com', '2027-03-02', 1, 0, ''],
      // No offset: local time in the cycle's zone, the date as written.
      ['ann@x.com', '2027-03-05', 1, 0, ''],
      ['1002', '2027-03-03', 0, 0, ''],
    ]);
  });

  it('reports bad lines with their numbers: negative or fractional counts, bad JSON, bad dates, no employee, invalid UTF-8', async () => {
    const { write } = newDir();
    const lines = [
      '{"employee":"a@x.com","date":"2027-03-01","events":-1}',
      '{"employee":"a@x.com","date":"2027-03-01","events":1.5}',
      '{"employee":"a@x.com","date":"2027-03-01"',
      '{"employee":"a@x.com","date":"2027-02-30"}',
      '{"date":"2027-03-01"}',
      '{"employee":"a@x.com"}',
      '{"employee":"a@x.com","date":"2027-03-01","minutesSaved":-5}',
      '',
      '{"employee":"a@x.com","date":"2027-03-01","events":"many"}',
      '[1,2]',
    ];
    const bad = Buffer.from('{"employee":"jos\xe9@x.com","date":"2027-03-01"}', 'latin1');
    const path = write(
      'u.ndjson',
      Buffer.concat([
        Buffer.from(`${lines.join('\r\n')}\r\n`),
        bad,
        Buffer.from('\n{"employee":"ok@x.com","date":"2027-03-01"}'),
      ]),
    );
    const items = await collect(readUsage(path));
    const errors = items.flatMap((i) => ('error' in i ? [`${i.error.line} ${i.error.message}`] : []));
    expect(errors[0]).toBe('1 events -1 is negative');
    expect(errors[1]).toBe('2 events 1.5 is not a whole number');
    expect(errors[2]).toMatch(/^3 not JSON/);
    expect(errors[3]).toBe('4 date "2027-02-30" is not a date (yyyy-mm-dd)');
    expect(errors[4]).toBe('5 employee is missing');
    expect(errors[5]).toBe('6 date or at is required');
    expect(errors[6]).toBe('7 minutesSaved -5 is negative or not a number');
    expect(errors[7]).toBe('9 events must be a number');
    expect(errors[8]).toBe('10 a line must be a JSON object');
    expect(errors[9]).toBe('11 not valid UTF-8 (save the file as UTF-8)');
    expect(errors).toHaveLength(10);
    expect(items.at(-1)).toEqual({
      record: expect.objectContaining({ employee: 'ok@x.com', date: '2027-03-01', events: 1 }),
    });
  });

  it('gives the same records on the byte fast path and the JSON.parse path (escapes, non-ASCII, BOM, gzip)', async () => {
    const { write } = newDir();
    const text =
      '\uFEFF{"employee":"zoë@x.com","date":"2027-03-01","events":2}\n' +
      '{"employee":"a\\u0040x.com","date":"2027-03-02","events":3,"extra":{"nested":[1]}}\n' +
      '{"employee":" padded@x.com ","date":"2027-03-03"}\n';
    const items = await collect(readUsage(write('u.ndjson.gz', text, { gzip: true })));
    expect(items).toEqual([
      { record: { employee: 'zoë@x.com', date: '2027-03-01', tool: '', events: 2, minutesSaved: 0 } },
      { record: { employee: 'a@x.com', date: '2027-03-02', tool: '', events: 3, minutesSaved: 0 } },
      { record: { employee: 'padded@x.com', date: '2027-03-03', tool: '', events: 1, minutesSaved: 0 } },
    ]);
  });
});

describe('readM365Copilot (Microsoft 365 Copilot usage user detail)', () => {
  const header =
    'Report Refresh Date,User Principal Name,Display Name,Last Activity Date,Copilot Chat Last Activity Date,' +
    'Microsoft Teams Copilot Last Activity Date,Word Copilot Last Activity Date,Excel Copilot Last Activity Date,' +
    'PowerPoint Copilot Last Activity Date,Outlook Copilot Last Activity Date,OneNote Copilot Last Activity Date,' +
    'Loop Copilot Last Activity Date,Report Period';

  it('gives one active day per last-activity date inside the report period, events = apps used that day', async () => {
    const { write } = newDir();
    const path = write(
      'm365.csv',
      [
        header,
        '2027-03-28,ann@x.com,Ann,2027-03-27,2027-03-27,,2027-03-27,,2027-03-20,,,,7',
        '2027-03-28,bob@x.com,Bob,2027-01-02,,2027-01-02,,,,,,,7',
        '2027-03-28,cat@x.com,Cat,,,,,,,,,,7',
        '2027-03-28,dan@x.com,Dan,2027-03-26,2027-03-26,yesterday,,,,,,,7',
      ].join('\r\n'),
    );
    const items = await collect(readM365Copilot(path));
    expect(
      items.map((i) =>
        'record' in i ? [i.record.employee, i.record.date, i.record.events] : [i.error.line, i.error.message],
      ),
    ).toEqual([
      ['ann@x.com', '2027-03-27', 2],
      // 2027-03-20 is outside the 7 days ending 2027-03-28; Bob's January use is too.
      [5, 'microsoft teams copilot last activity date "yesterday" is not a date'],
    ]);
  });
});

describe('readGithubCopilot (user-level usage metrics NDJSON)', () => {
  it('reads a day per record, events = interactions + acceptances, the login as subject', async () => {
    const { write } = newDir();
    const path = write(
      'gh.ndjson',
      [
        '{"day":"2027-03-01","user_login":"octocat","user_id":1,"user_initiated_interaction_count":5,' +
          '"code_acceptance_activity_count":3,"code_generation_activity_count":9,"totals_by_ide":[]}',
        '{"day":"2027-03-02","user_login":"octocat","user_initiated_interaction_count":0,' +
          '"code_acceptance_activity_count":0,"used_cli":true}',
        '{"day":"2027-03-03","user_login":"octocat","user_initiated_interaction_count":0,' +
          '"code_acceptance_activity_count":0}',
        '{"day":"2027-03-04","user_initiated_interaction_count":1}',
      ].join('\n'),
    );
    const items = await collect(readGithubCopilot(path));
    expect(
      items.map((i) =>
        'record' in i ? [i.record.employee, i.record.date, i.record.events, i.record.tool] : i.error.line,
      ),
    ).toEqual([
      ['octocat', '2027-03-01', 8, 'github-copilot'],
      ['octocat', '2027-03-02', 1, 'github-copilot'],
      ['octocat', '2027-03-03', 0, 'github-copilot'],
      4,
    ]);
  });
});
