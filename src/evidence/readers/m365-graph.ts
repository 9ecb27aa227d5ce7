import { z } from 'zod';
import { rowError } from './csv.js';
import { DayResolver } from '../dates.js';
import { firstIssue, pageFileEvents, recordPlace } from './json-page-files.js';
import { activeDays, emitDays, periodOf } from './m365-activity.js';
import type { ReaderOptions } from './reader-options.js';
import type { UsageInput } from './usage-inputs.js';
import { newUsageLine } from './usage-line.js';
import type { UsageSink } from './usage-sink.js';

/**
 * The Graph JSON form of the Microsoft 365 Copilot usage user-detail report
 * (https://learn.microsoft.com/graph/api/reportroot-getmicrosoft365copilotusageuserdetail, `$format=application/json`;
 * the same report under `/copilot/reports`:
 * https://learn.microsoft.com/microsoft-365/copilot/extensibility/api/admin-settings/reports/copilotreportroot-getmicrosoft365copilotusageuserdetail).
 * A page is `{"value": [user, ...], "@odata.nextLink": url}`; the last page has no next link. A user has
 * `userPrincipalName`, `displayName`, `reportRefreshDate`, `lastActivityDate`, one `<app>LastActivityDate` per app
 * (`microsoftTeamsCopilotLastActivityDate`, `copilotChatLastActivityDate`, ...; null or "" when unused) and the
 * period in `copilotActivityUserDetailsByPeriod[].reportPeriod` (several with `period='ALL'`: the longest bounds).
 * Pages come one per file (a folder), one per line, or as a JSON array of pages.
 */
const date = z.union([z.string(), z.null()]).optional();
const user = z.looseObject({
  userPrincipalName: z.string(),
  reportRefreshDate: date,
  lastActivityDate: date,
  reportPeriod: z.union([z.number(), z.string()]).optional(),
  copilotActivityUserDetailsByPeriod: z
    .array(z.looseObject({ reportPeriod: z.union([z.number(), z.string()]).optional() }))
    .optional(),
});

const APP_DATE = /.LastActivityDate$/;

/** The longest period a user's entry names (`ALL` lists 7, 30, 90 and 180). */
const periodOfUser = (u: z.infer<typeof user>): number | null => {
  const periods = [u.reportPeriod, ...(u.copilotActivityUserDetailsByPeriod ?? []).map((p) => p.reportPeriod)]
    .map(periodOf)
    .filter((p): p is number => p !== null);
  return periods.length === 0 ? null : Math.max(...periods);
};

/** Scans the JSON pages of the report (each file whole: a page is at most a few megabytes). */
export const scanM365Graph = async function* (
  inputs: readonly UsageInput[],
  opts: ReaderOptions,
  sink: UsageSink,
): AsyncGenerator<number> {
  const days = new DayResolver(opts.zone ?? 'UTC');
  const out = newUsageLine();
  out.tool = 'm365-copilot';
  let rows = 0;
  let pages = 0;
  let lastPages = 0;
  let lastPlace: { file: string; line: number } | null = null;
  for await (const { file, ev } of pageFileEvents(inputs, 'value', opts, sink)) {
    if (ev === null) {
      yield rows;
      continue;
    }
    if (ev.kind === 'page') {
      pages++;
      lastPlace = { file, line: ev.line };
      if (!ev.hasArray) sink.error(rowError(file, ev.line, 'a page without a "value" array (not a Graph report page)'));
      if (typeof ev.fields.get('@odata.nextLink') !== 'string') lastPages++;
      continue;
    }
    rows++;
    const place = recordPlace('value', ev.page, ev.index);
    const u = user.safeParse(ev.value);
    if (!u.success) {
      sink.error(rowError(file, ev.line, `${place}: ${firstIssue(u.error, 'record')}`));
      continue;
    }
    const upn = u.data.userPrincipalName.trim();
    if (upn === '') {
      sink.error(rowError(file, ev.line, `${place}: userPrincipalName is empty`));
      continue;
    }
    const apps: { label: string; value: string }[] = [];
    let bad: string | null = null;
    for (const [k, v] of Object.entries(u.data))
      if (APP_DATE.test(k) && k !== 'lastActivityDate') {
        if (typeof v === 'string') apps.push({ label: k, value: v.trim() });
        else if (v !== null) bad ??= `${k} is not a date or null`;
      }
    const perDay =
      bad !== null
        ? { error: bad }
        : activeDays(
            {
              refresh: { label: 'reportRefreshDate', value: u.data.reportRefreshDate?.trim() ?? '' },
              period: periodOfUser(u.data),
              overall: { label: 'lastActivityDate', value: u.data.lastActivityDate?.trim() ?? '' },
              apps,
            },
            days,
          );
    if ('error' in perDay) sink.error(rowError(file, ev.line, `${place}: ${perDay.error}`));
    else emitDays(sink, out, upn, perDay, rows);
    if (rows % 4096 === 0) yield rows;
  }
  // Every page but the last links to the next: a report whose pages all link on lacks its last page.
  if (pages > 0 && lastPages === 0 && lastPlace !== null)
    sink.error(
      rowError(
        lastPlace.file,
        lastPlace.line,
        `${pages === 1 ? 'the only page of the report has' : `all ${pages} pages of the report have`} ` +
          'an @odata.nextLink: the last page is missing ' +
          '(follow @odata.nextLink until a page has none, and export every page)',
      ),
    );
  yield rows;
};
