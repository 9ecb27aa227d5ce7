/**
 * Is the tenant set up for what the config names? One finding per field and table, each naming the config path
 * and what to change. Pure: `check` shows every finding, `resolveValues` stops a plan on the ones writes need.
 */
import type { BamboohrConfig } from './config.js';
import type { ResolvedField } from './fields.js';
import { closest, didYouMean } from './suggest.js';
import { describeField, type TenantMeta } from './tenant.js';

export interface SetupFinding {
  /** The check item's name (`eligibility field`). */
  name: string;
  ok: boolean;
  detail: string;
  /** The config path to change. */
  where: string;
  /** True when writes depend on it (a plan stops on it before any write). */
  forWrites: boolean;
}

const DOCS = 'docs/connectors/bamboohr.md';

/** Columns of the exception table and the field types each may have; `date` is on every BambooHR table row. */
const EXCEPTION_COLUMN_TYPES: Readonly<Record<string, readonly string[]>> = {
  customPromotionFrom: ['text', 'textarea', 'list'],
  customPromotionTo: ['text', 'textarea', 'list'],
  customNote: ['textarea', 'text'],
};

interface FieldSpec {
  name: string;
  ref: string;
  where: string;
  field: ResolvedField | undefined;
  /** Allowed types, or null for any; `role` says what it is for. */
  types: readonly string[] | null;
  role: string;
  forWrites: boolean;
}

const fieldFinding = (meta: TenantMeta, s: FieldSpec): SetupFinding => {
  const base = { name: s.name, where: s.where, forWrites: s.forWrites };
  const f = s.field;
  if (f === undefined) {
    const live = meta.fields.filter((x) => x.deprecated !== true);
    const known = live.flatMap((x) => (x.alias === undefined ? [x.name] : [x.alias, x.name]));
    return {
      ...base,
      ok: false,
      detail:
        `${s.where}: no field "${s.ref}" in /v1/meta/fields.${didYouMean(s.ref, known)} ` +
        `Set ${s.where} to the alias, name or id of ${s.role}, or create the field (${DOCS}).`,
    };
  }
  if (s.types !== null && !s.types.includes(f.type))
    return {
      ...base,
      ok: false,
      detail:
        `${s.where}: ${describeField(f)} is a ${f.type} field; ${s.role} must be a ${s.types.join(' or ')} field. ` +
        `Set ${s.where} to such a field, or change the field's type in BambooHR.`,
    };
  return { ...base, ok: true, detail: describeField(f) };
};

const tableFinding = (config: BamboohrConfig, meta: TenantMeta, where: string): SetupFinding => {
  const base = { name: 'exception table', where, forWrites: true };
  const table = meta.exceptionTable;
  if (table === undefined) {
    const known = meta.tables.map((t) => t.alias);
    return {
      ...base,
      ok: false,
      detail:
        `${where}: no table "${config.exceptionTable}" in /v1/meta/tables.` +
        `${didYouMean(config.exceptionTable, known)} Set ${where} to the custom table's alias, or create the table ` +
        `with columns ${Object.keys(EXCEPTION_COLUMN_TYPES).join(', ')} (${DOCS}).`,
    };
  }
  const problems: string[] = [];
  for (const [column, types] of Object.entries(EXCEPTION_COLUMN_TYPES)) {
    const col = table.fields.find((c) => c.alias === column);
    if (col === undefined) {
      const names = table.fields.flatMap((c) => (c.alias === undefined ? [c.name] : [c.alias, c.name]));
      const hint = closest(column, names);
      problems.push(hint === undefined ? `no column "${column}"` : `no column "${column}" (did you mean "${hint}"?)`);
    } else if (!types.includes(col.type))
      problems.push(`column "${column}" is a ${col.type} field, not ${types.join(' or ')}`);
  }
  if (problems.length === 0) return { ...base, ok: true, detail: `"${table.alias}" has its columns` };
  return {
    ...base,
    ok: false,
    detail:
      `${where}: table "${table.alias}" has ${problems.join('; ')}. ` +
      `Add or change the columns in BambooHR (${DOCS}).`,
  };
};

/** Every finding about fields and tables, in the order `check` lists them. */
export const setupFindings = (config: BamboohrConfig, configPath: string, meta: TenantMeta): SetupFinding[] => {
  const findings = [
    fieldFinding(meta, {
      name: 'grade field',
      ref: config.grade.field,
      where: `${configPath}.grade.field`,
      field: meta.grade,
      types: null,
      role: 'the grade field',
      forWrites: false,
    }),
  ];
  if (config.jobFamily !== undefined)
    findings.push(
      fieldFinding(meta, {
        name: 'job family field',
        ref: config.jobFamily.field,
        where: `${configPath}.jobFamily.field`,
        field: meta.jobFamily,
        types: null,
        role: 'the job family field',
        forWrites: false,
      }),
    );
  if (config.locale !== undefined)
    findings.push(
      fieldFinding(meta, {
        name: 'language field',
        ref: config.locale.field,
        where: `${configPath}.locale.field`,
        field: meta.locale,
        types: null,
        role: "the employee's language (goal text)",
        forWrites: false,
      }),
    );
  findings.push(
    fieldFinding(meta, {
      name: 'eligibility field',
      ref: config.fields.eligibility,
      where: `${configPath}.fields.eligibility`,
      field: meta.eligibility,
      types: ['list'],
      role: 'the eligibility flag',
      forWrites: true,
    }),
    fieldFinding(meta, {
      name: 'eligibility reason field',
      ref: config.fields.reason,
      where: `${configPath}.fields.reason`,
      field: meta.reason,
      types: ['textarea', 'text'],
      role: 'the eligibility reason',
      forWrites: true,
    }),
  );
  if (meta.grade !== undefined)
    findings.push(
      meta.gradeColumn === undefined
        ? {
            name: 'grade history',
            ok: false,
            where: `${configPath}.grade.field`,
            forWrites: false,
            detail:
              `${configPath}.grade.field: ${describeField(meta.grade)} is not a column of the jobInfo table, ` +
              'so there is no grade history and no promotion can be seen. ' +
              'Use the grade field that jobInfo rows carry (jobLevel on most accounts).',
          }
        : {
            name: 'grade history',
            ok: true,
            where: `${configPath}.grade.field`,
            forWrites: false,
            detail: `jobInfo rows carry "${meta.gradeColumn}"`,
          },
    );
  findings.push(tableFinding(config, meta, `${configPath}.exceptionTable`));
  return findings;
};
