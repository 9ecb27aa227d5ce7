import { DateTime } from 'luxon';

/**
 * Calendar days as integers (days since 1970-01-01). Dates in evidence and in the HRIS are calendar dates in the
 * cycle's zone already, so a date string maps to its day number with no zone arithmetic; timestamps are turned into
 * calendar dates at the edge (src/evidence) with luxon and the cycle's zone.
 */
const MS_PER_DAY = 86_400_000;

export const dayNumber = (isoDate: string): number => {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  const d = Number(isoDate.slice(8, 10));
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
};

export const isoFromDayNumber = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** Index of the first element >= value in an ascending array. */
export const lowerBound = (sorted: ArrayLike<number>, value: number): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** The `windowDays` calendar days ending on `endDay`, endDay included. */
export const windowRange = (endDay: number, windowDays: number): { from: number; to: number } => ({
  from: endDay - windowDays + 1,
  to: endDay,
});

/** Months between two ISO dates (whole and fractional, 30.44-day months), never negative. */
export const monthsBetween = (fromIso: string, toIso: string): number =>
  Math.max(0, (dayNumber(toIso) - dayNumber(fromIso)) / 30.4375);

/**
 * The calendar day (in `zone`) a timestamp falls on. A timestamp with an offset or `Z` is converted; a bare
 * date is that calendar day as written. Returns null for an unreadable value.
 */
export const calendarDayOf = (value: string, zone: string): string | null => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = DateTime.fromISO(value, { setZone: true });
  if (!t.isValid) return null;
  return t.setZone(zone).toISODate();
};
