import { readCsv, rowError } from './csv.js';
import { DayResolver } from '../dates.js';
import { activeDays, emitDays, periodOf } from './m365-activity.js';
import { scanM365Graph } from './m365-graph.js';
import { type ReaderOptions, type UsageItem } from './reader-options.js';
import { headOf, usageInputs, type UsageInput } from './usage-inputs.js';
import { newUsageLine } from './usage-line.js';
import { collect, type UsageSink } from './usage-sink.js';

/**
 * The Microsoft 365 Copilot usage user-detail report (admin center export or Graph
 * `getMicrosoft365CopilotUsageUserDetail`): one row per licensed user with the last activity date overall and per
 * app, for a period of `Report Period` days ending on `Report Refresh Date`. It carries no history, so each
 * last-activity date inside the period is one active day (events = the apps last used that day); import one report
 * per day or per period and the days add up. Two forms, told apart by content: CSV (`$format=text/csv`, the
 * admin center's download) read here, and Graph JSON (`$format=application/json`, pages of `value` linked by
 * `@odata.nextLink`; src/evidence/m365-graph.ts). A folder holds the JSON pages one file each.
 * Graph: https://learn.microsoft.com/graph/api/reportroot-getmicrosoft365copilotusageuserdetail
 */
const UPN = 'User Principal Name';
const OVERALL = 'last activity date';

const scanCsv = async function* (input: UsageInput, opts: ReaderOptions, sink: UsageSink): AsyncGenerator<number> {
  const { file } = input;
  const days = new DayResolver(opts.zone ?? 'UTC');
  const out = newUsageLine();
  out.tool = 'm365-copilot';
  let rows = 0;
  const rowsIter = readCsv(input.path, {
    file,
    required: [UPN],
    aliases: {
      [UPN]: ['User name', 'userPrincipalName', 'UPN'],
      'Report Refresh Date': ['reportRefreshDate'],
      'Report Period': ['reportPeriod'],
    },
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
    const appColumns = row.header.filter((h) => h !== OVERALL && h.includes(OVERALL));
    const perDay = activeDays(
      {
        refresh: { label: 'Report Refresh Date', value: row.get('Report Refresh Date') },
        period: periodOf(row.get('Report Period')),
        overall: { label: 'Last Activity Date', value: appColumns.length > 0 ? row.get(OVERALL) : '' },
        apps: (appColumns.length > 0 ? appColumns : [OVERALL]).map((c) => ({ label: c, value: row.get(c) })),
      },
      days,
    );
    if ('error' in perDay) sink.error(rowError(file, row.line, perDay.error));
    else emitDays(sink, out, upn, perDay, row.line);
    if (rows % 4096 === 0) yield rows;
  }
  yield rows;
};

/** `{` or `[` first: the Graph JSON form; anything else is the CSV. */
const isJson = async (input: UsageInput): Promise<boolean> => /^\s*[{[]/.test(await headOf(input, 4096));

export const scanM365Copilot = async function* (
  path: string,
  opts: ReaderOptions,
  sink: UsageSink,
): AsyncGenerator<number> {
  const inputs = await usageInputs(path, opts);
  const graph = [];
  for (const input of inputs)
    if (await isJson(input)) graph.push(input);
    else yield* scanCsv(input, opts, sink);
  if (graph.length > 0) yield* scanM365Graph(graph, opts, sink);
};

/** Streams the M365 Copilot user-detail report as usage records (one per active day). */
export const readM365Copilot = (path: string, opts: ReaderOptions = {}): AsyncGenerator<UsageItem> =>
  collect((sink) => scanM365Copilot(path, opts, sink));
