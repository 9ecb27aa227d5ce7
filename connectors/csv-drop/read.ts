/**
 * Reading the drop folder: first the outbox files the HRIS has not imported yet, then the exports. In that order a
 * file the HRIS imports meanwhile is seen either pending or in the export (the HRIS re-exports before it archives a
 * file), never in neither. The exports' rows are mapped, the pending rows replayed on top: what fluencyflow wrote
 * and the HRIS has not taken yet counts as written, so a second plan plans nothing and nothing is written twice.
 */
import { basename, dirname, join } from 'node:path';
import type { EmployeeRecord, ReadOptions } from '../../src/connector.js';
import { didYouMean } from '../../src/connector-kit/did-you-mean.js';
import { ConfigError, ResponseShapeError } from '../../src/errors.js';
import type { Employee, JobHistoryEntry } from '../../schemas/index.js';
import type { CsvDropConfig } from './config.js';
import { parseCsv, type CsvRow, type CsvTable } from './csv-text.js';
import { absolute, filesIn, newestMatch, noExport, outboxNamePattern, readChecked } from './folder.js';
import { emptyHeld, parseDate, replay, toCurrentState, toStatus, type Held } from './mapping.js';
import { toError } from './to-error.js';
import {
  employeeExportRow,
  goalExportRow,
  historyExportRow,
  noteExportRow,
  OUTBOX_COLUMNS,
  outboxRow,
  type OutboxRow,
} from './wire-schemas.js';

export interface DropContext {
  config: CsvDropConfig;
  configPath: string;
  baseDir: string;
  /** The signing key, when files are signed. */
  key: () => Promise<string | null>;
  warn: (sentence: string) => void;
}

export interface DropState {
  employees: Employee[];
  held: Map<string, Held>;
  /** Change keys in outbox files not imported yet. */
  pending: Set<string>;
}

type ExportName = keyof CsvDropConfig['exports'];

/** An export read and parsed, with the name to show (as configured, with the matched file's name). */
export const readExport = async (
  ctx: DropContext,
  which: ExportName,
): Promise<{ table: CsvTable; shown: string } | null> => {
  const { config } = ctx;
  const configured = config.exports[which];
  if (configured === undefined) return null;
  const path = `${ctx.configPath}.exports.${which}`;
  const file = await newestMatch(absolute(ctx.baseDir, configured));
  if (file === null) throw noExport(config.id, configured, path);
  const shown = join(dirname(configured), basename(file));
  const keyPath = `${ctx.configPath}.signature.key`;
  try {
    const text = await readChecked(file, await ctx.key(), { connector: config.id, shown, keyPath });
    return { table: parseCsv(text, config.delimiter), shown };
  } catch (e) {
    throw toError(e, { connector: config.id, where: shown });
  }
};

/** Columns the config names that the header lacks, each with a did-you-mean; empty when all are there. */
export const missingColumns = (
  header: readonly string[],
  wanted: Readonly<Record<string, string | undefined>>,
): string[] =>
  Object.entries(wanted).flatMap(([field, column]) =>
    column === undefined || header.includes(column) ? [] : [`${field}: "${column}"${didYouMean(column, header)}`],
  );

/** The row's cells under the config's field names ('' for a column the config leaves out). */
const mapped = (row: CsvRow, columns: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(columns).map(([field, column]) => [
      field,
      column === undefined ? '' : (row.cells.get(column) ?? ''),
    ]),
  );

/** Rows of one export, mapped and parsed; a bad row is reported with file:line and skipped. */
const rowsOf = <T>(
  ctx: DropContext,
  read: { table: CsvTable; shown: string },
  columns: Readonly<Record<string, string | undefined>>,
  parse: (
    cells: Record<string, string>,
  ) => { success: true; data: T } | { success: false; error: { issues: { message: string }[] } },
): { line: number; data: T }[] => {
  const missing = missingColumns(read.table.header, columns);
  if (missing.length > 0)
    throw new ResponseShapeError(`${read.shown}: the header lacks ${missing.join(', ')}`, {
      connector: ctx.config.id,
      where: read.shown,
    });
  return read.table.rows.flatMap((row) => {
    const parsed = row.problem === undefined ? parse(mapped(row, columns)) : null;
    if (parsed?.success === true) return [{ line: row.line, data: parsed.data }];
    const why = row.problem ?? parsed?.error.issues.map((i) => i.message).join('; ') ?? '';
    ctx.warn(`${read.shown}:${row.line}: skipped (${why})`);
    return [];
  });
};

