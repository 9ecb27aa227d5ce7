/**
 * Resolving the fields and tables the config names (alias, display name or numeric id) against BambooHR's
 * metadata. Pure. The id is the stable key (names are editable); requests use the alias when there is one
 * and the numeric id otherwise (many custom fields have no alias).
 */
import type { WireField, WireTable } from './wire-schemas.js';

export interface ResolvedField {
  id: string;
  name: string;
  type: string;
  alias: string | null;
  /** What goes in a report's `fields` and an update's keys. */
  key: string;
}

const toResolved = (f: WireField): ResolvedField => ({
  id: f.id,
  name: f.name,
  type: f.type,
  alias: f.alias ?? null,
  key: f.alias ?? f.id,
});

export const resolveField = (fields: readonly WireField[], ref: string): ResolvedField | undefined => {
  const live = fields.filter((f) => f.deprecated !== true);
  const lower = ref.toLowerCase();
  const hit =
    live.find((f) => f.alias === ref) ??
    live.find((f) => f.id === ref) ??
    live.find((f) => f.alias?.toLowerCase() === lower) ??
    live.find((f) => f.name.toLowerCase() === lower);
  return hit === undefined ? undefined : toResolved(hit);
};

export const findTable = (tables: readonly WireTable[], alias: string): WireTable | undefined =>
  tables.find((t) => t.alias === alias) ?? tables.find((t) => t.alias.toLowerCase() === alias.toLowerCase());

/** The column of `table` that carries `field` (same id or alias), e.g. jobLevel on jobInfo rows. */
export const columnFor = (table: WireTable | undefined, field: ResolvedField | undefined): string | undefined => {
  if (table === undefined || field === undefined) return undefined;
  const col = table.fields.find((c) => c.id === field.id || (field.alias !== null && c.alias === field.alias));
  return col === undefined ? undefined : (col.alias ?? col.id);
};

/** Standard fields every read asks for (aliases from /v1/meta/fields). */
export const STANDARD_REPORT_FIELDS = [
  'employeeNumber',
  'firstName',
  'lastName',
  'workEmail',
  'department',
  'division',
  'location',
  'jobTitle',
  'supervisorEId',
  'status',
  'employmentHistoryStatus',
  'hireDate',
  'terminationDate',
] as const;

/** Report keys the response's `fields` array left out: BambooHR drops unknown or unreadable fields with a 200. */
export const droppedKeys = (requested: readonly string[], returned: readonly { id: string }[]): string[] => {
  const got = new Set(returned.map((f) => f.id));
  return requested.filter((k) => !got.has(k));
};
