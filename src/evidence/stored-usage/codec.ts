/**
 * The stored form of one subject's use from one source: a varint-packed blob (`n`, first day, day gaps, events,
 * then minutes as varints when all are whole, else float64). 28 days of daily use take about 90 bytes.
 */
export interface UsageArrays {
  days: Int32Array;
  events: Int32Array;
  minutes: Float64Array;
}

class Writer {
  buf = new Uint8Array(256);
  n = 0;
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
  varint(value: number): void {
    this.room(10);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.n++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.n++] = v;
  }
  float(value: number): void {
    this.room(8);
    new DataView(this.buf.buffer, this.buf.byteOffset).setFloat64(this.n, value, true);
    this.n += 8;
  }
}

/**
 * Encodes summaries into one buffer of its own that it reuses (1.6 million subjects, no garbage per subject): the
 * view `encode` returns is valid until its next call. One encoder per writer of blobs, never shared.
 */
export class UsageEncoder {
  private readonly w = new Writer();

  encode(days: Int32Array, events: Int32Array, minutes: Float64Array): Uint8Array {
    const w = this.w;
    w.n = 0;
    const n = days.length;
    w.varint(n);
    let whole = true;
    for (let i = 0; i < n; i++) {
      w.varint(i === 0 ? (days[0] ?? 0) : (days[i] ?? 0) - (days[i - 1] ?? 0));
      const m = minutes[i] ?? 0;
      if (!Number.isInteger(m) || m > Number.MAX_SAFE_INTEGER) whole = false;
    }
    for (let i = 0; i < n; i++) w.varint(events[i] ?? 0);
    w.varint(whole ? 0 : 1);
    for (let i = 0; i < n; i++) {
      if (whole) w.varint(minutes[i] ?? 0);
      else w.float(minutes[i] ?? 0);
    }
    return w.buf.subarray(0, w.n);
  }
}

/** Decodes a blob (or a slice of an arena) into fresh arrays. */
export const decodeUsage = (buf: Uint8Array, start = 0): UsageArrays => {
  const cur = { at: start };
  const n = readVarint(buf, cur);
  // One backing store for the three arrays: small typed arrays each cost an allocation the GC must track.
  const store = new ArrayBuffer(n * 16);
  const minutes = new Float64Array(store, 0, n);
  const days = new Int32Array(store, n * 8, n);
  const events = new Int32Array(store, n * 12, n);
  let d = 0;
  for (let i = 0; i < n; i++) days[i] = d = i === 0 ? readVarint(buf, cur) : d + readVarint(buf, cur);
  for (let i = 0; i < n; i++) events[i] = readVarint(buf, cur);
  const whole = readVarint(buf, cur) === 0;
  if (whole) for (let i = 0; i < n; i++) minutes[i] = readVarint(buf, cur);
  else {
    const view = new DataView(buf.buffer, buf.byteOffset);
    for (let i = 0; i < n; i++) {
      minutes[i] = view.getFloat64(cur.at, true);
      cur.at += 8;
    }
  }
  return { days, events, minutes };
};

const readVarint = (buf: Uint8Array, cur: { at: number }): number => {
  let v = 0;
  let mul = 1;
  for (;;) {
    const b = buf[cur.at++] ?? 0;
    v += (b & 0x7f) * mul;
    if (b < 0x80) return v;
    mul *= 0x80;
  }
};

/** Merges several sources' use of one employee: a day active in any of them, events and minutes summed. */
export const mergeUsage = (parts: readonly UsageArrays[]): UsageArrays => {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const byDay = new Map<number, [number, number]>();
  for (const p of parts)
    for (let i = 0; i < p.days.length; i++) {
      const d = p.days[i] ?? 0;
      const cur = byDay.get(d) ?? [0, 0];
      byDay.set(d, [Math.min(2_147_483_647, cur[0] + (p.events[i] ?? 0)), cur[1] + (p.minutes[i] ?? 0)]);
    }
  const days = Int32Array.from([...byDay.keys()].sort((a, b) => a - b));
  const events = new Int32Array(days.length);
  const minutes = new Float64Array(days.length);
  days.forEach((d, i) => {
    const v = byDay.get(d);
    events[i] = v?.[0] ?? 0;
    minutes[i] = v?.[1] ?? 0;
  });
  return { days, events, minutes };
};

/** Keeps only the days in [from, to]. */
export const clipUsage = (u: UsageArrays, from: number, to: number): UsageArrays => {
  let lo = 0;
  while (lo < u.days.length && (u.days[lo] ?? 0) < from) lo++;
  let hi = u.days.length;
  while (hi > lo && (u.days[hi - 1] ?? 0) > to) hi--;
  if (lo === 0 && hi === u.days.length) return u;
  return { days: u.days.slice(lo, hi), events: u.events.slice(lo, hi), minutes: u.minutes.slice(lo, hi) };
};
