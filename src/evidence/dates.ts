import { DateTime } from 'luxon';

/**
 * Calendar days as epoch day numbers (days since 1970-01-01), computed from digits without Date objects: the usage
 * reader converts tens of millions of dates, so this path stays allocation-free.
 */
const MS_PER_DAY = 86_400_000;

const daysInMonth = (y: number, m: number): number => {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
};

/** Days since 1970-01-01 of a proleptic Gregorian date, or -1 when the date is not a real calendar day. */
const epochDayOf = (y: number, m: number, d: number): number => {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1970 || y > 2200) return -1;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

const digit = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : -100_000);

/** Epoch day of `yyyy-mm-dd` written in `bytes` at `at`, or -1. */
export const epochDayOfBytes = (bytes: Uint8Array, at: number): number => {
  if (bytes[at + 4] !== 45 || bytes[at + 7] !== 45) return -1;
  const y = digit(bytes[at] ?? 0) * 1000 + digit(bytes[at + 1] ?? 0) * 100 + digit(bytes[at + 2] ?? 0) * 10 + digit(bytes[at + 3] ?? 0);
  const m = digit(bytes[at + 5] ?? 0) * 10 + digit(bytes[at + 6] ?? 0);
  const d = digit(bytes[at + 8] ?? 0) * 10 + digit(bytes[at + 9] ?? 0);
  return y < 0 || m < 0 || d < 0 ? -1 : epochDayOf(y, m, d);
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a `yyyy-mm-dd` string, or -1. */
export const epochDay = (iso: string): number => {
  const m = ISO_DATE.exec(iso);
  return m ? epochDayOf(Number(m[1]), Number(m[2]), Number(m[3])) : -1;
};

export const isoOfEpochDay = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/;

/**
 * The calendar day a timestamp counts on, in `zone`: with an offset or `Z` it is converted; without one it is
 * already local time, so its date is taken as written; a bare date counts as written. Caches the zone's offset
 * per quarter hour (offsets only change on quarter-hour boundaries), so millions of events need few luxon calls.
 */
export class DayResolver {
  private readonly offsets = new Map<number, number>();

  constructor(readonly zone: string) {}

  /** Epoch day, or -1 when the value is neither a date nor a timestamp. */
  dayOf(value: string): number {
    const bare = epochDay(value);
    if (bare >= 0) return bare;
    const t = TIMESTAMP.exec(value);
    if (!t || t[1] === undefined) return -1;
    if (!HAS_OFFSET.test(value)) return epochDay(t[1]);
    const ms = Date.parse(value.replace(' ', 'T'));
    return Number.isFinite(ms) ? this.dayOfMillis(ms) : -1;
  }

  dayOfMillis(ms: number): number {
    const bucket = Math.floor(ms / 900_000);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      if (this.offsets.size > 200_000) this.offsets.clear();
      offset = DateTime.fromMillis(ms, { zone: this.zone }).offset;
      this.offsets.set(bucket, offset);
    }
    return Math.floor((ms + offset * 60_000) / MS_PER_DAY);
  }

  /** The ISO date of a value (see `dayOf`), or null. */
  isoOf(value: string): string | null {
    const d = this.dayOf(value);
    return d < 0 ? null : isoOfEpochDay(d);
  }
}
