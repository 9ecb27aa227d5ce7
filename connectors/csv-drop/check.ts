/**
 * `check` and `discover`: every export found, readable, signed and with the columns the config names (with a
 * did-you-mean for a misspelt one), the outbox writable, and what the HRIS has not imported or refused.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckItem, Discovery, TenantValueChoice, ValueMeaning } from '../../src/connector.js';
import type { CsvDropConfig } from './config.js';
import { filesIn, outboxNamePattern } from './folder.js';
import { dropFolders } from './outbox.js';
import { missingColumns, readDrop, readExport, type DropContext } from './read.js';
import { toError } from './to-error.js';

const COLUMN_SETS = { employees: 'employees', jobHistory: 'jobHistory', goals: 'goals', notes: 'notes' } as const;

const message = (e: unknown, ctx: DropContext, where: string): string =>
  toError(e, { connector: ctx.config.id, where }).message;

const exportItem = async (ctx: DropContext, which: keyof typeof COLUMN_SETS): Promise<CheckItem | null> => {
  const name = `exports.${which}`;
  try {
    const read = await readExport(ctx, which);
    if (read === null) return null;
    const missing = missingColumns(read.table.header, ctx.config.columns[COLUMN_SETS[which]]);
    const path = `${ctx.configPath}.columns.${which}`;
    if (missing.length > 0)
      return { name, ok: false, detail: `${read.shown} lacks ${missing.join(', ')} (set ${path})` };
    return { name, ok: true, detail: `${read.shown}: ${read.table.rows.length} rows, every configured column present` };
  } catch (e) {
    return { name, ok: false, detail: message(e, ctx, `${ctx.configPath}.${name}`) };
  }
};

/** Writes and removes a probe file: the only proof that this user may write where the HRIS looks. */
const outboxItem = async (ctx: DropContext): Promise<CheckItem> => {
  const { config } = ctx;
  const f = dropFolders(config, ctx.baseDir);
  const probe = join(f.outbox, `.fluencyflow-probe-${config.id}.tmp`);
  try {
    await writeFile(probe, '');
    await rm(probe);
  } catch (e) {
    return { name: 'outbox', ok: false, detail: message(e, ctx, config.outbox) };
  }
  const ours = outboxNamePattern(config.fileName, config.id);
  const pending = (await filesIn(f.outbox)).filter((n) => ours.test(n)).length;
  const refused = (await filesIn(f.rejected)).filter((n) => ours.test(n)).length;
  const said = `${config.outbox} is writable; ${pending} file(s) waiting for the HRIS's import`;
  return {
    name: 'outbox',
    ok: true,
    detail:
      refused === 0
        ? said
        : `${said}; ${refused} refused by the HRIS (see ${config.rejected ?? `${config.outbox}/rejected`})`,
  };
};

export const runCheck = async (ctx: DropContext): Promise<CheckItem[]> => {
  const items: CheckItem[] = [];
  if (ctx.config.signature !== undefined) {
    try {
      await ctx.key();
      items.push({ name: 'signing key', ok: true, detail: 'resolved' });
    } catch (e) {
      return [{ name: 'signing key', ok: false, detail: message(e, ctx, `${ctx.configPath}.signature.key`) }];
    }
  }
  for (const which of ['employees', 'jobHistory', 'goals', 'notes'] as const) {
    const item = await exportItem(ctx, which);
    if (item !== null) items.push(item);
  }
  items.push(await outboxItem(ctx));
  return items;
};

/** The values written: the HRIS offers no list to read them from, so they are the config's (DESIGN §9 `unchecked`). */
export const valueChoices = (config: CsvDropConfig, configPath: string): TenantValueChoice[] => {
  const v = config.values;
  const one = (list: string, meaning: ValueMeaning, key: keyof CsvDropConfig['values']): TenantValueChoice => ({
    list,
    meaning,
    value: v[key],
    label: null,
    source: 'unchecked',
    configPath: `${configPath}.values.${key}`,
    from: 'the config (a CSV import has no list to read)',
  });
  return [
    one('eligibility', 'eligible', 'eligible'),
    one('eligibility', 'not-eligible', 'notEligible'),
    one('goal status', 'on-track', 'onTrack'),
    one('goal status', 'behind', 'behind'),
    one('goal status', 'achieved', 'achieved'),
  ];
};

const naturalOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

export const runDiscover = async (ctx: DropContext, asOf: string): Promise<Discovery> => {
  const { employees } = await readDrop(ctx, asOf);
  const distinct = (values: (string | null)[]): string[] =>
    [...new Set(values.flatMap((v) => (v === null ? [] : [v])))].sort(naturalOrder);
  const grades = distinct(employees.flatMap((e) => [e.grade, ...e.jobHistory.map((h) => h.grade)]));
  const c = ctx.config.columns.employees;
  return {
    grades: grades.map((g) => ({ id: g, name: g, rank: null })),
    gradesOrdered: false,
    goalPlans: [],
    goalCategories: [],
    customFields: [
      { id: c.eligibility, name: c.eligibility, type: 'text', note: 'eligibility flag (employees export column)' },
      { id: c.reason, name: c.reason, type: 'text', note: 'eligibility reason (employees export column)' },
    ],
    jobFamilies: distinct(employees.map((e) => e.jobFamily)),
    values: valueChoices(ctx.config, ctx.configPath),
  };
};
