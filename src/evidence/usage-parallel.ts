import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
import { z } from 'zod';
import { evidenceRowError, type EvidenceRowError } from '../../schemas/index.js';
import type { ReaderOptions } from './reader-options.js';
import { SubjectInterner } from './subject-interner.js';
import { DEFAULT_PARTITIONS, type AggregatorOptions } from './usage-aggregate.js';
import { DayMerger } from './usage-merge.js';
import type { RangeJob, RangeSummary } from './usage-range.js';
import { summariseOnThisThread, type UsageSummary } from './usage-summary.js';
import { scanUsage } from './usage.js';

export interface ParallelOptions {
  /** Threads that parse (default: the cores, at most 4); 1 parses on this thread. */
  threads?: number;
  /** Smaller files are parsed on this thread (starting workers costs more than it saves). Default 32 MB. */
  minBytes?: number;
}

export interface SummariseUsageOptions {
  file: string;
  zone: string;
  keepErrors: number;
  aggregator?: AggregatorOptions;
  parallel?: ParallelOptions;
  /** Sees the stored bytes (for a content hash): forces one thread, which reads the file in order. */
  onRawChunk?: ReaderOptions['onRawChunk'];
}

const DEFAULT_MIN_BYTES = 32 << 20;
// Records held in memory before they spill to temp files, shared by the workers (memory, not speed, is tight).
const RECORD_BUDGET = 64 << 20;

// A worker runs this (plain JavaScript), then the worker module: through tsx when the sources are TypeScript.
const BOOT = `
const { workerData, parentPort } = require('node:worker_threads');
const load = workerData.tsx === null ? import(workerData.entry) : import(workerData.tsx).then((t) => t.tsImport(workerData.entry, workerData.entry));
load.then((m) => m.runUsageWorker()).catch((e) => parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) }));
`;

const fromSources = import.meta.url.endsWith('.ts');
const workerEntry = new URL(fromSources ? './usage-worker.ts' : './usage-worker.js', import.meta.url).href;

const reply = z.union([
  z.object({
    result: z.object({
      lines: z.number(),
      loaded: z.number(),
      badRows: z.number(),
      errors: z.array(evidenceRowError),
      arena: z.instanceof(Uint8Array),
      starts: z.instanceof(Int32Array),
      hashes: z.instanceof(Int32Array),
      blobOf: z.instanceof(Int32Array),
      offsets: z.instanceof(Int32Array),
      blobs: z.instanceof(Uint8Array),
    }),
  }),
  z.object({ error: z.string() }),
]);

const runInWorker = (job: RangeJob, tsx: string | null, started: Worker[]): Promise<RangeSummary> =>
  new Promise((resolvePromise, reject) => {
    // A small young generation: a worker allocates few objects, and every megabyte counts toward the 1 GB goal.
    const worker = new Worker(BOOT, { eval: true, workerData: { entry: workerEntry, tsx, job }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    started.push(worker);
    let settled = false;
    worker.once('message', (m: unknown) => {
      settled = true;
      const r = reply.safeParse(m);
      if (!r.success) reject(new Error('usage worker sent an unexpected reply'));
      else if ('error' in r.data) reject(new Error(r.data.error));
      else resolvePromise(r.data.result);
      void worker.terminate();
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`usage worker exited with code ${code}`));
    });
  });

/**
 * Byte offsets that cut a plain file into `parts` ranges at line starts, or null when it cannot be split: gzip
 * (a deflate stream is read from its start), UTF-16 (refused by the one-thread reader), not a file, too small.
 */
const splitAtLines = async (path: string, parts: number, minBytes: number): Promise<number[] | null> => {
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile() || info.size < Math.max(minBytes, parts) || path.toLowerCase().endsWith('.gz')) return null;
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 << 10);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    const [a, b] = buf;
    if (bytesRead >= 2 && ((a === 0x1f && b === 0x8b) || (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff))) return null;
    const bounds = [0];
    for (let k = 1; k < parts; k++) {
      // The first line that starts at or after the k-th share: just past a newline at or after share - 1.
      let at = Math.max(Math.floor((info.size * k) / parts) - 1, bounds[bounds.length - 1] ?? 0);
      let cut = info.size;
      for (;;) {
        const r = await fh.read(buf, 0, buf.length, at);
        const nl = buf.subarray(0, r.bytesRead).indexOf(10);
        if (nl >= 0) {
          cut = at + nl + 1;
          break;
        }
        if (r.bytesRead < buf.length) break;
        at += r.bytesRead;
      }
      bounds.push(cut);
    }
    bounds.push(info.size);
    return bounds;
  } finally {
    await fh.close();
  }
};

/**
 * Frees the ranges' buffers now rather than at some later garbage collection: at scale they are a few hundred
 * megabytes, and the engine's load allocates as much again right after an import. Transferring them into a
 * channel that is closed detaches them here and drops their memory with the channel's queue.
 */
