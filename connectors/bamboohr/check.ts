/**
 * `check` and `discover`. The cheapest authenticated call goes first and a refused key stops everything:
 * BambooHR turns API access off for the whole company after repeated calls with a bad key.
 */
import type { CheckItem, Discovery } from '../../src/connector.js';
import { isFluencyError } from '../../src/errors.js';
import type { BambooClient } from './client.js';
import { EXCEPTION_COLUMNS, type BamboohrConfig } from './config.js';
import { droppedKeys } from './fields.js';
import { describeField, loadTenantMeta, type TenantMeta } from './tenant.js';

const failed = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const fieldItems = (config: BamboohrConfig, meta: TenantMeta): CheckItem[] => {
  const item = (name: string, ref: string, f: TenantMeta['grade'], types: string[] | null): CheckItem => {
    if (f === undefined) return { name, ok: false, detail: `no field "${ref}" in /v1/meta/fields: create it (see the docs page) or fix the config` };
    if (types !== null && !types.includes(f.type)) return { name, ok: false, detail: `${describeField(f)} should be of type ${types.join(' or ')}` };
    return { name, ok: true, detail: describeField(f) };
  };
  const items = [item('grade field', config.grade.field, meta.grade, null)];
  if (config.jobFamily !== undefined) items.push(item('job family field', config.jobFamily.field, meta.jobFamily, null));
  items.push(item('eligibility field', config.fields.eligibility, meta.eligibility, ['list']));
  items.push(item('eligibility reason field', config.fields.reason, meta.reason, ['textarea', 'text']));
  items.push(
    meta.gradeColumn === undefined
      ? { name: 'grade history', ok: false, detail: 'the grade field is not a column of the jobInfo table: promotions cannot be seen' }
      : { name: 'grade history', ok: true, detail: `jobInfo rows carry "${meta.gradeColumn}"` },
  );
  const table = meta.exceptionTable;
  if (table === undefined) items.push({ name: 'exception table', ok: false, detail: `no table "${config.exceptionTable}" in /v1/meta/tables` });
  else {
    const cols = new Set(table.fields.map((c) => c.alias ?? c.id));
    // `date` is the effective-date column every BambooHR table row has.
    const missing = EXCEPTION_COLUMNS.filter((c) => c !== 'date' && !cols.has(c));
    items.push({ name: 'exception table', ok: missing.length === 0, detail: missing.length === 0 ? `"${table.alias}" has its columns` : `"${table.alias}" lacks ${missing.join(', ')}` });
  }
  return items;
};

export const runCheck = async (client: BambooClient, config: BamboohrConfig): Promise<CheckItem[]> => {
  let meta: TenantMeta;
  try {
    meta = await loadTenantMeta(client, config);
  } catch (e) {
    return [{ name: 'API key', ok: false, detail: failed(e) }];
  }
  const items: CheckItem[] = [{ name: 'API key', ok: true, detail: 'accepted; field and table metadata readable' }, ...fieldItems(config, meta)];

  if (meta.eligibility !== undefined) {
    try {
      const lists = await client.listLists();
      const list = lists.find((l) => l.fieldId === meta.eligibility?.id || (l.alias !== undefined && l.alias === meta.eligibility?.alias));
      const live = new Set((list?.options ?? []).filter((o) => o.archived !== 'yes').map((o) => o.name));
      const missing = [config.values.eligible, config.values.notEligible].filter((v) => !live.has(v));
      items.push({ name: 'eligibility options', ok: missing.length === 0, detail: missing.length === 0 ? 'both options exist' : `missing list options: ${missing.join(', ')}` });
    } catch (e) {
      items.push({ name: 'eligibility options', ok: false, detail: failed(e) });
    }
  }

  const keys = [meta.grade, meta.jobFamily, meta.eligibility, meta.reason].flatMap((f) => (f === undefined ? [] : [f.key]));
  let someone: string | undefined;
  try {
    const report = await client.customReport(['status', ...keys]);
    const dropped = droppedKeys(keys, report.fields);
    someone = report.employees.find((e) => (e.status ?? '').toLowerCase() === 'active')?.id;
    items.push({
      name: 'field permissions',
      ok: dropped.length === 0,
      detail: dropped.length === 0 ? `the key's user reads ${report.employees.length} employees and every field` : `the key's user cannot read: ${dropped.join(', ')}`,
    });
  } catch (e) {
    items.push({ name: 'field permissions', ok: false, detail: failed(e) });
  }

  if (someone !== undefined) {
    try {
      const can = await client.canCreateGoals(someone);
      items.push({ name: 'goals', ok: can, detail: can ? 'Goals are enabled and the key may create them' : `the key's user may not create goals (employee ${someone})` });
    } catch (e) {
      const status = isFluencyError(e) ? e.status : undefined;
      items.push({ name: 'goals', ok: false, detail: status === 403 ? 'Goals are not enabled for the company, or the key lacks goal permissions' : failed(e) });
    }
  }
  return items;
};

const naturalOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

export const runDiscover = async (client: BambooClient, config: BamboohrConfig): Promise<Omit<Discovery, 'values'>> => {
  const meta = await loadTenantMeta(client, config);
  const lists = await client.listLists();
  let grades: string[] = [];
  const gradeList = meta.grade === undefined ? undefined : lists.find((l) => l.fieldId === meta.grade?.id);
  if (gradeList !== undefined) grades = gradeList.options.filter((o) => o.archived !== 'yes').map((o) => o.name);
  else if (meta.grade !== undefined) {
    const key = meta.grade.key;
    const report = await client.customReport([key]);
    grades = [...new Set(report.employees.map((e) => e[key] ?? '').filter((v) => v !== ''))].sort(naturalOrder);
  }
  const named = [meta.grade, meta.jobFamily, meta.eligibility, meta.reason];
  const notes = ['grade', 'job family', 'eligibility flag', 'eligibility reason'];
  return {
    grades: grades.map((g) => ({ id: g, name: g, rank: null })),
    gradesOrdered: false,
    // BambooHR goals have no plans or categories.
    goalPlans: [],
    goalCategories: [],
    customFields: [
      ...named.flatMap((f, i) => (f === undefined ? [] : [{ id: f.id, name: f.alias ?? f.name, type: f.type, note: notes[i] ?? '' }])),
      ...(meta.exceptionTable?.fields ?? []).map((c) => ({ id: c.id, name: `${meta.exceptionTable?.alias}.${c.alias ?? c.name}`, type: c.type, note: 'exception table column' })),
    ],
  };
};
