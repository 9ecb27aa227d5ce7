import { excerpt } from '../state/safe-text.js';
import { readCsv, rowError } from './csv.js';
import { DayResolver, NO_DAY, usageDayProblem } from './dates.js';
import { displayName, type ReaderOptions, type UsageItem } from './reader-options.js';
import { newUsageLine } from './usage-line.js';
import { collect, type UsageSink } from './usage-sink.js';

/**
 * The Microsoft 365 Copilot usage user-detail report (admin center export or Graph
 * `getMicrosoft365CopilotUsageUserDetail`, CSV): one row per licensed user with the last activity date overall and
 * per app, for a period of `Report Period` days ending on `Report Refresh Date`. It carries no history, so each
 * last-activity date inside the period is one active day (events = the apps last used that day); import one report
 * per day or per period and the days add up. Graph: https://learn.microsoft.com/graph/api/reportroot-getmicrosoft365copilotusageuserdetail
 */
const UPN = 'User Principal Name';
const OVERALL = 'last activity date';

export const scanM365Copilot = async function* (path: string, opts: ReaderOptions, sink: UsageSink): AsyncGenerator<number> {
  const file = displayName(path, opts);
  const days = new DayResolver(opts.zone ?? 'UTC');
  const out = newUsageLine();
  out.tool = 'm365-copilot';
  let rows = 0;
  const rowsIter = readCsv(path, {
    file,
    required: [UPN],
    aliases: { [UPN]: ['User name', 'userPrincipalName', 'UPN'], 'Report Refresh Date': ['reportRefreshDate'], 'Report Period': ['reportPeriod'] },
    onRawChunk: opts.onRawChunk,
  });
  for await (const row of rowsIter) {
    rows++;
    if ('error' in row) {
      sink.error(rowError(file, row.line, row.error));
      continue;
    }
    const upn = row.get(UPN);
    if (upn === '') {
      sink.error(rowError(file, row.line, 'User Principal Name is empty'));
      continue;
    }
    const refreshText = row.get('Report Refresh Date');
    const refresh = refreshText === '' ? null : days.dayOf(refreshText);
    const period = Number(row.get('Report Period'));
    if (refresh === NO_DAY) {
      sink.error(rowError(file, row.line, `Report Refresh Date ${excerpt(refreshText)} is not a date`));
      continue;
    }
    const from = refresh !== null && Number.isInteger(period) && period > 0 ? refresh - period + 1 : -Infinity;
    const to = refresh ?? Infinity;
    const perDay = new Map<number, number>();
    let bad: string | null = null;
    const appColumns = row.header.filter((h) => h !== OVERALL && h.includes(OVERALL));
    for (const column of appColumns.length > 0 ? appColumns : [OVERALL]) {
      const value = row.get(column);
      if (value === '') continue;
      const d = days.dayOf(value);
      if (d === NO_DAY) {
        bad = `${column} ${excerpt(value)} is not a date`;
        break;
      }
      bad = usageDayProblem(d, `${column} ${value}`);
      if (bad !== null) break;
      if (d >= from && d <= to) perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    const overallDay = row.get(OVERALL) === '' ? NO_DAY : days.dayOf(row.get(OVERALL));
    const overall = usageDayProblem(overallDay, OVERALL) === null ? overallDay : NO_DAY;
    if (overall !== NO_DAY && overall >= from && overall <= to && !perDay.has(overall)) perDay.set(overall, 1);
    if (bad !== null) {
      sink.error(rowError(file, row.line, bad));
      continue;
    }
    for (const [d, events] of [...perDay].sort((a, b) => a[0] - b[0])) {
      out.subject = upn;
      out.day = d;
      out.events = events;
      out.minutes = 0;
      sink.use(out, row.line);
    }
    if (rows % 4096 === 0) yield rows;
  }
  yield rows;
};

/** Streams the M365 Copilot user-detail report as usage records (one per active day). */
export const readM365Copilot = (path: string, opts: ReaderOptions = {}): AsyncGenerator<UsageItem> => collect((sink) => scanM365Copilot(path, opts, sink));
