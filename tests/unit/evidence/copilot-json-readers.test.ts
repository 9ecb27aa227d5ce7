import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEvidence, readGithubCopilot, readM365Copilot } from '../../../src/evidence/index.js';
import type { UsageItem } from '../../../src/evidence/readers/reader-options.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { collect, tempDir } from './helpers.js';

const newDir = tempDir();

/** Imports `file` of `dir` as `kind` evidence into a state store there; returns the import's summary. */
const importInto = async (dir: string, kind: 'm365-copilot' | 'github-copilot', file: string) => {
  const store = new StateStore(join(dir, 'state.db'), () => '2027-03-28T00:00:00Z', evidenceMigrations);
  try {
    return await importEvidence({ kind, file, store, config: { credentials: {} }, configDir: dir, zone: 'UTC' });
  } finally {
    store.close();
  }
};

const shown = (items: UsageItem[]) =>
  items.map((i) =>
    'record' in i
      ? `${i.record.employee} ${i.record.date} ${i.record.events}`
      : `${i.error.file}:${i.error.line} ${i.error.message}`,
  );

/** A Graph user entry as `getMicrosoft365CopilotUsageUserDetail(period='D7')?$format=application/json` returns it. */
const user = (upn: string, dates: Record<string, string | null>, refresh = '2027-03-07', period: unknown = 7) => ({
  reportRefreshDate: refresh,
  userPrincipalName: upn,
  displayName: upn.split('@')[0],
  lastActivityDate: null,
  copilotChatLastActivityDate: null,
  microsoftTeamsCopilotLastActivityDate: null,
  wordCopilotLastActivityDate: null,
  excelCopilotLastActivityDate: '',
  powerPointCopilotLastActivityDate: null,
  outlookCopilotLastActivityDate: null,
  oneNoteCopilotLastActivityDate: null,
  loopCopilotLastActivityDate: null,
  ...dates,
  copilotActivityUserDetailsByPeriod: [{ reportPeriod: period }],
});
const CONTEXT = "https://graph.microsoft.com/beta/reports/getMicrosoft365CopilotUsageUserDetail(period='D7')";
const page = (value: unknown[], next?: string) => ({
  '@odata.context': `${CONTEXT}?$format=application/json`,
  ...(next ? { '@odata.nextLink': `${CONTEXT}?$skiptoken=${next}` } : {}),
  value,
});

