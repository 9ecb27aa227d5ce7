/**
 * The delta read (DESIGN §9, reads; research/workday.md §3, §13): the workers whose transaction log has an entry
 * entered since the watermark (Get_Workers `Transaction_Log_Criteria_Data` / `Updated_From`..`Updated_Through`), or
 * taking effect between the cached as-of date and this one, or at the edge of the job-history window as it moves
 * (`Effective_From`..`Effective_Through`), read whole as a full read reads them. Business processes enter the log:
 * job changes, hires, terminations, Manage Goals, Edit Worker Additional Data (the exception notes). The eligibility
 * flag is written through customObject/v2, which the published API does not say is logged and which has no
 * changed-since read, so every flag is read (WQL, 100 a call) and compared with the cached one. Null, and the engine
 * reads everyone, when a job profile changed in a window (every holder's families or level may differ) or Workday's
 * time is not known. A worker whose only new entries are Manage Goals or Edit Worker Additional Data, or whose flag
 * alone differs, keeps the cached record with those parts read again (its goals, its notes, its flag), since no other
 * part of it can have changed; anyone else is read whole. With notes written by customObject/v2 (a Reference ID set
 * up), which the log may not show, the notes are read again for every worker that can have one.
 */
import { DateTime } from 'luxon';
import pLimit from 'p-limit';
import type { DeltaRead, DeltaRequest, EmployeeRecord, ReadOptions } from '../../src/connector.js';
import { readEligibilityByWql } from './eligibility-read.js';
import { goalCandidates, toEligibility, toExceptionNote } from './mapping.js';
import { noteReader, type NoteReader } from './notes-read.js';
import { allPages, gradeChanged, num, readContext, recordsOf, type ReaderDeps } from './read.js';
import {
  activeWorkerRefsArgs,
  changedProfilesArgs,
  changedWorkersArgs,
  getWorkersArgs,
  workerGoalsArgs,
  type LogWindow,
} from './requests.js';
import { idOf, type WireWorker } from './wire-schemas.js';

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

/** Business processes that change one part of a record only (their type names in the transaction log). */
const PARTS: Readonly<Record<string, 'goals' | 'notes'>> = {
  'Manage Goals': 'goals',
  'Edit Worker Additional Data': 'notes',
};

const employeeIdOf = (w: WireWorker): string | null =>
  idOf(w.Worker_Reference, 'Employee_ID') ?? idOf(w.Worker_Reference, 'Contingent_Worker_ID');

/** The parts a worker's entries entered since `since` touch, or null when one may touch anything. */
const partsOf = (w: WireWorker, since: number): Set<'goals' | 'notes'> | null => {
  const parts = new Set<'goals' | 'notes'>();
  for (const e of w.Worker_Data?.Transaction_Log_Entry_Data?.Transaction_Log_Entry ?? []) {
    const data = e.Transaction_Log_Data;
    const entered = Date.parse(data?.Transaction_Entry_Moment ?? '');
    if (Number.isNaN(entered)) return null;
    if (entered < since) continue;
    const types = (data?.Transaction_Log_Type_Reference ?? []).map((r) => idOf(r, 'Business_Process_Type'));
    const part = types.length === 1 && types[0] ? PARTS[types[0]] : undefined;
    if (part === undefined || data?.Is_Rescind_Or_Rescinded === true) return null;
    parts.add(part);
  }
  return parts;
};

