import { DateTime } from 'luxon';
import pLimit from 'p-limit';
import type { EmployeeRecord, ReadOptions } from '../../src/connector.js';
import type { Employee, JobHistoryEntry } from '../../schemas/index.js';
import type { WorkdayClient } from './client.js';
import type { WorkdayConfig } from './config.js';
import {
  goalCandidates,
  jobChangeDates,
  toEligibility,
  toEmployee,
  toExceptionNote,
  toJobProfileFacts,
  type JobProfileFacts,
} from './mapping.js';
import { getJobProfilesArgs, getWorkersArgs, type PageArgs } from './requests.js';
import type { WorkdayValues } from './values.js';
import { idOf, type WireWorker } from './wire-schemas.js';
import { readEligibilityByWql, type EligibilityByWid } from './eligibility-read.js';
import { noteReader, type NoteReader } from './notes-read.js';

export interface ReaderDeps {
  config: WorkdayConfig;
  client: WorkdayClient;
  /** The job profiles as of a date (Get_Job_Profiles with that As_Of_Effective_Date), cached per date. */
  profiles: (asOf: string) => Promise<ReadonlyMap<string, JobProfileFacts>>;
  values: WorkdayValues;
  /** Where the connector's block sits in the config (`connectors[0]`), for warnings. */
  configPath: string;
  /** As_Of_Entry_DateTime for a read: Workday's time when known (server-time.ts), else the engine's clock. */
  entryMoment: () => string;
  /** A moment no earlier than Workday's time now, once Workday's time has passed it (server-time.ts); null before. */
  serverSettled: () => Promise<string | null>;
  /** Told a complete full read's watermark: Workday's time its pages were read as of (null: not known). */
  dated?: (watermark: string | null) => void;
  warn: (message: string) => void;
  /** Told each worker's WID (writes to multi-instance objects read them again by WID). */
  remember: (employeeId: string, wid: string) => void;
}

export const num = (v: string | null | undefined, fallback: number): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
};

/** Every page of a paged Get_* operation, with the same As_Of_Entry_DateTime on each, up to Total_Pages. */
export async function* allPages<T>(
  fetch: (p: PageArgs) => Promise<{ items: T[]; totalPages: number }>,
  base: Omit<PageArgs, 'page'>,
): AsyncGenerator<T[]> {
  let page = 1;
  let total = 1;
  do {
    const { items, totalPages } = await fetch({ ...base, page });
    total = totalPages;
    yield items;
    page++;
  } while (page <= total);
}