describe('Microsoft 365 Copilot usage report, Graph JSON form', () => {
  it('reads a folder of pages: an app date inside the period is an active day, events the apps that day', async () => {
    const { dir, write } = newDir();
    write(
      'graph/page-1.json',
      JSON.stringify(
        page(
          [
            user('ann@acme.example', {
              lastActivityDate: '2027-03-06',
              microsoftTeamsCopilotLastActivityDate: '2027-03-06',
              wordCopilotLastActivityDate: '2027-03-06',
              copilotChatLastActivityDate: '2027-03-02',
              // Before the 7-day period (2027-03-01 .. 2027-03-07): not a day this report proves.
              powerPointCopilotLastActivityDate: '2027-02-20',
            }),
            user('bob@acme.example', {}),
          ],
          'p2',
        ),
      ),
    );
    write(
      'graph/page-2.json',
      JSON.stringify(page([user('cat@acme.example', { lastActivityDate: '2027-03-05' }, '2027-03-07', 'D7')])),
    );
    const items = await collect(readM365Copilot(join(dir, 'graph'), { file: 'graph' }));
    expect(shown(items)).toEqual([
      'ann@acme.example 2027-03-02 1',
      'ann@acme.example 2027-03-06 2',
      // Only the overall date: one event that day.
      'cat@acme.example 2027-03-05 1',
    ]);
  });

  it('reads the same rows from the CSV and the JSON form alike (told apart by content, gzipped or not)', async () => {
    const { write } = newDir();
    const csv = [
      'Report Refresh Date,Report Period,User Principal Name,Display Name,Last Activity Date,' +
        'Microsoft Teams Copilot Last Activity Date,Word Copilot Last Activity Date,Copilot Chat Last Activity Date',
      '2027-03-07,7,ann@acme.example,Ann,2027-03-06,2027-03-06,2027-03-04,',
      '2027-03-07,7,bob@acme.example,Bob,2027-03-03,,,2027-03-03',
    ].join('\n');
    const json = page([
      user('ann@acme.example', {
        lastActivityDate: '2027-03-06',
        microsoftTeamsCopilotLastActivityDate: '2027-03-06',
        wordCopilotLastActivityDate: '2027-03-04',
      }),
      user('bob@acme.example', { lastActivityDate: '2027-03-03', copilotChatLastActivityDate: '2027-03-03' }),
    ]);
    const fromCsv = await collect(readM365Copilot(write('report.csv', csv)));
    const gz = write('report.json.gz', JSON.stringify(json, null, 2), { gzip: true });
    const fromJson = await collect(readM365Copilot(gz));
    expect(shown(fromJson)).toEqual(shown(fromCsv));
    expect(shown(fromJson)).toEqual([
      'ann@acme.example 2027-03-04 1',
      'ann@acme.example 2027-03-06 1',
      'bob@acme.example 2027-03-03 1',
    ]);
  });

  it('reports every bad user entry with its file, line and index, and reads the rest', async () => {
    const { write } = newDir();
    const text = [
      '{',
      `  "@odata.context": "${CONTEXT}",`,
      '  "value": [',
      `    ${JSON.stringify(user('ann@acme.example', { lastActivityDate: '2027-03-06' }))},`,
      '    {"displayName": "no upn", "reportRefreshDate": "2027-03-07"},',
      `    ${JSON.stringify(user('bob@acme.example', { wordCopilotLastActivityDate: 'yesterday' }))},`,
      '    {"userPrincipalName": "cat@acme.example", "reportRefreshDate": "2027-03-07",},',
      `    ${JSON.stringify(user('dan@acme.example', { lastActivityDate: '2027-03-05' }, '2027-02-31'))},`,
      `    ${JSON.stringify(user('', {}))},`,
      `    ${JSON.stringify(user('eve@acme.example', { loopCopilotLastActivityDate: '2027-03-07' }))}`,
      '  ]',
      '}',
    ].join('\n');
    const items = await collect(readM365Copilot(write('report.json', text), { file: 'exports/report.json' }));
    expect(shown(items)).toEqual([
      'ann@acme.example 2027-03-06 1',
      'exports/report.json:5 value[1]: userPrincipalName: Invalid input: expected string, received undefined',
      'exports/report.json:6 value[2]: wordCopilotLastActivityDate "yesterday" is not a date',
      expect.stringMatching(/^exports\/report\.json:7 value\[3\] is not JSON: /),
      'exports/report.json:8 value[4]: reportRefreshDate "2027-02-31" is not a date',
      'exports/report.json:9 value[5]: userPrincipalName is empty',
      'eve@acme.example 2027-03-07 1',
    ]);
  });

  it('says so when every page links on (the last page was not exported), and where a file breaks off', async () => {
    const { dir, write } = newDir();
    write('graph/1.json', JSON.stringify(page([user('ann@acme.example', { lastActivityDate: '2027-03-06' })], 'p2')));
    const bob = JSON.stringify(user('bob@acme.example', { lastActivityDate: '2027-03-05' }));
    write('graph/2.json', `{"value": [${bob},\n{"userPr`);
    const items = await collect(readM365Copilot(join(dir, 'graph'), { file: 'graph' }));
    expect(shown(items)).toEqual([
      'ann@acme.example 2027-03-06 1',
      'bob@acme.example 2027-03-05 1',
      'graph/2.json:2 a string that does not end on its line',
      expect.stringMatching(/^graph\/1\.json:1 the only page of the report has an @odata\.nextLink: the last page is/),
    ]);
  });

  it('imports the JSON form as m365-copilot evidence: days stored per user', async () => {
    const { dir, write } = newDir();
    write(
      'copilot.json',
      `${JSON.stringify(page([user('ann@acme.example', { wordCopilotLastActivityDate: '2027-03-06' })], 'p2'))}\n` +
        `${JSON.stringify(page([user('bob@acme.example', { lastActivityDate: '2027-03-01' })]))}\n`,
    );
    expect(await importInto(dir, 'm365-copilot', 'copilot.json')).toMatchObject({
      loaded: 2,
      badRows: 0,
      subjects: 2,
      days: 2,
    });
  });
});

