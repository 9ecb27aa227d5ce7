import { CsvError, parse } from 'csv-parse';
import type { EvidenceRowError } from '../../../schemas/index.js';
import { EvidenceError } from '../../errors.js';
import { excerpt, parserMessage } from '../../state/safe-text.js';
import { openInput, unreadable } from './files.js';
import { CSV_FIELD_CHARS, CSV_HEADER_BYTES, CSV_RECORD_BYTES } from '../limits.js';

export type CsvRow = { line: number; get: (column: string) => string } | { line: number; error: string };

export interface CsvOptions {
  /** The file's name as reports show it. */
  file: string;
  /** Columns that must be in the header (compared without case and surrounding space). */
  required: readonly string[];
  /** Alternative header names, `canonical -> [aliases]` (the M365 report names a column two ways). */
  aliases?: Readonly<Record<string, readonly string[]>>;
  onRawChunk?: (chunk: Buffer) => void;
}

const norm = (s: string): string => s.trim().toLowerCase();

/** What a header looks like: a few short names. Anything else is not quoted back (it may be any file's first line). */
const COLUMN_NAME = /^[\p{L}\p{N} _.\-()/#&:'"]{0,64}$/u;
const describeHeader = (fields: readonly string[]): string =>
  fields.length <= 64 && fields.every((f) => COLUMN_NAME.test(f))
    ? `found ${fields.map((f) => excerpt(f)).join(',')}`
    : `the first line is not a list of column names (${fields.length} field${fields.length === 1 ? '' : 's'}, ` +
      'not shown)';

const kb = (bytes: number): string => (bytes >= 1 << 20 ? `${bytes >> 20} MB` : `${bytes >> 10} KB`);

/**
 * Streams a CSV file with csv-parse: BOM, CRLF, quoted fields with line breaks, gzip. Yields one row per record
 * with the line it starts on (counted from the raw record: csv-parse's own counter counts a CRLF inside quotes
 * twice). A row with bytes that are not UTF-8 (decoded to U+FFFD) is reported, not guessed at.
 * A header without the required columns throws one EvidenceError naming the file and the missing columns.
 */
export async function* readCsv(path: string, opts: CsvOptions): AsyncGenerator<CsvRow & { header: readonly string[] }> {
  const input = await openInput(path, opts.onRawChunk);
  // csv-parse stops at the record limit: a 1 GB line (or a quote left open) is never held whole.
  const parser = input.stream.pipe(
    parse({ bom: true, raw: true, relax_column_count: true, relax_quotes: true, max_record_size: CSV_RECORD_BYTES }),
  );
  input.stream.on('error', (e) => parser.destroy(e));
  let header: string[] | null = null;
  let index = new Map<string, number>();
  let nextLine = 1;
  try {
    for await (const item of parser) {
      const rec: unknown = item;
      if (typeof rec !== 'object' || rec === null || !('record' in rec) || !('raw' in rec)) continue;
      const fields = Array.isArray(rec.record) ? rec.record.map(String) : [];
      const raw = typeof rec.raw === 'string' ? rec.raw : '';
      const line = nextLine;
      // `raw` ends with the record's own line break: only breaks inside the record add lines.
      nextLine += 1 + (raw.replace(/\r?\n$|\r$/, '').match(/\n/g)?.length ?? 0);
      if (fields.length === 0 || (fields.length === 1 && fields[0]?.trim() === '')) continue;
      if (header === null) {
        if (Buffer.byteLength(raw) > CSV_HEADER_BYTES)
          throw new EvidenceError(
            `${opts.file}:${line}: the header is longer than ${kb(CSV_HEADER_BYTES)} (the limit for a CSV header)`,
            { where: `${opts.file}:${line}` },
          );
        header = fields.map(norm);
        index = new Map(header.map((h, i) => [h, i]));
        for (const [canonical, names] of Object.entries(opts.aliases ?? {})) {
          const found = [canonical, ...names].map(norm).find((n) => index.has(n));
          const at = found === undefined ? undefined : index.get(found);
          if (at !== undefined) index.set(norm(canonical), at);
        }
        const missing = opts.required.filter((c) => !index.has(norm(c)));
        if (missing.length > 0)
          throw new EvidenceError(
            `${opts.file}: the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
              `(expected ${opts.required.join(',')}; ${describeHeader(fields)})`,
            { where: `${opts.file}:${line}` },
          );
        continue;
      }
      if (raw.includes('\uFFFD')) {
        yield { line, header, error: 'not valid UTF-8 (save the file as UTF-8)' };
        continue;
      }
      const long = fields.findIndex((f) => f.length > CSV_FIELD_CHARS);
      if (long >= 0) {
        yield {
          line,
          header,
          error:
            `field ${long + 1}${header[long] ? ` (${excerpt(header[long])})` : ''} is longer than ` +
            `${kb(CSV_FIELD_CHARS)} (the limit for a CSV field)`,
        };
        continue;
      }
      const at = index;
      yield { line, header, get: (c: string) => (fields[at.get(norm(c)) ?? -1] ?? '').trim() };
    }
  } catch (e) {
    input.stream.destroy();
    if (e instanceof CsvError && e.code === 'CSV_MAX_RECORD_SIZE')
      throw new EvidenceError(
        `${opts.file}:${nextLine}: the ${header === null ? 'header' : 'record'} starting on line ${nextLine} ` +
          `is longer than ${kb(CSV_RECORD_BYTES)} (the limit for a CSV record; ` +
          'a quote left open makes the rest of the file one record)',
        { where: `${opts.file}:${nextLine}` },
      );
    throw unreadable(opts.file, e);
  }
  if (header === null)
    throw new EvidenceError(`${opts.file}: the file is empty (no header line)`, { where: opts.file });
}

/** A row error: the message with control characters escaped and at most 300 characters (it is stored and shown). */
export const rowError = (file: string, line: number, message: string): EvidenceRowError => ({
  file,
  line,
  message: parserMessage(message, 300),
});
