/**
 * CSV text in and out (RFC 4180, csv-parse and csv-stringify). Pure. Cells a spreadsheet would run as a formula are
 * written with a leading `'` (OWASP CSV injection advice, as the project's other CSV outputs do) and read back
 * without it, so a reason starting with `-` survives the round trip through the HRIS.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** A data row with the line it starts on and its cells by header name (header names as written). */
export interface CsvRow {
  line: number;
  cells: ReadonlyMap<string, string>;
  /** Set when the row cannot be read as a record of this header (wrong number of fields). */
  problem?: string;
}

export interface CsvTable {
  header: readonly string[];
  rows: CsvRow[];
}

const ESCAPED_FORMULA = /^'[=+\-@\t\r]/;

/** A cell as the HRIS holds it: the `'` that defused a formula taken off. */
const unescaped = (cell: string): string => (ESCAPED_FORMULA.test(cell) ? cell.slice(1) : cell);

const fieldsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => String(v)) : []);

/** Parses a whole file. Throws csv-parse's error (with its line) when the text is not CSV at all. */
export const parseCsv = (text: string, delimiter: string): CsvTable => {
  const records: unknown[] = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    delimiter,
    skip_empty_lines: true,
  });
  let header: string[] | null = null;
  const rows: CsvRow[] = [];
  for (const item of records) {
    if (typeof item !== 'object' || item === null || !('record' in item) || !('info' in item)) continue;
    const fields = fieldsOf(item.record);
    const info = item.info;
    const endLine =
      typeof info === 'object' && info !== null && 'lines' in info && typeof info.lines === 'number' ? info.lines : 0;
    // csv-parse counts the line a record ends on; breaks inside quoted fields move its start up.
    const line = endLine - fields.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    if (header === null) {
      header = fields.map((f) => f.trim());
      continue;
    }
    const cells = new Map(header.map((h, i) => [h, unescaped(fields[i] ?? '')]));
    const problem =
      fields.length === header.length ? undefined : `${fields.length} fields where the header has ${header.length}`;
    rows.push({ line, cells, ...(problem === undefined ? {} : { problem }) });
  }
  return { header: header ?? [], rows };
};

/** Rows to CSV text: header first, LF line ends, every line ended (a file without its last break is cut short). */
export const toCsvText = (header: readonly string[], rows: readonly (readonly string[])[], delimiter = ','): string =>
  stringify([[...header], ...rows.map((r) => [...r])], { escape_formulas: true, delimiter, record_delimiter: 'unix' });
