/**
 * What the connector learns about the tenant once per session: the resolved fields and tables the config names.
 */
import type { BambooClient } from './client.js';
import type { BamboohrConfig } from './config.js';
import { columnFor, findTable, resolveField, type ResolvedField } from './fields.js';
import type { WireField, WireTable } from './wire-schemas.js';

export interface TenantMeta {
  fields: WireField[];
  tables: WireTable[];
  grade: ResolvedField | undefined;
  jobFamily: ResolvedField | undefined;
  locale: ResolvedField | undefined;
  eligibility: ResolvedField | undefined;
  reason: ResolvedField | undefined;
  jobInfo: WireTable | undefined;
  exceptionTable: WireTable | undefined;
  /** Columns of jobInfo rows holding the grade and the job family (the grade history). */
  gradeColumn: string | undefined;
  familyColumn: string | undefined;
}

export const loadTenantMeta = async (client: BambooClient, config: BamboohrConfig): Promise<TenantMeta> => {
  const fields = await client.listFields();
  const tables = await client.listTables();
  const grade = resolveField(fields, config.grade.field);
  const jobFamily = config.jobFamily === undefined ? undefined : resolveField(fields, config.jobFamily.field);
  const jobInfo = findTable(tables, 'jobInfo');
  return {
    fields,
    tables,
    grade,
    jobFamily,
    locale: config.locale === undefined ? undefined : resolveField(fields, config.locale.field),
    eligibility: resolveField(fields, config.fields.eligibility),
    reason: resolveField(fields, config.fields.reason),
    jobInfo,
    exceptionTable: findTable(tables, config.exceptionTable),
    gradeColumn: columnFor(jobInfo, grade),
    familyColumn: columnFor(jobInfo, jobFamily),
  };
};

export const describeField = (f: ResolvedField): string =>
  `"${f.name}" (${f.alias ?? 'no alias'}, id ${f.id}, ${f.type})`;
