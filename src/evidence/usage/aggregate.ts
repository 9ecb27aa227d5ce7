import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One subject's use, one entry per day with at least one event, days ascending. Views valid until the next one. */
export interface SubjectUsage {
  /** The subject's id (from the SubjectInterner that fed `add`). */
  id: number;
  days: Int32Array;
  events: Int32Array;
  minutes: Float64Array;
}

/** How many partitions records are spread over (also the order `drain` yields subjects in). */
const DEFAULT_PARTITIONS = 64;
const CHUNK = 4096;
const RECORD_BYTES = 20;
const INT32_MAX = 2_147_483_647;

/** A block of records as columns in one ArrayBuffer, so a full block is written to disk in one call. */
class Chunk {
  readonly bytes = new Uint8Array(CHUNK * RECORD_BYTES);
  readonly minutes = new Float64Array(this.bytes.buffer, 0, CHUNK);
  readonly subject = new Int32Array(this.bytes.buffer, CHUNK * 8, CHUNK);
  readonly day = new Int32Array(this.bytes.buffer, CHUNK * 12, CHUNK);
  readonly events = new Int32Array(this.bytes.buffer, CHUNK * 16, CHUNK);
  n = 0;
}

interface Partition {
  current: Chunk;
  full: Chunk[];
  /** Full chunks already written to this partition's spill file. */
  spilled: number;
  fd: number | null;
}

export interface AggregatorOptions {
  partitions?: number;
  /** Bytes of full chunks kept in memory before they are written to temp files. */
  memoryBudget?: number;
}

/**
 * Sums use per subject per day with memory bounded by the number of subjects, not of events: records go to one
 * of P partitions by subject; when the partitions' blocks pass the memory budget they are appended to temp files
 * (OS temp dir, removed by `dispose`). `drain` then aggregates one partition at a time (a counting sort by
 * subject, then by day), so a day-ordered export of 45 million lines never sits in memory at once.
 */
export class UsageAggregator {
  private subjectCount = 0;
  private readonly parts: Partition[];
  private readonly budget: number;
  private held = 0;
  private dir: string | null = null;
  /** Blocks already written out, reused: 45 million records would otherwise churn through gigabytes of them. */
  private spare: Chunk[] = [];
  /** Drain's columns, grown once and reused for every partition. */
  private scratch = {
    sub: new Int32Array(0),
    day: new Int32Array(0),
    ev: new Int32Array(0),
    min: new Float64Array(0),
    order: new Int32Array(0),
  };

  constructor(opts: AggregatorOptions = {}) {
    const p = opts.partitions ?? DEFAULT_PARTITIONS;
    this.budget = opts.memoryBudget ?? 64 << 20;
    this.parts = Array.from({ length: p }, () => ({ current: new Chunk(), full: [], spilled: 0, fd: null }));
  }

  /** Adds one day's use of subject `id` (dense ids from 0). */
  add(id: number, day: number, events: number, minutes: number): void {
    if (id >= this.subjectCount) this.subjectCount = id + 1;
    const part = this.parts[id % this.parts.length];
    if (part === undefined) return;
    let c = part.current;
    if (c.n === CHUNK) {
      part.full.push(c);
      this.held += CHUNK * RECORD_BYTES;
      c = part.current = this.fresh();
      if (this.held > this.budget) this.spill();
    }
    const i = c.n++;
    c.subject[i] = id;
    c.day[i] = day;
    c.events[i] = events;
    c.minutes[i] = minutes;
  }

  private fresh(): Chunk {
    const c = this.spare.pop() ?? new Chunk();
    c.n = 0;
    return c;
  }

  private spill(): void {
    this.dir ??= mkdtempSync(join(tmpdir(), 'fluencyflow-usage-'));
    for (const [i, part] of this.parts.entries()) {
      if (part.full.length === 0) continue;
      part.fd ??= openSync(join(this.dir, `p${i}`), 'w+');
      for (const c of part.full) writeSync(part.fd, c.bytes);
      this.spare.push(...part.full);
      part.spilled += part.full.length;
      part.full = [];
    }
    this.held = 0;
  }

