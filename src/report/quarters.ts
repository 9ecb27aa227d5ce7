import { DateTime } from 'luxon';

/** `2027-03-31` -> `2027-Q1`. */
export const quarterOf = (isoDate: string): string => {
  const d = DateTime.fromISO(isoDate, { zone: 'UTC' });
  if (!d.isValid) throw new RangeError(`not a date: ${isoDate}`);
  return `${d.year}-Q${d.quarter}`;
};

const parse = (q: string): { year: number; quarter: number } => {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  if (!m) throw new RangeError(`not a quarter: ${q}`);
  return { year: Number(m[1]), quarter: Number(m[2]) };
};

/** A quarter moved by `n` quarters (negative: back in time). */
export const shiftQuarter = (q: string, n: number): string => {
  const { year, quarter } = parse(q);
  const index = year * 4 + (quarter - 1) + n;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
};
