/**
 * Sandbox routes for metadata, the custom report, tables and the employee field update, with the real API's
 * strictness: exact JSON content type on the report, silently dropped unknown or unreadable report fields,
 * list values limited to existing options, `yyyy-mm-dd` dates.
 */
import { FIELDS, findField, type SbField } from './meta.js';
import type { Tenant } from './tenant.js';
import { acceptsJson, el, isIsoDate, jsonBody, SbError, sendEmpty, sendJson, sendXml, type Exchange } from './wire.js';

export interface SbContext {
  tenant: Tenant;
  /** The field the key "cannot read" (quirk `dropField`), resolved. */
  dropped: () => SbField | undefined;
  /** Quirk `repeatReportRows`: the custom report repeats some employees' rows. */
  repeatReportRows?: () => boolean;
}

const keyOf = (f: SbField): string => f.alias ?? String(f.id);

// https://documentation.bamboohr.com/reference/list-fields
export const getFields = (_ctx: SbContext, x: Exchange): void => {
  const body = FIELDS.map((f) => ({
    id: f.id,
    name: f.name,
    type: f.type,
    ...(f.alias === undefined ? {} : { alias: f.alias }),
  }));
  if (acceptsJson(x)) return sendJson(x, 200, body);
  sendXml(
    x,
    el(
      'fields',
      {},
      FIELDS.map((f) => el('field', { id: f.id, type: f.type, alias: f.alias }, { text: f.name })).join(''),
    ),
  );
};

// https://documentation.bamboohr.com/reference/list-tabular-fields
export const getTables = (ctx: SbContext, x: Exchange): void => {
  const tables = ctx.tenant.tableMeta;
  if (acceptsJson(x)) return sendJson(x, 200, tables);
  sendXml(
    x,
    el(
      'tables',
      {},
      tables
        .map((t) =>
          el(
            'table',
            { alias: t.alias },
            t.fields.map((f) => el('field', { id: f.id, alias: f.alias, type: f.type }, { text: f.name })).join(''),
          ),
        )
        .join(''),
    ),
  );
};

// https://documentation.bamboohr.com/reference/list-list-fields
export const getLists = (ctx: SbContext, x: Exchange): void => {
  const lists = ctx.tenant.lists;
  if (acceptsJson(x) || x.query.get('format')?.toLowerCase() === 'json')
    return sendJson(
      x,
      200,
      lists.map((l) => ({
        fieldId: String(l.fieldId),
        alias: l.alias,
        name: l.name,
        manageable: 'yes',
        multiple: 'no',
        options: l.options,
      })),
    );
  sendXml(
    x,
    el(
      'lists',
      {},
      lists
        .map((l) =>
          el(
            'list',
            { fieldId: l.fieldId, alias: l.alias, manageable: 'yes', multiple: 'no' },
            el('name', {}, { text: l.name }) +
              el(
                'options',
                {},
                l.options.map((o) => el('option', { id: o.id, archived: o.archived }, { text: o.name })).join(''),
              ),
          ),
        )
        .join(''),
    ),
  );
};

const REPORT_ACCEPT = ['application/json', 'text/xml', 'text/csv', 'application/pdf', 'application/vnd.ms-excel'];

// https://documentation.bamboohr.com/reference/request-custom-report
export const postCustomReport = (ctx: SbContext, x: Exchange): void => {
  const format = x.query.get('format')?.toLowerCase();
  let output: string;
  if (format !== undefined) {
    if (format !== 'json' && format !== 'xml')
      throw new SbError(404, 'Report format not found (the sandbox serves json and xml)');
    output = format;
  } else {
    const accept = (x.req.headers.accept ?? '').trim();
    if (!REPORT_ACCEPT.includes(accept)) throw new SbError(404, 'Report format not found');
    if (accept !== 'application/json' && accept !== 'text/xml')
      throw new SbError(404, 'Report format not found (the sandbox serves json and xml)');
    output = accept === 'application/json' ? 'json' : 'xml';
  }
  const body = jsonBody(x, { exactType: true });
  const requested = body.fields;
  if (!Array.isArray(requested) || !requested.every((f): f is string => typeof f === 'string'))
    throw new SbError(400, 'fields must be an array of field ids');
  if (requested.length > 400) throw new SbError(400, 'At most 400 fields may be requested');
  const dropped = ctx.dropped();
  // Unknown fields and fields the key cannot read are left out with a 200: no error, no hint.
  const kept = requested.flatMap((ref) => {
    const f = findField(ref);
    return f === undefined || f === dropped || ref === 'id' ? [] : [{ ref, field: f }];
  });
  const filters = body.filters;
  const only =
    filters !== null && typeof filters === 'object' && 'employeeIds' in filters && Array.isArray(filters.employeeIds)
      ? new Set(filters.employeeIds.map(String))
      : null;
  const employees: Record<string, string>[] = [...ctx.tenant.employees.entries()]
    .filter(([id]) => only === null || only.has(id))
    .map(([id, values]) => ({
      id,
      ...Object.fromEntries(kept.map(({ ref, field }) => [ref, values[keyOf(field)] ?? ''])),
    }));
  // Every third employee's row twice over, as a report with a table field answers one row per table row.
  if (ctx.repeatReportRows?.() === true) employees.push(...employees.filter((_, i) => i % 3 === 0));
  const title = typeof body.title === 'string' ? body.title : 'Report';
  if (output === 'json')
    return sendJson(x, 200, {
      title,
      fields: kept.map(({ ref, field }) => ({ id: ref, type: field.type, name: field.name })),
      employees,
    });
  sendXml(
    x,
    el(
      'report',
      {},
      el('title', {}, { text: title }) +
        el(
          'fields',
          {},
          kept.map(({ ref, field }) => el('field', { id: ref, type: field.type }, { text: field.name })).join(''),
        ) +
        el(
          'employees',
          {},
          employees
            .map((e) =>
              el(
                'employee',
                { id: e.id },
                kept.map(({ ref }) => el('field', { id: ref }, { text: e[ref] ?? '' })).join(''),
              ),
            )
            .join(''),
        ),
    ),
  );
};

