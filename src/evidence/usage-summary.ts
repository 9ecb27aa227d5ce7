import type { EvidenceRowError } from '../../schemas/index.js';
import type { ReaderOptions } from './reader-options.js';
import { SubjectInterner } from './subject-interner.js';
import { UsageAggregator, type AggregatorOptions } from './usage-aggregate.js';
import type { UsageLine } from './usage-line.js';
import type { UsageSink } from './usage-sink.js';

/** Use summed per subject per day: what an import stores and the engine evaluates. */
export interface UsageSummary {
  /** Lines (or report rows) that gave use. */
  loaded: number;
  badRows: number;
  /** The first bad rows, in file order, with their lines. */
  errors: EvidenceRowError[];
  /** Distinct subjects seen (with or without an active day). */
  subjects: number;
  /** Threads that parsed the file. */
  threads: number;
  /** Calls `each` for every subject with an active day, days ascending; the views are valid during the call only. */
  forEach(each: (subject: Uint8Array, days: Int32Array, events: Int32Array, minutes: Float64Array) => void): void;
  /** Removes temp files; call once done. */
  dispose(): void;
}

export type UsageScan = (path: string, opts: ReaderOptions, sink: UsageSink) => AsyncGenerator<number>;

/** A sink that names subjects by dense ids and sums their use per day (bounded memory, see UsageAggregator). */
export class AggregatingSink implements UsageSink {
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

/** Summarises a file on this thread with any usage scanner. */
export const summariseOnThisThread = async (path: string, scan: UsageScan, opts: ReaderOptions, aggregator: AggregatorOptions | undefined, keepErrors: number): Promise<UsageSummary> => {
  const sink = new AggregatingSink(aggregator, keepErrors);
  try {
    for await (const _ of scan(path, opts, sink));
  } catch (e) {
    sink.agg.dispose();
    throw e;
  }
  return {
    loaded: sink.loaded,
    badRows: sink.badRows,
    errors: sink.errors,
    subjects: sink.names.size,
    threads: 1,
    forEach: (each) => {
      for (const u of sink.agg.drain()) each(sink.names.bytesOf(u.id), u.days, u.events, u.minutes);
    },
    dispose: () => sink.agg.dispose(),
  };
};
