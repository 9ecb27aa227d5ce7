/**
 * Reading every employee with the least calls BambooHR allows: one custom report (all employees, Active and
 * Inactive), one jobInfo read and one exception-table read for everybody (`all`), then one goal list per active
 * employee, a few at a time.
 */
import pLimit from 'p-limit';
import { PermissionError, SetupMissingError } from '../../src/errors.js';
import type { EmployeeRecord, ReadOptions } from '../../src/connector.js';
import { withReferenceRead } from '../../src/connector-kit/goal-reference.js';
import type { BambooClient } from './client.js';
import type { BamboohrConfig } from './config.js';
import { droppedKeys, STANDARD_REPORT_FIELDS } from './fields.js';
import { readAllGoals } from './goals-read.js';
import {
  isCandidateGoal,
  toCurrentGoal,
  toEligibility,
  toEmployee,
  toExceptionNotes,
  toJobHistory,
  type EligibilityValues,
} from './mapping.js';
import type { SeenByRead } from './seen.js';
import { describeField, type TenantMeta } from './tenant.js';
import type { WireGoal, WireTableRow } from './wire-schemas.js';

export interface ReadContext {
  client: BambooClient;
  config: BamboohrConfig;
  /** Where this connector's block sits in the config. */
  configPath: string;
  meta: TenantMeta;
  /** The eligibility options resolved from the tenant; undefined when the tenant has no eligibility field. */
  values: EligibilityValues | undefined;
  warn: (sentence: string) => void;
  /** Sharing and alignment of the candidate goals, so a later full-replace PUT keeps them. */
  rememberGoal: (goal: WireGoal) => void;
  /** Each employee's candidate goals and exception rows as read, which a create then needs not look up again. */
  seen: SeenByRead;
}

const groupByEmployee = (rows: readonly WireTableRow[]): Map<string, WireTableRow[]> => {
  const out = new Map<string, WireTableRow[]>();
  for (const row of rows) {
    const list = out.get(row.employeeId) ?? [];
    list.push(row);
    out.set(row.employeeId, list);
  }
  return out;
};

/** One employee's goals; a refusal names what to change (Goals off, or the key's user lacks goal permissions). */
const goalsOf = async (ctx: ReadContext, employeeId: string): Promise<WireGoal[]> => {
  try {
    return await readAllGoals(ctx.client, employeeId);
  } catch (e) {
    if (!(e instanceof PermissionError)) throw e;
    const where = `${ctx.configPath}.auth.apiKey`;
    throw new PermissionError(
      `${where}: BambooHR refused the goals of employee ${employeeId} (${e.message}): turn Goals on for the company, ` +
        "or give the key's user permission to view and edit goals",
      { connector: ctx.config.id, where, status: e.status, requestId: e.requestId, cause: e },
    );
  }
};

export async function* readEmployees(ctx: ReadContext, options: ReadOptions): AsyncGenerator<EmployeeRecord[]> {
  const { client, config, meta } = ctx;
  ctx.seen.reset();
  if (meta.grade === undefined) {
    const where = `${ctx.configPath}.grade.field`;
    throw new SetupMissingError(`${where}: BambooHR has no field "${config.grade.field}" for the grade`, {
      connector: config.id,
      where,
    });
  }
  if (meta.eligibility === undefined)
    ctx.warn(`BambooHR has no field "${config.fields.eligibility}" for the eligibility flag; the flag reads as empty.`);
  if (meta.reason === undefined)
    ctx.warn(`BambooHR has no field "${config.fields.reason}" for the eligibility reason; the reason reads as empty.`);
  if (config.jobFamily !== undefined && meta.jobFamily === undefined)
    ctx.warn(`BambooHR has no field "${config.jobFamily.field}" for the job family; job families read as empty.`);
  if (config.locale !== undefined && meta.locale === undefined)
    ctx.warn(
      `BambooHR has no field "${config.locale.field}" for the language; every goal is written in the default locale.`,
    );
  if (meta.gradeColumn === undefined)
    ctx.warn(
      `The grade field ${describeField(meta.grade)} is not a column of the jobInfo table: ` +
        'there is no grade history, so no promotions are seen.',
    );

  const optional = [meta.jobFamily, meta.locale, meta.eligibility, meta.reason].flatMap((f) =>
    f === undefined ? [] : [f],
  );
  const requested = [...new Set([...STANDARD_REPORT_FIELDS, meta.grade.key, ...optional.map((f) => f.key)])];
  const report = await client.customReport(requested);
  for (const key of droppedKeys(requested, report.fields)) {
    const field = [meta.grade, ...optional].find((f) => f.key === key);
    ctx.warn(
      `BambooHR silently dropped field ${field ? describeField(field) : `"${key}"`} from the employee report: ` +
        `the user of ${ctx.configPath}.auth.apiKey cannot read it (or it does not exist); its values read as empty.`,
    );
  }

  const history =
    meta.jobInfo === undefined
      ? new Map<string, WireTableRow[]>()
      : groupByEmployee(await client.tableRowsAll('jobInfo'));
  if (meta.exceptionTable === undefined)
    ctx.warn(`BambooHR has no table "${config.exceptionTable}" for exception notes; notes read as empty.`);
  const notes =
    meta.exceptionTable === undefined
      ? new Map<string, WireTableRow[]>()
      : groupByEmployee(await client.tableRowsAll(meta.exceptionTable.alias));

  const seen = new Set<string>();
  const rows = report.employees
    .filter((r) => {
      const id = r.id;
      if (id === undefined || id === '' || seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => Number(a.id) - Number(b.id) || String(a.id).localeCompare(String(b.id)));

  const limit = pLimit(config.concurrency);
  for (let start = 0; start < rows.length; start += config.pageSize) {
    const page = rows.slice(start, start + config.pageSize);
    const records = await Promise.all(
      page.map((row) =>
        limit(async (): Promise<EmployeeRecord> => {
          const id = row.id ?? '';
          const familyNow = meta.jobFamily === undefined ? null : row[meta.jobFamily.key] || null;
          const jobHistory = toJobHistory(
            history.get(id) ?? [],
            { grade: meta.gradeColumn, jobFamily: meta.familyColumn },
            options.asOf,
            familyNow,
          );
          const employee = toEmployee(
            config.id,
            row,
            { grade: meta.grade?.key, jobFamily: meta.jobFamily?.key, locale: meta.locale?.key },
            jobHistory,
            options.asOf,
          );
          // Nothing is ever written for inactive or terminated employees, so their goals are not read.
          const all = employee.status === 'active' ? await goalsOf(ctx, id) : [];
          const goals = all.filter((g) => isCandidateGoal(g, options.goal, id));
          goals.forEach(ctx.rememberGoal);
          if (employee.status === 'active') ctx.seen.sawGoals(id, goals);
          if (meta.exceptionTable !== undefined) ctx.seen.sawNotes(id, notes.get(id) ?? []);
          return {
            employee,
            current: {
              goals: goals.map((g) => withReferenceRead(toCurrentGoal(g), options.goal, id)),
              eligibility: toEligibility(
                meta.eligibility === undefined ? undefined : row[meta.eligibility.key],
                meta.reason === undefined ? undefined : row[meta.reason.key],
                ctx.values,
              ),
              exceptionNotes: toExceptionNotes(notes.get(id) ?? []),
            },
          };
        }),
      ),
    );
    yield records;
  }
}