/** A seat as `GET /orgs/{org}/copilot/billing/seats` lists it. */
const seat = (login: string | null, lastActivity: string | null, extra: Record<string, unknown> = {}) => ({
  created_at: '2026-08-03T18:00:00-06:00',
  updated_at: '2026-09-23T15:00:00-06:00',
  pending_cancellation_date: null,
  last_activity_at: lastActivity,
  last_activity_editor: lastActivity === null ? null : 'vscode/1.96.0/copilot/1.250.0',
  last_authenticated_at: '2027-03-06T09:00:00Z',
  plan_type: 'business',
  assignee: login === null ? null : { login, id: 1, type: 'User', site_admin: false },
  ...extra,
});

describe('GitHub Copilot seat snapshots', () => {
  it('counts the day of each seat’s last activity (in the cycle zone) as one day of use, nothing else', async () => {
    const { write } = newDir();
    const path = write(
      'seats.json',
      JSON.stringify(
        {
          total_seats: 4,
          seats: [
            seat('octocat', '2027-03-05T23:30:00-06:00'),
            // Assigned and signed in, never used: no use.
            seat('hubot', null),
            seat('monalisa', '2027-03-06T10:00:00Z'),
            // An enterprise lists a user once per organization granting the seat: one day all the same.
            seat('MonaLisa', '2027-03-06T11:00:00Z', { organization: { login: 'other-org' } }),
            seat('defunkt', '2027-03-04T08:00:00Z'),
          ],
        },
        null,
        2,
      ),
    );
    const items = await collect(readGithubCopilot(path, { zone: 'Europe/Paris' }));
    expect(shown(items)).toEqual([
      // 23:30 at UTC-6 is 06:30 the next morning in Paris.
      'octocat 2027-03-06 1',
      'monalisa 2027-03-06 1',
      'defunkt 2027-03-04 1',
    ]);
  });

  it('reports each seat it cannot use, with file, line and index; pages one per line; a short snapshot', async () => {
    const { write } = newDir();
    const first = { total_seats: 6, seats: [seat('ann', '2027-03-06T10:00:00Z'), seat(null, '2027-03-06T10:00:00Z')] };
    const second = {
      total_seats: 6,
      seats: [
        seat('bob', 'last tuesday'),
        { ...seat('team', null), assignee: { id: 7, slug: 'ai-guild', type: 'Team' } },
        { assignee: { login: 42 } },
      ],
    };
    const path = write('seats.ndjson', `${JSON.stringify(first)}\n${JSON.stringify(second)}\n`);
    const items = await collect(readGithubCopilot(path, { file: 'gh/seats.ndjson' }));
    expect(shown(items)).toEqual([
      'ann 2027-03-06 1',
      'gh/seats.ndjson:1 seats[1]: the seat has no assignee (a deleted account)',
      'gh/seats.ndjson:2 page 2, seats[0]: last_activity_at "last tuesday" is not a timestamp',
      'gh/seats.ndjson:2 page 2, seats[1]: the seat is assigned to a Team (ai-guild), not to a user login',
      'gh/seats.ndjson:2 page 2, seats[2]: assignee.login: Invalid input: expected string, received number',
      expect.stringMatching(/^gh\/seats\.ndjson:1 the snapshot lists 5 of its 6 seats \(total_seats\): pages are/),
    ]);
  });

  it('still reads the usage metrics NDJSON as before (told apart by content)', async () => {
    const { write } = newDir();
    const path = write(
      'metrics.ndjson',
      '{"day":"2027-03-06","user_login":"octocat","user_initiated_interaction_count":3,"seats":1}\n',
    );
    const items = await collect(readGithubCopilot(path));
    expect(shown(items)).toEqual(['octocat 2027-03-06 3']);
  });

  it('imports a folder of snapshot pages as github-copilot evidence', async () => {
    const { dir, write } = newDir();
    const snapshot = (s: unknown) => JSON.stringify({ total_seats: 2, seats: [s] });
    write('seats/2027-03-06-page-1.json', snapshot(seat('ann', '2027-03-06T10:00:00Z')));
    write('seats/2027-03-06-page-2.json', snapshot(seat('bob', '2027-03-05T10:00:00Z')));
    expect(await importInto(dir, 'github-copilot', 'seats')).toMatchObject({
      loaded: 2,
      badRows: 0,
      subjects: 2,
      days: 2,
    });
  });
});
