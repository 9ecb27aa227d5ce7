import type { EvidenceRowError } from '../../../schemas/index.js';
import type { ReaderOptions, UsageLine, UsageSink } from '../readers/index.js';
import { SubjectInterner } from './subject-interner.js';
import { UsageAggregator, type AggregatorOptions } from './aggregate.js';

/** Use summed per subject per day: what an import stores and the engine evaluates. */
export interface UsageSummary {
  /** Lines (or report rows) that gave use. */
  loaded: number;
  badRows: number;
  /** The first bad rows, in file order, with their lines. */
  errors: EvidenceRowError[];
  /** Distinct subjects seen (with or without an active day). */
  subjects: number;
  /** Calls `each` for every subject with an active day, days ascending; the views are valid during the call only. */
  forEach(each: (subject: Uint8Array, days: Int32Array, events: Int32Array, minutes: Float64Array) => void): void;
  /** Removes temp files; call once done. */
  dispose(): void;
}

/** A reader's scanner: reads the file at `path` into the sink, yielding between chunks. */
export type UsageScan = (path: string, opts: ReaderOptions, sink: UsageSink) => AsyncGenerator<number>;

export interface SummariseUsageOptions {
  /** The format's scanner (generic usage NDJSON, Microsoft 365 or GitHub Copilot reports). */
  scan: UsageScan;
  /** Passed to the scanner: the name reports show, the time zone of the days, who sees the stored bytes. */
  reader: ReaderOptions;
  /** How many bad rows to keep with their lines (all are counted). */
  keepErrors: number;
  /** Aggregation tuning for very large files (tests make it spill to temp files). */
  aggregator?: AggregatorOptions;
}

/** A sink that names subjects by dense ids and sums their use per day (bounded memory, see UsageAggregator). */
class AggregatingSink implements UsageSink {
  readonly names = new SubjectInterner();
  readonly agg: UsageAggregator;
  loaded = 0;
  badRows = 0;
  readonly errors: EvidenceRowError[] = [];
  private lastLine = -1;

  constructor(
    aggregator: AggregatorOptions | undefined,
    private readonly keepErrors: number,
  ) {
    this.agg = new UsageAggregator(aggregator);
  }

  use(l: UsageLine, line: number): void {
    const id = l.buf === null ? this.names.idOf(l.subject) : this.names.idOfBytes(l.buf, l.start, l.end, l.hash);
    this.agg.add(id, l.day, l.events, l.minutes);
    // A report row can give several days: it counts once.
    if (line !== this.lastLine) this.loaded++;
    this.lastLine = line;
  }

  error(e: EvidenceRowError): void {
    this.badRows++;
    if (this.errors.length < this.keepErrors) this.errors.push(e);
  }
}

/**
 * Sums a usage file per subject per day, on this thread, in memory bounded by the number of subjects (records
 * spill to temp files past the budget): every bad row counted, the first `keepErrors` kept with their lines.
 */
export const summariseUsage = async (path: string, opts: SummariseUsageOptions): Promise<UsageSummary> => {
  const sink = new AggregatingSink(opts.aggregator, opts.keepErrors);
  try {
    for await (const _ of opts.scan(path, opts.reader, sink));
  } catch (e) {
    sink.agg.dispose();
    throw e;
  }
  return {
    loaded: sink.loaded,
    badRows: sink.badRows,
    errors: sink.errors,
    subjects: sink.names.size,
    forEach: (each) => {
      for (const u of sink.agg.drain()) each(sink.names.bytesOf(u.id), u.days, u.events, u.minutes);
    },
    dispose: () => sink.agg.dispose(),
  };
};