export const readJobProfiles = async (
  deps: Pick<ReaderDeps, 'config' | 'client'>,
  asOf: string,
  entryMoment: string,
): Promise<Map<string, JobProfileFacts>> => {
  const { config, client } = deps;
  const map = new Map<string, JobProfileFacts>();
  const pages = allPages(
    async (p) => {
      const r = await client.getJobProfiles(getJobProfilesArgs(config, p));
      return { items: r.Response_Data?.Job_Profile ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
    },
    { asOf, entryMoment, count: config.pageSize },
  );
  for await (const page of pages)
    for (const p of page) {
      const hit = toJobProfileFacts(p);
      if (hit) map.set(hit[0], hit[1]);
    }
  return map;
};

/** What one worker's history is read from: its job changes inside the window, and the date of the one before. */
type Changes = ReturnType<typeof jobChangeDates>;

/**
 * Grades and job families on each job-change date, for the job history: one Get_Workers per distinct date (the
 * workers changed that day, as of that day) plus one as of the start of the window, so the first change in the window
 * has a grade before it; that first entry is dated with the job record's own start (`since`), so it does not move
 * with the window. A job level or management level taken from the job profile uses the profiles as of D.
 */
const gradeHistory = async (
  deps: ReaderDeps,
  changes: Map<string, Changes>,
  windowStart: string,
  entryMoment: string,
  profiles: ReadonlyMap<string, JobProfileFacts>,
): Promise<Map<string, JobHistoryEntry[]>> => {
  const { config, client } = deps;
  const byDate = new Map<string, Set<string>>();
  for (const [id, c] of changes) {
    if (c.changes.length === 0) continue;
    for (const d of [windowStart, ...c.changes.map((x) => x.date)]) byDate.set(d, (byDate.get(d) ?? new Set()).add(id));
  }
  const out = new Map<string, JobHistoryEntry[]>();
  const limit = pLimit(config.concurrency);
  await Promise.all(
    [...byDate].map(([date, ids]) =>
      limit(async () => {
        const all = [...ids].sort();
        for (let i = 0; i < all.length; i += config.pageSize) {
          const batch = all.slice(i, i + config.pageSize);
          const pages = allPages(
            async (p) => {
              const r = await client.getWorkers(getWorkersArgs(config, p, { employeeIds: batch, full: false }));
              return { items: r.Response_Data?.Worker ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
            },
            { asOf: date, entryMoment, count: config.pageSize },
          );
          for await (const page of pages)
            for (const w of page) {
              const e = toEmployee(w, config.id, config, profiles);
              if (e === null) continue;
              const c = changes.get(e.id);
              const event = c?.changes.find((x) => x.date === date)?.event ?? null;
              const opening = date === windowStart && event === null;
              const entry: JobHistoryEntry = {
                effectiveDate: opening ? (c?.since ?? date) : date,
                grade: e.grade,
                jobFamily: e.jobFamily,
                jobFamilies: e.jobFamilies,
                jobTitle: e.jobTitle,
                event,
              };
              out.set(e.id, [...(out.get(e.id) ?? []), entry]);
            }
        }
      }),
    ),
  );
  for (const list of out.values()) list.sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
  return out;
};

/** Whether the grade differs between two consecutive entries of the history (both known). */
export const gradeChanged = (history: readonly JobHistoryEntry[]): boolean =>
  history.some((h, i) => {
    const before = history[i - 1]?.grade ?? null;
    return i > 0 && before !== null && h.grade !== null && h.grade !== before;
  });

/** Custom object instances of every worker by WID (WQL), or null: read per worker. */
export type FlagSource = EligibilityByWid | null;

/** What one read (full or delta) shares across its pages. */
export interface ReadContext {
  options: ReadOptions;
  /** Job profiles as of D: the grade when it is the profile's, and the families when a worker's summary lists none. */
  profiles: ReadonlyMap<string, JobProfileFacts>;
  /** As_Of_Entry_DateTime of every page of this read. */
  entryMoment: string;
  /** Workday's time the read is as of (its As_Of_Entry_DateTime when that came from Workday), or null. */
  watermark: string | null;
  windowStart: string;
  flags: FlagSource;
  /** The exception notes of the workers that need them, per worker or in WQL pages (notes-read.ts). */
  notes: NoteReader;
  seen: Set<string>;
  gradeless: { active: number; missing: number };
}

export const readContext = async (
  deps: ReaderDeps,
  options: ReadOptions,
  flags: FlagSource,
  at?: string,
  notes: NoteReader = noteReader(deps),
): Promise<ReadContext> => {
  // The profiles first: their answer gives Workday's time, which the pages are then read as of.
  const profiles = await deps.profiles(options.asOf);
  // Settled, not the lower bound: the read then sees what was entered just before it (server-time.ts).
  const watermark = at ?? (await deps.serverSettled());
  const { historyDays } = deps.config;
  const windowStart =
    DateTime.fromISO(options.asOf, { zone: 'UTC' }).minus({ days: historyDays }).toISODate() ?? options.asOf;
  return {
    options,
    profiles,
    entryMoment: watermark ?? deps.entryMoment(),
    watermark,
    windowStart,
    flags,
    notes,
    seen: new Set(),
    gradeless: { active: 0, missing: 0 },
  };
};

/** The records of one page of Get_Workers (full Response_Group): history, goals, flag and notes. */
export const recordsOf = async (
  deps: ReaderDeps,
  ctx: ReadContext,
  page: readonly WireWorker[],
  connectorId: string,
): Promise<EmployeeRecord[]> => {
  const { config, client } = deps;
  const { options } = ctx;
  const limit = pLimit(config.concurrency);
  const rows: { wire: WireWorker; employee: Employee; wid: string | null }[] = [];
  for (const w of page) {
    const employee = toEmployee(w, connectorId, config, ctx.profiles);
    if (employee === null) {
      deps.warn('A worker without an Employee_ID or Contingent_Worker_ID was skipped.');
      continue;
    }
    if (ctx.seen.has(employee.id)) continue;
    ctx.seen.add(employee.id);
    const wid = idOf(w.Worker_Reference, 'WID');
    if (wid !== null) deps.remember(employee.id, wid);
    if (employee.status === 'active') {
      ctx.gradeless.active++;
      if (employee.grade === null) ctx.gradeless.missing++;
    }
    rows.push({ wire: w, employee, wid });
  }
  const changes = new Map(
    rows.map((r) => [r.employee.id, jobChangeDates(r.wire.Worker_Data, config, ctx.windowStart, options.asOf)]),
  );
  const history = await gradeHistory(deps, changes, ctx.windowStart, ctx.entryMoment, ctx.profiles);
  // Notes matter only for a promotion in the look-back, so only active workers whose grade changed in the history
  // read (a superset of the promotions: the grade order is the policy's) have theirs read; nothing is ever written
  // for inactive or terminated workers, so their custom objects are not read.
  const needNotes = rows.flatMap((r) =>
    r.employee.status === 'active' && r.wid !== null && gradeChanged(history.get(r.employee.id) ?? []) ? [r.wid] : [],
  );
  const notesByWid = await ctx.notes.read(needNotes);
  return Promise.all(
    rows.map((r) =>
      limit(async (): Promise<EmployeeRecord> => {
        const employee: Employee = { ...r.employee, jobHistory: history.get(r.employee.id) ?? [] };
        const goals = goalCandidates(r.wire.Worker_Data, employee.id, options.goal, deps.values);
        if (employee.status !== 'active' || r.wid === null)
          return { employee, current: { goals, eligibility: null, exceptionNotes: [] } };
        const wid = r.wid;
        const single = ctx.flags ? (ctx.flags.get(wid) ?? {}) : await client.customObject(config.customObject, wid);
        const multi = notesByWid.get(wid) ?? [];
        const notes = multi.map((m) => toExceptionNote(m, config)).filter((n) => n !== null);
        return {
          employee,
          current: { goals, eligibility: toEligibility(single, config, deps.values), exceptionNotes: notes },
        };
      }),
    ),
  );
};

/** A grade field that is empty for most people is the wrong source more often than missing data. */
const warnGradeless = (deps: ReaderDeps, ctx: ReadContext): void => {
  const { missing, active } = ctx.gradeless;
  if (missing > 0 && missing * 2 >= active)
    deps.warn(
      `${missing} of ${active} active workers have no ${deps.config.grade} as of ${ctx.options.asOf}; ` +
        `check ${deps.configPath}.grade (compensationGrade, managementLevel or jobLevel)`,
    );
};

/** Get_Workers page by page (Count up to 999, fixed As_Of dates), then history and custom objects per page. */
export async function* readEmployees(
  deps: ReaderDeps,
  options: ReadOptions,
  connectorId: string,
): AsyncGenerator<EmployeeRecord[]> {
  const { config, client } = deps;
  const ctx = await readContext(deps, options, null);
  const pages = allPages(
    async (p) => {
      const r = await client.getWorkers(getWorkersArgs(config, p, { full: true }));
      return { items: r.Response_Data?.Worker ?? [], totalPages: num(r.Response_Results?.Total_Pages, 1) };
    },
    { asOf: options.asOf, entryMoment: ctx.entryMoment, count: config.pageSize },
  );
  // Flags of every worker in pages through WQL when the tenant is set up for it; otherwise per worker (a warning).
  let flagsTried = false;
  for await (const page of pages) {
    if (!flagsTried) {
      flagsTried = true;
      ctx.flags = await readEligibilityByWql(deps);
    }
    yield await recordsOf(deps, ctx, page, connectorId);
  }
  warnGradeless(deps, ctx);
  deps.dated?.(ctx.watermark);
}