export const readDelta = async (
  deps: ReaderDeps,
  options: ReadOptions & { changedSince: string },
  request: DeltaRequest,
  connectorId: string,
): Promise<DeltaRead | null> => {
  const { config, client } = deps;
  await deps.profiles(options.asOf);
  // Settled: every entry made before this read began (an apply that just ended) falls in the window.
  const now = await deps.serverSettled();
  if (now === null) return null;
  // Both are at most Workday's time (each a bound from Date headers), so the later one is a valid Updated_Through.
  const through = options.changedSince > now ? options.changedSince : now;
  const base = { asOf: options.asOf, entryMoment: through, count: config.pageSize };
  const windows = windowsFor(options.changedSince, through, request.previousAsOf, options.asOf, config.historyDays);

  // https://community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/v44.0/Get_Job_Profiles.html
  for (const w of windows) {
    const r = await client.getJobProfiles(changedProfilesArgs(config, { ...base, page: 1, count: 1 }, w));
    if (num(r.Response_Results?.Total_Results, 0) > 0 || (r.Response_Data?.Job_Profile.length ?? 0) > 0) return null;
  }

  const whole = new Set(request.include);
  const parts = new Map<string, Set<'goals' | 'notes'>>();
  const since = Date.parse(options.changedSince);
  // https://community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/v44.0/Get_Workers.html
  for (const [i, w] of windows.entries()) {
    // The first window (entered since) with each worker's log, to tell a goal or note event from any other.
    const pages = allPages(async (p) => {
      const r = await client.getWorkers(changedWorkersArgs(config, p, w, i === 0));
      return { items: r.Response_Data?.Worker ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
    }, base);
    for await (const page of pages)
      for (const x of page) {
        const id = employeeIdOf(x);
        if (id === null) continue;
        const touched = i === 0 ? partsOf(x, since) : null;
        if (touched === null) whole.add(id);
        else parts.set(id, new Set([...(parts.get(id) ?? []), ...touched]));
      }
  }

  // Flags: every active worker's, compared with the cached one (matched by WID, which the cache does not keep).
  const flags = await readEligibilityByWql(deps);
  const active = new Map<string, string>();
  const fresh = new Map<string, Record<string, unknown>>();
  const refs = allPages(async (p) => {
    const r = await client.getWorkers(activeWorkerRefsArgs(config, p));
    return { items: r.Response_Data?.Worker ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
  }, base);
  const compare: (() => Promise<void>)[] = [];
  for await (const page of refs)
    for (const x of page) {
      const id = employeeIdOf(x);
      const wid = idOf(x.Worker_Reference, 'WID');
      if (id === null || wid === null) continue;
      active.set(id, wid);
      deps.remember(id, wid);
      const cached = request.cached.get(id);
      if (cached?.employee.status !== 'active') {
        whole.add(id);
        continue;
      }
      compare.push(async () => {
        // Without the WQL set-up, one customObject/v2 call per worker, as a full read makes (a warning says so).
        const instance = flags ? (flags.get(wid) ?? {}) : await client.customObject(config.customObject, wid);
        fresh.set(id, instance);
        if (!sameFlag(toEligibility(instance, config, deps.values), cached.current.eligibility) && !parts.has(id))
          parts.set(id, new Set());
      });
    }
  const limit = pLimit(config.concurrency);
  await Promise.all(compare.map((f) => limit(f)));
  // Active in the cache and not now: the log says why (a termination), but read them whatever it says.
  for (const [id, r] of request.cached) if (r.employee.status === 'active' && !active.has(id)) whole.add(id);
  // Notes written with customObject/v2 (fields.noteReferenceId) are not said to enter the transaction log: the notes
  // of every active worker whose history has a grade change (the full read's rule) are read again, in the one note
  // read the workers read whole share (WQL pages, or per worker when fewer).
  if (config.fields.noteReferenceId !== undefined)
    for (const [id, r] of request.cached)
      if (active.has(id) && r.employee.status === 'active' && gradeChanged(r.employee.jobHistory))
        parts.set(id, new Set([...(parts.get(id) ?? []), 'notes']));
  for (const id of parts.keys()) if (whole.has(id) || !active.has(id) || !request.cached.has(id)) whole.add(id);
  for (const id of whole) parts.delete(id);

  const notes = noteReader(deps);
  const records = [...(await patched(deps, options, request, parts, { active, fresh, base }, whole, notes))];
  const ids = [...whole].sort();
  if (ids.length > 0) {
    const ctx = await readContext(deps, options, flags, through, notes);
    for (let i = 0; i < ids.length; i += config.pageSize) {
      const batch = ids.slice(i, i + config.pageSize);
      const pages = allPages(async (p) => {
        const r = await client.getWorkers(getWorkersArgs(config, p, { employeeIds: batch, full: true }));
        return { items: r.Response_Data?.Worker ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
      }, base);
      for await (const page of pages) records.push(...(await recordsOf(deps, ctx, page, connectorId)));
    }
  }
  const kept = new Set(records.map((r) => r.employee.id));
  return { records, removed: ids.filter((id) => !kept.has(id)), watermark: through };
};

/**
 * The cached records of workers whose goals, notes or flag alone changed, with those parts read again as a full read
 * reads them: goals from Get_Workers (Include_Goals only), notes by customObject/v2 where the history has a grade
 * change (the full read's rule), the flag from the instances just read. A worker the goals read no longer finds is
 * added to `whole`.
 */
const patched = async (
  deps: ReaderDeps,
  options: ReadOptions,
  request: DeltaRequest,
  parts: ReadonlyMap<string, ReadonlySet<'goals' | 'notes'>>,
  read: {
    active: ReadonlyMap<string, string>;
    fresh: ReadonlyMap<string, Record<string, unknown>>;
    base: { asOf: string; entryMoment: string; count: number };
  },
  whole: Set<string>,
  notes: NoteReader,
): Promise<EmployeeRecord[]> => {
  const { config, client } = deps;
  const goalIds = [...parts].flatMap(([id, p]) => (p.has('goals') ? [id] : [])).sort();
  const goals = new Map<string, EmployeeRecord['current']['goals']>();
  for (let i = 0; i < goalIds.length; i += config.pageSize) {
    const batch = goalIds.slice(i, i + config.pageSize);
    const pages = allPages(async (p) => {
      const r = await client.getWorkers(workerGoalsArgs(config, p, batch));
      return { items: r.Response_Data?.Worker ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
    }, read.base);
    for await (const page of pages)
      for (const w of page) {
        const id = employeeIdOf(w);
        if (id !== null) goals.set(id, goalCandidates(w.Worker_Data, id, options.goal, deps.values));
      }
  }
  // Notes where the history has a grade change (the full read's rule), all in one read: per worker or in WQL pages.
  const notesOf = new Set(
    [...parts].flatMap(([id, p]) => {
      const cached = request.cached.get(id);
      return p.has('notes') && cached && read.active.has(id) && gradeChanged(cached.employee.jobHistory) ? [id] : [];
    }),
  );
  const noteRows = await notes.read([...notesOf].flatMap((id) => read.active.get(id) ?? []));
  const limit = pLimit(config.concurrency);
  const out = await Promise.all(
    [...parts].map(([id, p]) =>
      limit(async (): Promise<EmployeeRecord | null> => {
        const cached = request.cached.get(id);
        const wid = read.active.get(id);
        const freshGoals = goals.get(id);
        if (!cached || wid === undefined || (p.has('goals') && freshGoals === undefined)) return null;
        const notes = notesOf.has(id)
          ? (noteRows.get(wid) ?? []).map((m) => toExceptionNote(m, config)).filter((n) => n !== null)
          : cached.current.exceptionNotes;
        const eligibility = toEligibility(read.fresh.get(id) ?? {}, config, deps.values);
        const current = { goals: freshGoals ?? cached.current.goals, eligibility, exceptionNotes: notes };
        return { employee: cached.employee, current };
      }),
    ),
  );
  const records: EmployeeRecord[] = [];
  out.forEach((r, i) => {
    const id = [...parts.keys()][i];
    if (r !== null) records.push(r);
    else if (id !== undefined) whole.add(id);
  });
  return records;
};
