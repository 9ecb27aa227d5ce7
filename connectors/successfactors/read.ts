/** Employees page by page, each page's history, goals, flag and notes in bulk `in` reads. */
import type { EmployeeRecord, ReadOptions } from '../../src/connector.js';
import { withReferenceRead } from '../../src/connector-kit/goal-reference.js';
import type { HttpClient } from '../../src/http/index.js';
import type { SuccessFactorsConfig } from './config.js';
import { findGoals, listEligibility, listExceptions, listJobCodesAsOf, listJobHistory, listUsers } from './client.js';
import {
  detectPromotions, isCandidateGoal, slicesAsOf, toCurrentGoal, toEligibility, toEmployee, toExceptionNote, type Values,
} from './mapping.js';
import type { EmpJobRow, GoalRow, JobCodeRow } from './wire-schemas.js';

export interface ReadDeps {
  http: HttpClient;
  config: SuccessFactorsConfig;
  warn: (sentence: string) => void;
  /** The tenant's values as of the read's date: states and codes read back to their meaning. */
  values: (asOf: string) => Promise<Values>;
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
  paging: { pageSize: number; chunkSize: number },
): Promise<Map<string, JobCodeRow>> => {
  const codes = new Set(histories.flatMap((rows) => slicesAsOf(rows, asOf).slice(-1).flatMap((r) => r.jobCode ?? [])));
  if (codes.size === 0) return new Map();
  return new Map((await listJobCodesAsOf(http, [...codes], asOf, paging)).map((j) => [j.externalCode, j]));
};

export async function* readEmployees(deps: ReadDeps, options: ReadOptions): AsyncGenerator<EmployeeRecord[]> {
  const { http, config } = deps;
  const values = await deps.values(options.asOf);
  const paging = { pageSize: config.pageSize, chunkSize: config.filterChunkSize };
  const seenUsers = new Set<string>();
  let repeated = 0;
  let promotionEventsWithoutRise = 0;
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
    const ids = page.map((u) => u.userId);
    const [jobs, goals, flags, notes] = await Promise.all([
      listJobHistory(http, ids, paging),
      findGoals(http, config.goalPlanId, ids, paging),
      listEligibility(http, config.mdfObject, ids, paging),
      listExceptions(http, config.exceptionObject, ids, paging),
    ]);
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
      promotionEventsWithoutRise += detectPromotions(slicesAsOf(userJobs, options.asOf)).filter((p) => p.byEvent && p.from === p.to).length;
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
    if (records.length > 0) yield records;
  }
  if (repeated > 0) deps.warn(`SuccessFactors repeated ${repeated} user row(s) across pages; each was read once.`);
  if (promotionEventsWithoutRise > 0)
    deps.warn(`${promotionEventsWithoutRise} job-history slice(s) carry the promotion event (8) without a grade change; only grade rises count as promotions.`);
}
