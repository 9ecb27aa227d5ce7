/** Employees page by page, each page's history, goals, flag and notes in bulk `in` reads. */
import { DateTime } from 'luxon';
import type { DeltaRead, DeltaRequest, EmployeeRecord, ReadOptions } from '../../src/connector.js';
import type { ServerClock } from '../../src/connector-kit/server-clock.js';
import { withReferenceRead } from '../../src/connector-kit/goal-reference.js';
import type { HttpClient } from '../../src/http/index.js';
import { readPaging, type SuccessFactorsConfig } from './config.js';
import { jobCodesChangedIn, listChangedUserIds } from './changes-read.js';
import { listJobCodesAsOf, listUsers, listUsersByIds, readPeople, type ReadPaging } from './client.js';
import { dateTimeLiteral, dateTimeOffsetLiteral } from './dates.js';
import {
  detectPromotions,
  isCandidateGoal,
  slicesAsOf,
  toCurrentGoal,
  toEligibility,
  toEmployee,
  toExceptionNote,
  type Values,
} from './mapping.js';
import type { EmpJobRow, GoalRow, JobCodeRow, UserRow } from './wire-schemas.js';

export interface ReadDeps {
  http: HttpClient;
  config: SuccessFactorsConfig;
  warn: (sentence: string) => void;
  /** The tenant's values as of the read's date: states and codes read back to their meaning. */
  values: (asOf: string) => Promise<Values>;
  /** The server's clock: a full read's watermark (`readWatermark`). */
  clock?: ServerClock;
}

const groupBy = <T>(rows: readonly T[], keyOf: (r: T) => string): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
};

/**
 * The job codes in force on D, read as of D (job family, job level): an expanded jobCodeNav is as of its slice's
 * start (KBA 2853045), which misses a change made to the job code between that start and D.
 */
const jobCodesInForce = async (
  http: HttpClient,
  histories: readonly (readonly EmpJobRow[])[],
  asOf: string,
  paging: ReadPaging,
): Promise<Map<string, JobCodeRow>> => {
  const codes = new Set(
    histories.flatMap((rows) =>
      slicesAsOf(rows, asOf)
        .slice(-1)
        .flatMap((r) => r.jobCode ?? []),
    ),
  );
  if (codes.size === 0) return new Map();
  return new Map((await listJobCodesAsOf(http, [...codes], asOf, paging)).map((j) => [j.externalCode, j]));
};

interface PageCounts {
  promotionEventsWithoutRise: number;
}

/** The records of one page of users: their job history, goals, flag and notes in bulk `in` reads, batched. */
const recordsOf = async (
  deps: ReadDeps,
  page: readonly UserRow[],
  options: ReadOptions,
  values: Values,
  counts: PageCounts,
): Promise<EmployeeRecord[]> => {
  const { http, config } = deps;
  const paging = readPaging(config);
  const ids = page.map((u) => u.userId);
  const objects = {
    goalPlanId: config.goalPlanId,
    mdfObject: config.mdfObject,
    exceptionObject: config.exceptionObject,
  };
  const { jobs, goals, flags, notes } = await readPeople(http, ids, objects, paging);
  const jobsByUser = groupBy<EmpJobRow>(jobs, (r) => r.userId);
  const jobCodesAsOf = await jobCodesInForce(http, [...jobsByUser.values()], options.asOf, paging);
  const goalsByUser = groupBy<GoalRow>(goals, (r) => r.userId);
  const flagByUser = new Map(flags.map((f) => [f.externalCode, f]));
  const notesByUser = groupBy(notes, (n) => n.cust_userId);
  const records: EmployeeRecord[] = [];
  for (const user of page) {
    const userJobs = jobsByUser.get(user.userId) ?? [];
    const employee = toEmployee(config.id, user, userJobs, { asOf: options.asOf, grade: config.grade, jobCodesAsOf });
    if (employee === null) continue;
    counts.promotionEventsWithoutRise += detectPromotions(slicesAsOf(userJobs, options.asOf)).filter(
      (p) => p.byEvent && p.from === p.to,
    ).length;
    const flag = flagByUser.get(user.userId);
    records.push({
      employee,
      current: {
        goals: (goalsByUser.get(user.userId) ?? [])
          .filter((g) => isCandidateGoal(g, options.goal, user.userId))
          .map((g) => withReferenceRead(toCurrentGoal(values, g), options.goal, user.userId)),
        eligibility: flag ? toEligibility(values, flag) : null,
        exceptionNotes: (notesByUser.get(user.userId) ?? []).flatMap((n) => toExceptionNote(n) ?? []),
      },
    });
  }
  return records;
};