/** Outbox files of this connector not imported yet, row by row in file-name order (the HRIS's import order). */
const pendingRows = async (ctx: DropContext): Promise<OutboxRow[]> => {
  const { config } = ctx;
  const folder = absolute(ctx.baseDir, config.outbox);
  const ours = outboxNamePattern(config.fileName, config.id);
  const keyPath = `${ctx.configPath}.signature.key`;
  const rows: OutboxRow[] = [];
  for (const name of (await filesIn(folder)).filter((n) => ours.test(n))) {
    const shown = join(config.outbox, name);
    const text = await readChecked(join(folder, name), await ctx.key(), { connector: config.id, shown, keyPath }).catch(
      (e: unknown) => {
        const error = toError(e, { connector: config.id, where: shown });
        // Imported and archived between the listing and the read: the export has it.
        if (error.code !== 'FF_NOT_FOUND') ctx.warn(`${shown}: not counted as written (${error.message})`);
        return null;
      },
    );
    if (text === null) continue;
    const table = parseCsv(text, ',');
    for (const row of table.rows) {
      const parsed = outboxRow.safeParse(Object.fromEntries(OUTBOX_COLUMNS.map((c) => [c, row.cells.get(c) ?? ''])));
      if (parsed.success) rows.push(parsed.data);
      else ctx.warn(`${shown}:${row.line}: not counted as written (${parsed.error.issues[0]?.message ?? 'bad row'})`);
    }
  }
  return rows;
};

const historyOf = (ctx: DropContext, read: { table: CsvTable; shown: string } | null, asOf: string) => {
  const byEmployee = new Map<string, JobHistoryEntry[]>();
  if (read === null) return byEmployee;
  for (const { line, data } of rowsOf(ctx, read, ctx.config.columns.jobHistory, (c) => historyExportRow.safeParse(c))) {
    const date = parseDate(data.effectiveDate, ctx.config.dateFormat);
    if (date === null)
      ctx.warn(
        `${read.shown}:${line}: skipped (effective date "${data.effectiveDate}" is not ${ctx.config.dateFormat})`,
      );
    // Records dated after the as-of date are not in force yet.
    if (date === null || date > asOf) continue;
    const family = data.jobFamily === '' ? null : data.jobFamily;
    const entry = {
      effectiveDate: date,
      grade: data.grade === '' ? null : data.grade,
      jobFamily: family,
      jobFamilies: family === null ? [] : [family],
      jobTitle: null,
      event: null,
    };
    const list = byEmployee.get(data.employeeId) ?? [];
    list.push(entry);
    byEmployee.set(data.employeeId, list);
  }
  for (const list of byEmployee.values()) list.sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
  return byEmployee;
};

const heldOf = (held: Map<string, Held>, id: string): Held => {
  const h = held.get(id) ?? emptyHeld();
  held.set(id, h);
  return h;
};