const release = (parts: readonly RangeSummary[]): void => {
  const buffers = new Set<ArrayBuffer>();
  for (const r of parts) for (const a of [r.arena, r.starts, r.hashes, r.blobOf, r.offsets, r.blobs]) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(null, [...buffers]);
  port1.close();
  port2.close();
};

/** Puts the ranges' summaries together: subjects renumbered in file order, days summed in file order. */
const mergeRanges = (ranges: readonly RangeSummary[], keepErrors: number, partitions: number): UsageSummary => {
  let parts = ranges;
  // Sized for the sum of the ranges' subjects (an upper bound): growing would leave freed blocks the allocator keeps.
  const names = new SubjectInterner({ subjects: parts.reduce((n, r) => n + r.hashes.length, 0), bytes: parts.reduce((n, r) => n + r.arena.length, 0) });
  const local = parts.map((r) => {
    const global = new Int32Array(r.hashes.length);
    for (let l = 0; l < r.hashes.length; l++) global[l] = names.idOfBytes(r.arena, r.starts[l] ?? 0, r.starts[l + 1] ?? 0, r.hashes[l] ?? 0);
    return global;
  });
  const subjects = names.size;
  const refs = parts.map((r, w) => {
    const ref = new Int32Array(subjects).fill(-1);
    const global = local[w] ?? new Int32Array(0);
    for (let l = 0; l < r.blobOf.length; l++) if ((r.blobOf[l] ?? -1) >= 0) ref[global[l] ?? 0] = r.blobOf[l] ?? -1;
    return ref;
  });
  const errors: EvidenceRowError[] = [];
  let before = 0;
  for (const r of parts) {
    for (const e of r.errors) if (errors.length < keepErrors) errors.push({ ...e, line: e.line + before });
    before += r.lines;
  }
  const views = parts.map((r) => new DataView(r.blobs.buffer, r.blobs.byteOffset, r.blobs.byteLength));
  return {
    loaded: parts.reduce((n, r) => n + r.loaded, 0),
    badRows: parts.reduce((n, r) => n + r.badRows, 0),
    errors,
    subjects,
    threads: parts.length,
    forEach: (each) => {
      const m = new DayMerger();
      // The order a one-thread summary yields subjects in (by partition, then id), so stored packs match.
      for (let p = 0; p < partitions; p++)
        for (let g = p; g < subjects; g += partitions) {
          m.reset();
          for (let w = 0; w < parts.length; w++) {
            const r = parts[w];
            const k = refs[w]?.[g] ?? -1;
            const view = views[w];
            if (r !== undefined && k >= 0 && view !== undefined) m.add(r.blobs, view, r.offsets[k] ?? 0);
          }
          const n = m.dropIdle();
          if (n > 0) each(names.bytesOf(g), m.days.subarray(0, n), m.events.subarray(0, n), m.minutes.subarray(0, n));
        }
    },
    dispose: () => {
      release(parts);
      parts = [];
      views.length = 0;
      refs.length = 0;
    },
  };
};

/**
 * Summarises a `usage.ndjson`: a large plain file is cut at line boundaries and parsed on several threads, each
 * summing its range per subject per day, then merged; gzip, small files and a failed worker take one thread
 * (which reports a bad file exactly as it always has). Either way the result is the same.
 */
export const summariseUsageFile = async (path: string, opts: SummariseUsageOptions): Promise<UsageSummary> => {
  const single = () => summariseOnThisThread(path, scanUsage, { file: opts.file, zone: opts.zone, onRawChunk: opts.onRawChunk }, opts.aggregator, opts.keepErrors);
  const threads = opts.parallel?.threads ?? Math.min(availableParallelism(), 4);
  if (threads < 2 || opts.onRawChunk !== undefined) return single();
  const bounds = await splitAtLines(path, threads, opts.parallel?.minBytes ?? DEFAULT_MIN_BYTES);
  if (bounds === null) return single();
  const tsx = fromSources ? import.meta.resolve('tsx/esm/api') : null;
  const aggregator = { partitions: opts.aggregator?.partitions, memoryBudget: opts.aggregator?.memoryBudget ?? Math.max(16 << 20, RECORD_BUDGET / threads) };
  const jobs = bounds.slice(1).map((end, i): RangeJob => ({ path, start: bounds[i] ?? 0, end, file: opts.file, zone: opts.zone, keepErrors: opts.keepErrors, aggregator }));
  let parts: RangeSummary[];
  const workers: Worker[] = [];
  try {
    parts = await Promise.all(jobs.map((j) => runInWorker(j, tsx, workers)));
  } catch {
    // Whatever went wrong (an unreadable file, a line over 64 MB, a worker that could not start), one thread
    // reads the file again and reports it with the right line numbers.
    await Promise.all(workers.map((w) => w.terminate()));
    return single();
  }
  return mergeRanges(parts, opts.keepErrors, opts.aggregator?.partitions ?? DEFAULT_PARTITIONS);
};
