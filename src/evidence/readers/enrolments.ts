import { excerpt } from '../../state/safe-text.js';
import { readCsv, rowError } from './csv.js';
import { DayResolver } from '../dates.js';
import { displayName, type EnrolmentItem, type ReaderOptions } from './reader-options.js';

const ENROLMENT_COLUMNS = ['employee', 'level', 'programme', 'enrolled_on'] as const;

/** Streams `enrolments.csv` (DESIGN §5). The level is checked against the ladder when evidence is loaded. */
export async function* readEnrolments(path: string, opts: ReaderOptions = {}): AsyncGenerator<EnrolmentItem> {
  const file = displayName(path, opts);
  const days = new DayResolver(opts.zone ?? 'UTC');
  for await (const row of readCsv(path, { file, required: ENROLMENT_COLUMNS, onRawChunk: opts.onRawChunk })) {
    if ('error' in row) {
      yield { error: rowError(file, row.line, row.error) };
      continue;
    }
    const employee = row.get('employee');
    const level = row.get('level');
    const enrolledOn = days.isoOf(row.get('enrolled_on'));
    if (employee === '') yield { error: rowError(file, row.line, 'employee is empty') };
    else if (level === '') yield { error: rowError(file, row.line, 'level is empty') };
    else if (enrolledOn === null)
      yield {
        error: rowError(file, row.line, `enrolled_on ${excerpt(row.get('enrolled_on'))} is not a date (yyyy-mm-dd)`),
      };
    else
      yield { record: { employee, level, programme: row.get('programme'), enrolledOn, source: `${file}:${row.line}` } };
  }
}
