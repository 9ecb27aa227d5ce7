/**
 * The delta read (DESIGN §9, reads; research/workday.md §3, §13): the workers whose transaction log has an entry
 * entered since the watermark (Get_Workers `Transaction_Log_Criteria_Data` / `Updated_From`..`Updated_Through`), or
 * taking effect between the cached as-of date and this one, or at the edge of the job-history window as it moves
 * (`Effective_From`..`Effective_Through`), read whole as a full read reads them. Business processes enter the log:
 * job changes, hires, terminations, Manage Goals, Edit Worker Additional Data (the exception notes). The eligibility
 * flag is written through customObject/v2, which the published API does not say is logged and which has no
 * changed-since read, so every flag is read (WQL, 100 a call) and compared with the cached one. Null, and the engine
 * reads everyone, when a job profile changed in a window (every holder's families or level may differ) or Workday's
 * time is not known.
 */
import { DateTime } from 'luxon';
import pLimit from 'p-limit';
import type { DeltaRead, DeltaRequest, EmployeeRecord, ReadOptions } from '../../src/connector.js';
import { readEligibilityByWql } from './eligibility-read.js';
import { toEligibility } from './mapping.js';
import { allPages, num, readContext, recordsOf, type ReaderDeps } from './read-employees.js';
import {
  activeWorkerRefsArgs,
  changedProfilesArgs,
  changedWorkersArgs,
  getWorkersArgs,
  type LogWindow,
} from './requests.js';
import { idOf } from './wire-schemas.js';

const day = (date: string, plus: number): string =>
  DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: plus }).toISODate() ?? date;

/**
 * The days `from`..`through`: an effective moment is the start of a day in the tenant's zone, and a dateTime without
 * an offset is the tenant's time, so the bounds carry none (with one, a tenant far from UTC would gain or lose a day).
 */
const days = (from: string, through: string) => ({ from: `${from}T00:00:00`, through: `${through}T23:59:59` });

/** The windows to ask for: entered since the watermark, and when D moved on, what became effective meanwhile. */
const windowsFor = (
  since: string,
  through: string,
  previousAsOf: string,
  asOf: string,
  historyDays: number,
): LogWindow[] => {
  const out: LogWindow[] = [{ updated: { from: since, through } }];
  if (previousAsOf < asOf) {
    // Now current: effective in (previous as-of, D].
    out.push({ effective: days(day(previousAsOf, 1), asOf) });
    // The history window's start moved: its first entry and the changes that left it.
    out.push({ effective: days(day(previousAsOf, -historyDays), day(asOf, -historyDays)) });
  }
  return out;
};

const sameFlag = (a: EmployeeRecord['current']['eligibility'], b: EmployeeRecord['current']['eligibility']) =>
  a === null || b === null ? a === b : a.value === b.value && a.reason === b.reason;

export const readDelta = async (
  deps: ReaderDeps,
  options: ReadOptions & { changedSince: string },
  request: DeltaRequest,
  connectorId: string,
): Promise<DeltaRead | null> => {
  const { config, client } = deps;
  await deps.profiles(options.asOf);
  const through = deps.serverNow();
  if (through === null || options.changedSince > through) return null;
  const base = { asOf: options.asOf, entryMoment: through, count: config.pageSize };
  const windows = windowsFor(options.changedSince, through, request.previousAsOf, options.asOf, config.historyDays);

  // https://community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/v44.0/Get_Job_Profiles.html
  for (const w of windows) {
    const r = await client.getJobProfiles(changedProfilesArgs(config, { ...base, page: 1, count: 1 }, w));
    if (num(r.Response_Results?.Total_Results, 0) > 0 || (r.Response_Data?.Job_Profile.length ?? 0) > 0) return null;
  }

  const changed = new Set(request.include);
  // https://community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/v44.0/Get_Workers.html
  for (const w of windows) {
    const pages = allPages(async (p) => {
      const r = await client.getWorkers(changedWorkersArgs(config, p, w));
      return { items: r.Response_Data?.Worker ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
    }, base);
    for await (const page of pages)
      for (const x of page) {
        const id = idOf(x.Worker_Reference, 'Employee_ID') ?? idOf(x.Worker_Reference, 'Contingent_Worker_ID');
        if (id !== null) changed.add(id);
      }
  }

  // Flags: every active worker's, compared with the cached one (matched by WID, which the cache does not keep).
  const flags = await readEligibilityByWql(deps);
  const active = new Set<string>();
  const refs = allPages(async (p) => {
    const r = await client.getWorkers(activeWorkerRefsArgs(config, p));
    return { items: r.Response_Data?.Worker ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
  }, base);
  const compare: (() => Promise<void>)[] = [];
  for await (const page of refs)
    for (const x of page) {
      const id = idOf(x.Worker_Reference, 'Employee_ID') ?? idOf(x.Worker_Reference, 'Contingent_Worker_ID');
      const wid = idOf(x.Worker_Reference, 'WID');
      if (id === null || wid === null) continue;
      active.add(id);
      deps.remember(id, wid);
      const cached = request.cached.get(id);
      if (cached?.employee.status !== 'active') {
        changed.add(id);
        continue;
      }
      compare.push(async () => {
        // Without the WQL set-up, one customObject/v2 call per worker, as a full read makes (a warning says so).
        const instance = flags ? (flags.get(wid) ?? {}) : await client.customObject(config.customObject, wid);
        if (!sameFlag(toEligibility(instance, config, deps.values), cached.current.eligibility)) changed.add(id);
      });
    }
  const limit = pLimit(config.concurrency);
  await Promise.all(compare.map((f) => limit(f)));
  // Active in the cache and not now: the log says why (a termination), but read them whatever it says.
  for (const [id, r] of request.cached) if (r.employee.status === 'active' && !active.has(id)) changed.add(id);

  const ids = [...changed].sort();
  if (ids.length === 0) return { records: [], removed: [], watermark: through };
  const ctx = await readContext(deps, options, flags, through);
  const records: EmployeeRecord[] = [];
  for (let i = 0; i < ids.length; i += config.pageSize) {
    const batch = ids.slice(i, i + config.pageSize);
    const pages = allPages(async (p) => {
      const r = await client.getWorkers(getWorkersArgs(config, p, { employeeIds: batch, full: true }));
      return { items: r.Response_Data?.Worker ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
    }, base);
    for await (const page of pages) records.push(...(await recordsOf(deps, ctx, page, connectorId)));
  }
  const kept = new Set(records.map((r) => r.employee.id));
  return { records, removed: ids.filter((id) => !kept.has(id)), watermark: through };
};
