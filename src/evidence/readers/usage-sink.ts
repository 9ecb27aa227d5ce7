import type { EvidenceRowError, UsageDay } from '../../../schemas/index.js';
import { isoOfEpochDay } from '../dates.js';
import type { ReadItem } from './reader-options.js';
import { subjectOf, type UsageLine } from './usage-line.js';

/** Where the usage scanners put what they read: one call per line (or per day of a report row). */
export interface UsageSink {
  use(l: UsageLine, line: number): void;
  error(e: EvidenceRowError): void;
}

/** A sink that keeps records as the public readers yield them, drained after each chunk. */
class CollectingSink implements UsageSink {
  pending: ReadItem<UsageDay>[] = [];

  use(l: UsageLine): void {
    this.pending.push({
      record: {
        employee: subjectOf(l),
        date: isoOfEpochDay(l.day),
        tool: l.tool,
        events: l.events,
        minutesSaved: l.minutes,
      },
    });
  }

  error(error: EvidenceRowError): void {
    this.pending.push({ error });
  }

  *drain(): Generator<ReadItem<UsageDay>> {
    const items = this.pending;
    this.pending = [];
    yield* items;
  }
}

/** Runs a scanner into a collecting sink: the streaming reader shape (`{record} | {error}`). */
export async function* collect(scan: (sink: UsageSink) => AsyncGenerator<unknown>): AsyncGenerator<ReadItem<UsageDay>> {
  const sink = new CollectingSink();
  for await (const _ of scan(sink)) yield* sink.drain();
  yield* sink.drain();
}
