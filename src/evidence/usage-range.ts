import { createReadStream } from 'node:fs';
import { z } from 'zod';
import type { EvidenceRowError } from '../../schemas/index.js';
import { LineSplitter } from './line-splitter.js';
import { encodeUsageView } from './usage-codec.js';
import { usageLineHandler } from './usage.js';
import { AggregatingSink } from './usage-summary.js';

/** One thread's share of a `usage.ndjson`: bytes `[start, end)`, starting and ending on line boundaries. */
export const rangeJob = z.object({
  path: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  file: z.string(),
  zone: z.string(),
  keepErrors: z.number().int().nonnegative(),
  aggregator: z.object({ partitions: z.number().int().positive().optional(), memoryBudget: z.number().optional() }).optional(),
});
export type RangeJob = z.infer<typeof rangeJob>;

/**
 * A range summed per subject per day. Subjects have ids local to the range (first seen first); `blobOf[id]` is the
 * index of the subject's encoded days (idle days kept) in `blobs`, from `offsets[index]`. Line numbers in
 * `errors` count from the range's first line; `lines` is how many lines the range had.
 */
export interface RangeSummary {
  lines: number;
  loaded: number;
  badRows: number;
  errors: EvidenceRowError[];
  arena: Uint8Array;
  starts: Int32Array;
  hashes: Int32Array;
  blobOf: Int32Array;
  offsets: Int32Array;
  blobs: Uint8Array;
}

/**
 * Encoded blobs appended into one buffer sized up front above what daily use takes (about 3 bytes a day): pages
 * the blobs never reach are never touched, so they cost address space, not memory, and the buffer seldom grows.
 */
class BlobList {
  bytes: Uint8Array;
  offsets: Int32Array;
  count = 0;
  used = 0;

  constructor(records: number, subjects: number) {
    this.bytes = new Uint8Array(Math.min(records * 6 + subjects * 8 + 64, 1 << 30));
    this.offsets = new Int32Array(subjects + 1);
  }

  add(blob: Uint8Array): number {
    if (this.used + blob.length > this.bytes.length) {
      const next = new Uint8Array(Math.max(Math.floor(this.bytes.length * 1.5), this.used + blob.length));
      next.set(this.bytes.subarray(0, this.used));
      this.bytes = next;
    }
    if (this.count + 1 >= this.offsets.length) {
      const next = new Int32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
    this.offsets[this.count] = this.used;
    this.bytes.set(blob, this.used);
    this.used += blob.length;
    return this.count++;
  }
}

export const summariseRange = async (job: RangeJob): Promise<RangeSummary> => {
  const sink = new AggregatingSink(job.aggregator, job.keepErrors);
  try {
    const splitter = new LineSplitter(usageLineHandler(job.file, job.zone, false, sink), job.file, job.start === 0);
    if (job.end > job.start)
      for await (const chunk of createReadStream(job.path, { start: job.start, end: job.end - 1, highWaterMark: 1 << 20 }))
        if (Buffer.isBuffer(chunk)) splitter.push(chunk);
    splitter.end();
    const list = new BlobList(sink.agg.records, sink.names.size);
    const blobOf = new Int32Array(sink.names.size).fill(-1);
    for (const u of sink.agg.drain(true)) blobOf[u.id] = list.add(encodeUsageView(u.days, u.events, u.minutes));
    list.offsets[list.count] = list.used;
    return {
      lines: splitter.lines,
      loaded: sink.loaded,
      badRows: sink.badRows,
      errors: sink.errors,
      ...sink.names.contents(),
      blobOf,
      offsets: list.offsets.subarray(0, list.count + 1),
      blobs: list.bytes.subarray(0, list.used),
    };
  } finally {
    sink.agg.dispose();
  }
};
