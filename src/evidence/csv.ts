import { parse } from 'csv-parse';
import type { EvidenceRowError } from '../../schemas/index.js';
import { EvidenceError } from '../errors.js';
import { openInput, unreadable } from './files.js';

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

/**
 * Streams a CSV file with csv-parse: BOM, CRLF, quoted fields with line breaks, gzip. Yields one row per record
 * with the line it starts on (counted from the raw record: csv-parse's own counter counts a CRLF inside quotes
 * twice). A row with bytes that are not UTF-8 (decoded to U+FFFD) is reported, not guessed at.
 * A header without the required columns throws one EvidenceError naming the file and the missing columns.
 */
export async function* readCsv(path: string, opts: CsvOptions): AsyncGenerator<CsvRow & { header: readonly string[] }> {
  const input = await openInput(path, opts.onRawChunk);
  const parser = input.stream.pipe(parse({ bom: true, raw: true, relax_column_count: true, relax_quotes: true }));
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
            `${opts.file}: the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${opts.required.join(',')}; found ${fields.join(',')})`,
            { where: `${opts.file}:${line}` },
          );
        continue;
      }
      if (raw.includes('\uFFFD')) {
        yield { line, header, error: 'not valid UTF-8 (save the file as UTF-8)' };
        continue;
      }
      const at = index;
      yield { line, header, get: (c: string) => (fields[at.get(norm(c)) ?? -1] ?? '').trim() };
    }
  } catch (e) {
    throw unreadable(opts.file, e);
  }
  if (header === null) throw new EvidenceError(`${opts.file}: the file is empty (no header line)`, { where: opts.file });
}

export const rowError = (file: string, line: number, message: string): EvidenceRowError => ({ file, line, message });