/** Everything the drop folder says now (see the file comment for the order). */
export const readDrop = async (ctx: DropContext, asOf: string): Promise<DropState> => {
  const { config } = ctx;
  const pending = await pendingRows(ctx);
  const [people, history, goals, notes] = await Promise.all(
    (['employees', 'jobHistory', 'goals', 'notes'] as const).map((w) => readExport(ctx, w)),
  );
  if (people == null || goals == null)
    throw new ConfigError(`${ctx.configPath}.exports: employees and goals are both needed`, { connector: config.id });
  const histories = historyOf(ctx, history ?? null, asOf);
  const held = new Map<string, Held>();
  const employees: Employee[] = [];
  const lineOf = new Map<string, number>();
  for (const { line, data: r } of rowsOf(ctx, people, config.columns.employees, (c) =>
    employeeExportRow.safeParse(c),
  )) {
    const first = lineOf.get(r.id);
    if (first !== undefined) {
      ctx.warn(`${people.shown}:${line}: skipped (employee ${r.id} again; first at line ${first})`);
      continue;
    }
    const status = toStatus(r.status, config.statuses);
    if (status === null) {
      ctx.warn(`${people.shown}:${line}: skipped (status "${r.status}" is in none of ${ctx.configPath}.statuses)`);
      continue;
    }
    lineOf.set(r.id, line);
    const hireDate = parseDate(r.hireDate, config.dateFormat);
    if (hireDate === null && r.hireDate !== '')
      ctx.warn(`${people.shown}:${line}: hire date "${r.hireDate}" is not ${config.dateFormat}; read as empty`);
    const jobHistory = histories.get(r.id) ?? [];
    const latest = jobHistory[jobHistory.length - 1];
    const family = latest?.jobFamily ?? (r.jobFamily === '' ? null : r.jobFamily);
    const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());
    employees.push({
      connector: config.id,
      id: r.id,
      employeeNumber: orNull(r.employeeNumber),
      email: orNull(r.email),
      firstName: r.firstName,
      lastName: r.lastName,
      department: orNull(r.department),
      division: orNull(r.division),
      location: orNull(r.location),
      jobTitle: orNull(r.jobTitle),
      jobFamily: family,
      jobFamilies: family === null ? [] : [family],
      grade: latest?.grade ?? orNull(r.grade),
      managerId: orNull(r.manager),
      status,
      hireDate,
      locale: orNull(r.locale),
      jobHistory,
    });
    if (r.eligibility !== '' || r.reason !== '') heldOf(held, r.id).flag = { value: r.eligibility, reason: r.reason };
  }
  for (const { line, data: g } of rowsOf(ctx, goals, config.columns.goals, (c) => goalExportRow.safeParse(c))) {
    const dueDate = parseDate(g.dueDate, config.dateFormat);
    if (dueDate === null && g.dueDate !== '')
      ctx.warn(`${goals.shown}:${line}: due date "${g.dueDate}" is not ${config.dateFormat}; read as empty`);
    const { id, reference: ref, title, description, percentComplete: percent, status } = g;
    heldOf(held, g.employeeId).goals.push({ id, ref, title, description, dueDate, percent, status });
  }
  if (notes !== null && notes !== undefined)
    for (const { line, data: n } of rowsOf(ctx, notes, config.columns.notes, (c) => noteExportRow.safeParse(c))) {
      const promotionDate = parseDate(n.promotionDate, config.dateFormat);
      if (promotionDate === null) {
        ctx.warn(`${notes.shown}:${line}: skipped (promotion date "${n.promotionDate}" is not ${config.dateFormat})`);
        continue;
      }
      const { fromGrade, toGrade, note } = n;
      heldOf(held, n.employeeId).notes.push({ id: n.id === '' ? null : n.id, promotionDate, fromGrade, toGrade, note });
    }
  for (const row of pending) replay(heldOf(held, row.employee_id), row);
  return { employees, held, pending: new Set(pending.map((r) => r.change_id)) };
};

/** Employees page by page, each with what the HRIS holds (or will hold once it imports the outbox). */
export async function* readEmployees(ctx: DropContext, options: ReadOptions): AsyncGenerator<EmployeeRecord[]> {
  const state = await readDrop(ctx, options.asOf);
  const size = ctx.config.pageSize;
  for (let i = 0; i < state.employees.length; i += size)
    yield state.employees.slice(i, i + size).map((employee) => ({
      employee,
      current: toCurrentState(state.held.get(employee.id) ?? emptyHeld(), ctx.config.values, options.goal, employee.id),
    }));
}