const warnPromotionEvents = (deps: ReadDeps, counts: PageCounts): void => {
  if (counts.promotionEventsWithoutRise > 0)
    deps.warn(
      `${counts.promotionEventsWithoutRise} job-history slice(s) carry the promotion event (8) ` +
        'without a grade change; only grade rises count as promotions.',
    );
};

export async function* readEmployees(deps: ReadDeps, options: ReadOptions): AsyncGenerator<EmployeeRecord[]> {
  const { http, config } = deps;
  deps.clock?.begin();
  const values = await deps.values(options.asOf);
  const seenUsers = new Set<string>();
  let repeated = 0;
  const counts: PageCounts = { promotionEventsWithoutRise: 0 };
  for await (const users of listUsers(http, config.pageSize)) {
    const page = users.filter((u) => {
      if (seenUsers.has(u.userId)) {
        repeated++;
        return false;
      }
      seenUsers.add(u.userId);
      return true;
    });
    if (page.length === 0) continue;
    const records = await recordsOf(deps, page, options, values, counts);
    if (records.length > 0) yield records;
  }
  if (repeated > 0) deps.warn(`SuccessFactors repeated ${repeated} user row(s) across pages; each was read once.`);
  warnPromotionEvents(deps, counts);
}

/**
 * The delta read (DESIGN §9): the users changed since the watermark (or effective-dated into the as-of window, or
 * asked for), read whole as a full read reads them. Null when a job code changed in the window (every holder's job
 * family may differ): the engine then reads everyone. Users are never deleted in SuccessFactors (User is not
 * deletable); one that no longer maps to an employee is reported removed.
 */
export const readDelta = async (
  deps: ReadDeps & { clock: ServerClock },
  options: ReadOptions & { changedSince: string },
  request: DeltaRequest,
): Promise<DeltaRead | null> => {
  const { http, config } = deps;
  deps.clock.begin();
  const since = DateTime.fromISO(options.changedSince, { zone: 'UTC' });
  const day = (d: string) => `datetime'${d}T00:00:00'`;
  const window = {
    modifiedSince: dateTimeOffsetLiteral(since),
    goalModifiedSince: dateTimeLiteral(since, config.dataCentreZone),
    effectiveAfter: day(request.previousAsOf),
    effectiveThrough: day(options.asOf),
  };
  if (request.previousAsOf < options.asOf && (await jobCodesChangedIn(http, window))) return null;
  const objects = {
    goalPlanId: config.goalPlanId,
    mdfObject: config.mdfObject,
    exceptionObject: config.exceptionObject,
  };
  const changed = await listChangedUserIds(http, window, objects, readPaging(config));
  const watermark = deps.clock.watermark();
  if (watermark === null) return null;
  const ids = [...new Set([...changed, ...request.include])].sort();
  if (ids.length === 0) return { records: [], removed: [], watermark };
  const values = await deps.values(options.asOf);
  const users = await listUsersByIds(http, ids, readPaging(config));
  const counts: PageCounts = { promotionEventsWithoutRise: 0 };
  const records: EmployeeRecord[] = [];
  for (let i = 0; i < users.length; i += config.pageSize)
    records.push(...(await recordsOf(deps, users.slice(i, i + config.pageSize), options, values, counts)));
  warnPromotionEvents(deps, counts);
  const kept = new Set(records.map((r) => r.employee.id));
  return { records, removed: ids.filter((id) => !kept.has(id)), watermark };
};
