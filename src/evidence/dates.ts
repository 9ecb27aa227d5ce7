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

/** What the day functions return for a value that is not a date (days before 1970 are negative, so not -1). */
export const NO_DAY = -0x7fffffff;

/** Years a date may have: four digits, as every file and HRIS writes them. */
const FIRST_YEAR = 1000;
const LAST_YEAR = 9999;

/** `9999-12-31` as an end or expiry date means "no end" (what HR systems write for an open-ended record). */
const NO_END = '9999-12-31';

/** An end or expiry date as stored: null for "no end" (`9999-12-31`). */
export const endDate = (iso: string | null): string | null => (iso === NO_END ? null : iso);

/**
 * Days since 1970-01-01 of a proleptic Gregorian date in years 1000-9999 (negative before 1970), or NO_DAY when
 * the date is not a real calendar day in that range.
 */
const epochDayOf = (y: number, m: number, d: number): number => {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < FIRST_YEAR || y > LAST_YEAR) return NO_DAY;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

const digit = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : -100_000);

/**
 * Days usage is kept for (1970-01-01 to 2200-12-31): use is packed as day gaps from a first day that is never
 * negative, and AI-tool use outside these years is a wrong date, refused row by row with this message.
 */
export const USAGE_FIRST_DAY = 0;
export const USAGE_LAST_DAY = 84_370;
export const usageDayProblem = (day: number, what: string): string | null =>
  day >= USAGE_FIRST_DAY && day <= USAGE_LAST_DAY
    ? null
    : `${what} is outside the years usage is kept for (1970-01-01 to 2200-12-31)`;

/** Epoch day of `yyyy-mm-dd` written in `bytes` at `at`, or NO_DAY. */
export const epochDayOfBytes = (bytes: Uint8Array, at: number): number => {
  if (bytes[at + 4] !== 45 || bytes[at + 7] !== 45) return NO_DAY;
  const y =
    digit(bytes[at] ?? 0) * 1000 +
    digit(bytes[at + 1] ?? 0) * 100 +
    digit(bytes[at + 2] ?? 0) * 10 +
    digit(bytes[at + 3] ?? 0);
  const m = digit(bytes[at + 5] ?? 0) * 10 + digit(bytes[at + 6] ?? 0);
  const d = digit(bytes[at + 8] ?? 0) * 10 + digit(bytes[at + 9] ?? 0);
  return y < 0 || m < 0 || d < 0 ? NO_DAY : epochDayOf(y, m, d);
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a `yyyy-mm-dd` string, or NO_DAY. */
export const epochDay = (iso: string): number => {
  const m = ISO_DATE.exec(iso);
  return m ? epochDayOf(Number(m[1]), Number(m[2]), Number(m[3])) : NO_DAY;
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

  /** Epoch day, or NO_DAY when the value is neither a date nor a timestamp (years 1000-9999). */
  dayOf(value: string): number {
    const bare = epochDay(value);
    if (bare !== NO_DAY) return bare;
    const t = TIMESTAMP.exec(value);
    if (!t || t[1] === undefined || epochDay(t[1]) === NO_DAY) return NO_DAY;
    if (!HAS_OFFSET.test(value)) return epochDay(t[1]);
    const ms = Date.parse(value.replace(' ', 'T'));
    return Number.isFinite(ms) ? this.dayOfMillis(ms) : NO_DAY;
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
    return d === NO_DAY ? null : isoOfEpochDay(d);
  }
}
