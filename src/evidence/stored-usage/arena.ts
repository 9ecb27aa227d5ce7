import { clipUsage, decodeUsage, mergeUsage, type UsageArrays } from './codec.js';

const PAGE = 8 << 20;

/**
 * Every matched employee's stored use blobs, copied into 8 MB pages with a linked list per employee (most have
 * one blob, some several sources): 1.6 million employees x 28 days take about 150 MB, never copied to grow, and
 * an employee's arrays are decoded only when the engine asks for them.
 */
export class UsageArena {
  private readonly pages: Uint8Array[] = [];
  private used = PAGE;
  private readonly head: Int32Array;
  private next = new Int32Array(1 << 12);
  private page = new Int32Array(1 << 12);
  private start = new Int32Array(1 << 12);
  private blobs = 0;
  bytes = 0;

  constructor(employees: number) {
    this.head = new Int32Array(employees).fill(-1);
  }

  /** Adds one stored blob (copied: the pack it comes from is released). */
  add(employee: number, data: Uint8Array): void {
    let current = this.pages[this.pages.length - 1];
    if (current === undefined || this.used + data.length > current.length) {
      current = new Uint8Array(Math.max(PAGE, data.length));
      this.pages.push(current);
      this.used = 0;
    }
    if (this.blobs === this.next.length) {
      this.next = grow(this.next);
      this.page = grow(this.page);
      this.start = grow(this.start);
    }
    current.set(data, this.used);
    this.page[this.blobs] = this.pages.length - 1;
    this.start[this.blobs] = this.used;
    this.next[this.blobs] = this.head[employee] ?? -1;
    this.head[employee] = this.blobs;
    this.blobs++;
    this.used += data.length;
    this.bytes += data.length;
  }

  has(employee: number): boolean {
    return (this.head[employee] ?? -1) >= 0;
  }

  /** The employee's use, sources merged, days after `lastDay` left out. */
  usageOf(employee: number, lastDay: number): UsageArrays {
    const parts: UsageArrays[] = [];
    for (let b = this.head[employee] ?? -1; b >= 0; b = this.next[b] ?? -1) {
      const page = this.pages[this.page[b] ?? 0];
      if (page !== undefined) parts.push(decodeUsage(page, this.start[b] ?? 0));
    }
    if (parts.length === 0) return { days: new Int32Array(0), events: new Int32Array(0), minutes: new Float64Array(0) };
    return clipUsage(mergeUsage(parts), -Infinity, lastDay);
  }
}

const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
};