  /** Every subject's days with at least one event, partition by partition. */
  *drain(): Generator<SubjectUsage> {
    const P = this.parts.length;
    for (const [p, part] of this.parts.entries()) {
      const n = (part.spilled + part.full.length) * CHUNK + part.current.n;
      if (n === 0) continue;
      const s = this.scratch;
      if (s.sub.length < n) {
        const cap = Math.max(n, Math.floor(s.sub.length * 1.25));
        this.scratch = {
          sub: new Int32Array(cap),
          day: new Int32Array(cap),
          ev: new Int32Array(cap),
          min: new Float64Array(cap),
          order: new Int32Array(cap),
        };
      }
      const { order } = this.scratch;
      const sub = this.scratch.sub.subarray(0, n);
      const day = this.scratch.day.subarray(0, n);
      const ev = this.scratch.ev.subarray(0, n);
      const min = this.scratch.min.subarray(0, n);
      let at = 0;
      const take = (c: Chunk, count: number) => {
        sub.set(c.subject.subarray(0, count), at);
        day.set(c.day.subarray(0, count), at);
        ev.set(c.events.subarray(0, count), at);
        min.set(c.minutes.subarray(0, count), at);
        at += count;
      };
      if (part.fd !== null) {
        const block = new Chunk();
        for (let k = 0; k < part.spilled; k++) {
          readSync(part.fd, block.bytes, 0, block.bytes.length, k * block.bytes.length);
          take(block, CHUNK);
        }
        closeSync(part.fd);
        part.fd = null;
      }
      for (const c of part.full) take(c, CHUNK);
      take(part.current, part.current.n);
      this.spare.push(...part.full, part.current);
      part.full = [];
      part.current = this.fresh();
      yield* this.aggregate(p, P, sub, day, ev, min, order);
    }
  }

  private *aggregate(
    p: number,
    P: number,
    sub: Int32Array,
    day: Int32Array,
    ev: Int32Array,
    min: Float64Array,
    order: Int32Array,
  ): Generator<SubjectUsage> {
    const locals = Math.ceil((this.subjectCount - p) / P);
    const start = new Int32Array(locals + 1);
    for (let i = 0; i < sub.length; i++) start[((sub[i] ?? 0) - p) / P + 1]++;
    for (let l = 0; l < locals; l++) start[l + 1] = (start[l + 1] ?? 0) + (start[l] ?? 0);
    const fill = start.slice(0, locals);
    for (let i = 0; i < sub.length; i++) {
      const l = ((sub[i] ?? 0) - p) / P;
      order[fill[l] ?? 0] = i;
      fill[l] = (fill[l] ?? 0) + 1;
    }
    let cap = 64;
    let keys = new Float64Array(cap);
    let days = new Int32Array(cap);
    let events = new Int32Array(cap);
    let minutes = new Float64Array(cap);
    for (let l = 0; l < locals; l++) {
      const from = start[l] ?? 0;
      const k = (start[l + 1] ?? 0) - from;
      if (k === 0) continue;
      if (k > cap) {
        cap = Math.max(k, cap * 2);
        keys = new Float64Array(cap);
        days = new Int32Array(cap);
        events = new Int32Array(cap);
        minutes = new Float64Array(cap);
      }
      // Sort this subject's records by day (stable by arrival; usually they arrive in order), then merge equal days.
      let inOrder = true;
      for (let j = 0; j < k; j++) {
        keys[j] = (day[order[from + j] ?? 0] ?? 0) * 16_777_216 + j;
        if (j > 0 && (keys[j] ?? 0) < (keys[j - 1] ?? 0)) inOrder = false;
      }
      const sorted = inOrder ? keys : keys.subarray(0, k).sort();
      let m = 0;
      for (let j = 0; j < k; j++) {
        const key = sorted[j] ?? 0;
        const d = Math.floor(key / 16_777_216);
        const r = order[from + (key - d * 16_777_216)] ?? 0;
        if (m > 0 && days[m - 1] === d) {
          events[m - 1] = Math.min(INT32_MAX, (events[m - 1] ?? 0) + (ev[r] ?? 0));
          minutes[m - 1] = (minutes[m - 1] ?? 0) + (min[r] ?? 0);
        } else {
          days[m] = d;
          events[m] = ev[r] ?? 0;
          minutes[m] = min[r] ?? 0;
          m++;
        }
      }
      // A day whose events sum to 0 is not an active day.
      let w = 0;
      for (let j = 0; j < m; j++) {
        if ((events[j] ?? 0) === 0) continue;
        days[w] = days[j] ?? 0;
        events[w] = events[j] ?? 0;
        minutes[w] = minutes[j] ?? 0;
        w++;
      }
      if (w === 0) continue;
      yield {
        id: l * P + p,
        days: days.subarray(0, w),
        events: events.subarray(0, w),
        minutes: minutes.subarray(0, w),
      };
    }
  }

  /** Closes and removes the temp files. */
  dispose(): void {
    for (const part of this.parts) {
      if (part.fd !== null) closeSync(part.fd);
      part.fd = null;
    }
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