const tableOf = (ctx: SbContext, alias: string) => {
  const t = ctx.tenant.tableMeta.find((x) => x.alias === alias);
  if (t === undefined) throw new SbError(404, `Table "${alias}" does not exist`);
  return t;
};

// https://documentation.bamboohr.com/reference/get-employee-table-data
export const getTableRows = (ctx: SbContext, x: Exchange, employeeId: string, table: string): void => {
  tableOf(ctx, table);
  if (employeeId !== 'all' && !ctx.tenant.employees.has(employeeId)) throw new SbError(404, 'Employee not found');
  const hidden = ctx.dropped()?.alias;
  const rows = (ctx.tenant.tables.get(table) ?? []).filter((r) => employeeId === 'all' || r.employeeId === employeeId);
  const visible = (v: Record<string, string>) => Object.entries(v).filter(([k]) => k !== hidden);
  if (acceptsJson(x))
    return sendJson(
      x,
      200,
      rows.map((r) => ({ id: String(r.id), employeeId: r.employeeId, ...Object.fromEntries(visible(r.values)) })),
    );
  sendXml(
    x,
    el(
      'table',
      {},
      rows
        .map((r) =>
          el(
            'row',
            { id: r.id, employeeId: r.employeeId },
            visible(r.values)
              .map(([k, v]) => el('field', { id: k }, { text: v }))
              .join(''),
          ),
        )
        .join(''),
    ),
  );
};

// https://documentation.bamboohr.com/reference/create-table-row
export const postTableRow = (
  ctx: SbContext,
  x: Exchange,
  employeeId: string,
  table: string,
  markWrite: () => void,
): void => {
  const t = tableOf(ctx, table);
  if (!ctx.tenant.employees.has(employeeId)) throw new SbError(404, 'Employee not found');
  const body = jsonBody(x);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const col = t.fields.find((f) => f.alias === k || String(f.id) === k);
    if (col === undefined) throw new SbError(400, `Unknown field "${k}" for table ${table}`);
    if (typeof v !== 'string' && typeof v !== 'number') throw new SbError(406, `Invalid value for ${k}`);
    if (col.type === 'date' && !isIsoDate(v)) throw new SbError(406, `Invalid date for ${k}: use yyyy-mm-dd`);
    values[col.alias] = String(v);
  }
  if (values.date === undefined) throw new SbError(400, 'Missing required field "date"');
  markWrite();
  const rows = ctx.tenant.tables.get(table) ?? [];
  rows.push({ id: ctx.tenant.nextRowId++, employeeId, values });
  ctx.tenant.tables.set(table, rows);
  sendEmpty(x);
};

// https://documentation.bamboohr.com/reference/delete-employee-table-row
export const deleteTableRow = (
  ctx: SbContext,
  x: Exchange,
  employeeId: string,
  table: string,
  rowId: string,
  markWrite: () => void,
): void => {
  // An unknown employee or table is a 400 here; a row that is not there is a 200 with `success: false`.
  if (!ctx.tenant.tableMeta.some((t) => t.alias === table)) throw new SbError(400, `Invalid table name "${table}"`);
  if (!ctx.tenant.employees.has(employeeId)) throw new SbError(400, 'Invalid employee ID');
  const rows = ctx.tenant.tables.get(table) ?? [];
  const at = rows.findIndex((r) => String(r.id) === rowId && r.employeeId === employeeId);
  if (at < 0) return sendJson(x, 200, { success: false, error: `Row ${rowId} was not found` });
  markWrite();
  rows.splice(at, 1);
  sendJson(x, 200, { success: true });
};

// https://documentation.bamboohr.com/reference/update-employee
export const postEmployee = (ctx: SbContext, x: Exchange, employeeId: string, markWrite: () => void): void => {
  const current = ctx.tenant.employees.get(employeeId);
  if (current === undefined) throw new SbError(404, 'Employee not found');
  const body = jsonBody(x);
  const updates: [string, string][] = [];
  for (const [k, v] of Object.entries(body)) {
    const f = findField(k);
    if (f === undefined || f.alias === 'status') throw new SbError(400, `Invalid field "${k}"`);
    if (f === ctx.dropped()) throw new SbError(403, `The API user does not have permission to update field "${k}"`);
    if (typeof v !== 'string') throw new SbError(400, `Field "${k}" expects a string value`);
    if (f.type === 'date' && v !== '' && !isIsoDate(v)) throw new SbError(400, `Invalid date for ${k}: use yyyy-mm-dd`);
    if (f.type === 'list' && v !== '') {
      const list = ctx.tenant.lists.find((l) => l.fieldId === f.id);
      if (!list?.options.some((o) => o.name === v && o.archived === 'no'))
        throw new SbError(409, `"${v}" is not an option of list field ${f.name}`);
    }
    updates.push([keyOf(f), v]);
  }
  markWrite();
  for (const [k, v] of updates) current[k] = v;
  sendEmpty(x);
};
