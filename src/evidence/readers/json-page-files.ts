/**
 * The reading both paged JSON readers (GitHub seats, Microsoft Graph reports) share: each file whole, its pages and
 * records in order, with unreadable files and breaks in the JSON reported as row errors.
 */
import type { z } from 'zod';
import { rowError } from './csv.js';
import { jsonPages, type PageEvent } from './json-pages.js';
import type { ReaderOptions } from './reader-options.js';
import { readText, type UsageInput } from './usage-inputs.js';
import type { UsageSink } from './usage-sink.js';

/**
 * The pages and records of the files, with the file each stands in; `ev` is null once a readable file is done (the
 * readers report progress there). A file that is not UTF-8 is one error and yields nothing.
 */
export const pageFileEvents = async function* (
  inputs: readonly UsageInput[],
  arrayKey: string,
  opts: ReaderOptions,
  sink: UsageSink,
): AsyncGenerator<{ file: string; ev: Exclude<PageEvent, { kind: 'error' }> | null }> {
  for (const input of inputs) {
    const { file } = input;
    const read = await readText(input, opts.onRawChunk);
    if ('error' in read) {
      sink.error(rowError(file, 1, read.error));
      continue;
    }
    for (const ev of jsonPages(read.text, arrayKey)) {
      if (ev.kind === 'error') sink.error(rowError(file, ev.line, ev.message));
      else yield { file, ev };
    }
    yield { file, ev: null };
  }
};

/** Where a record stands, for messages: `seats[3]`, or `page 2, seats[3]` past the first page. */
export const recordPlace = (arrayKey: string, page: number, index: number): string =>
  `${page > 1 ? `page ${page}, ` : ''}${arrayKey}[${index}]`;

/** The first problem zod found in a record, as `path: message` (`what` names a record without a path). */
export const firstIssue = (error: z.ZodError, what: string): string => {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || what}: ${issue?.message ?? 'invalid'}`;
};
