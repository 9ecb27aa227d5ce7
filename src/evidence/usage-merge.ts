const INT32_MAX = 2_147_483_647;

/** Where the last `varintAt` stopped (module state, so reading a blob allocates nothing). */
let pos = 0;
const varintAt = (buf: Uint8Array, at: number): number => {
  let v = 0;
  let mul = 1;
  let i = at;
  for (;;) {
    const b = buf[i++] ?? 0;
    v += (b & 0x7f) * mul;
    if (b < 0x80) break;
    mul *= 0x80;
  }
  pos = i;
  return v;
};

const grownI32 = (a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> => (a.length >= n ? a : new Int32Array(Math.max(n, a.length * 2)));
const grownF64 = (a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> => (a.length >= n ? a : new Float64Array(Math.max(n, a.length * 2)));

/**
 * Sums one subject's use from several parts of a file (each an encoded blob, see usage-codec.ts, days ascending)
 * into reused arrays: equal days add up in the order the parts are given (file order), then days whose events
 * sum to 0 are dropped, as a one-thread summary drops them.
 */
export class DayMerger {
  days = new Int32Array(64);
  events = new Int32Array(64);
  minutes = new Float64Array(64);
  n = 0;
  private inDays = new Int32Array(64);
  private inEvents = new Int32Array(64);
  private inMinutes = new Float64Array(64);
  private outDays = new Int32Array(64);
  private outEvents = new Int32Array(64);
  private outMinutes = new Float64Array(64);

  reset(): void {
    this.n = 0;
  }

  /** Adds the blob at `buf[start]`; `view` is a DataView over the same bytes (for float minutes). */
  add(buf: Uint8Array, view: DataView, start: number): void {
    const k = varintAt(buf, start);
    this.inDays = grownI32(this.inDays, k);
    this.inEvents = grownI32(this.inEvents, k);
    this.inMinutes = grownF64(this.inMinutes, k);
    const { inDays, inEvents, inMinutes } = this;
    let d = 0;
    for (let i = 0; i < k; i++) inDays[i] = d = i === 0 ? varintAt(buf, pos) : d + varintAt(buf, pos);
    for (let i = 0; i < k; i++) inEvents[i] = varintAt(buf, pos);
    if (varintAt(buf, pos) === 0) for (let i = 0; i < k; i++) inMinutes[i] = varintAt(buf, pos);
    else
      for (let i = 0; i < k; i++) {
        inMinutes[i] = view.getFloat64(pos, true);
        pos += 8;
      }
    if (this.n === 0) {
      this.days = grownI32(this.days, k);
      this.events = grownI32(this.events, k);
      this.minutes = grownF64(this.minutes, k);
      this.days.set(inDays.subarray(0, k));
      this.events.set(inEvents.subarray(0, k));
      this.minutes.set(inMinutes.subarray(0, k));
      this.n = k;
      return;
    }
    this.mergeIn(k);
  }

  private mergeIn(k: number): void {
    const cap = this.n + k;
    this.outDays = grownI32(this.outDays, cap);
    this.outEvents = grownI32(this.outEvents, cap);
    this.outMinutes = grownF64(this.outMinutes, cap);
    const { days, events, minutes, inDays, inEvents, inMinutes, outDays, outEvents, outMinutes } = this;
    let a = 0;
    let b = 0;
    let m = 0;
    while (a < this.n || b < k) {
      const da = a < this.n ? (days[a] ?? 0) : Infinity;
      const db = b < k ? (inDays[b] ?? 0) : Infinity;
      if (da === db) {
        outDays[m] = da;
        outEvents[m] = Math.min(INT32_MAX, (events[a] ?? 0) + (inEvents[b] ?? 0));
        outMinutes[m++] = (minutes[a++] ?? 0) + (inMinutes[b++] ?? 0);
      } else if (da < db) {
        outDays[m] = da;
        outEvents[m] = events[a] ?? 0;
        outMinutes[m++] = minutes[a++] ?? 0;
      } else {
        outDays[m] = db;
        outEvents[m] = inEvents[b] ?? 0;
        outMinutes[m++] = inMinutes[b++] ?? 0;
      }
    }
    [this.days, this.outDays] = [outDays, days];
    [this.events, this.outEvents] = [outEvents, events];
    [this.minutes, this.outMinutes] = [outMinutes, minutes];
    this.n = m;
  }

  /** Drops the days whose events sum to 0 (not active days); returns how many remain. */
  dropIdle(): number {
    const { days, events, minutes } = this;
    let w = 0;
    for (let j = 0; j < this.n; j++) {
      if ((events[j] ?? 0) === 0) continue;
      days[w] = days[j] ?? 0;
      events[w] = events[j] ?? 0;
      minutes[w++] = minutes[j] ?? 0;
    }
    this.n = w;
    return w;
  }
}
