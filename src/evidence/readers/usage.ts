import { rowError } from './csv.js';
import { DayResolver } from '../dates.js';
import type { LineHandler } from './line-splitter.js';
import { ndjsonScan } from './ndjson.js';
import { displayName, type ReaderOptions, type UsageItem } from './reader-options.js';
import { BLANK, newUsageLine, UsageLineParser } from './usage-line.js';
import { collect, type UsageSink } from './usage-sink.js';

/** What each line of `usage.ndjson` does: parsed into the sink, or a row error with its line (blank lines skipped). */
const usageLineHandler = (file: string, zone: string, withTool: boolean, sink: UsageSink): LineHandler => {
  const parser = new UsageLineParser(new DayResolver(zone), withTool);
  const out = newUsageLine();
  return (buf, s, e, line) => {
    const problem = parser.parse(buf, s, e, out);
    if (problem === null) sink.use(out, line);
    else if (problem !== BLANK) sink.error(rowError(file, line, problem));
  };
};

/** Scans the generic `usage.ndjson` (DESIGN §5) into a sink: daily totals (`date`) or single events (`at`). */
export const scanUsage = (
  path: string,
  opts: ReaderOptions & { withTool?: boolean },
  sink: UsageSink,
): AsyncGenerator<number> => {
  const file = displayName(path, opts);
  return ndjsonScan(
    path,
    file,
    usageLineHandler(file, opts.zone ?? 'UTC', opts.withTool ?? false, sink),
    opts.onRawChunk,
  );
};

/**
 * Streams `usage.ndjson`: one record per line (its calendar day in `opts.zone`), or a row error with the line.
 * Memory stays flat: lines are read chunk by chunk and never collected.
 */
export const readUsage = (path: string, opts: ReaderOptions = {}): AsyncGenerator<UsageItem> =>
  collect((sink) => scanUsage(path, { ...opts, withTool: true }, sink));
