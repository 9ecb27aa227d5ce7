import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isIsoDate, isoDate } from '../../../schemas/common.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Every month and day number 0 to 32 of years around the leap-year rules' edges, as `yyyy-mm-dd`. */
const candidates = (): string[] => {
  const out: string[] = [];
  for (const year of [999, 1000, 1600, 1900, 2000, 2023, 2024, 2100, 2400, 9999])
    for (let month = 0; month <= 13; month++)
      for (let day = 0; day <= 32; day++) out.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
  return out;
};

/** The rule as Luxon states it: the shape, a real day of its calendar, a year from 1000. */
const byLuxon = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid && !s.startsWith('0');

describe('isIsoDate', () => {
  it('accepts exactly the days Luxon accepts, leap years included', () => {
    const all = candidates();
    const disagree = all.filter((s) => isIsoDate(s) !== byLuxon(s));
    expect(disagree).toEqual([]);
    // Both answers occur, so the comparison proves something either way.
    expect(all.filter((s) => isIsoDate(s)).length).toBeGreaterThan(3000);
    expect(all.filter((s) => !isIsoDate(s)).length).toBeGreaterThan(1000);
  });

  it('agrees with the isoDate schema', () => {
    for (const s of [...candidates(), '2024-1-01', '2024-01-01T00:00:00Z', ' 2024-01-01', '2024/01/01', ''])
      expect(isIsoDate(s), s).toBe(isoDate.safeParse(s).success);
  });

  it('refuses text that is not a date', () => {
    for (const s of ['2024-1-01', '2024-01-01T00:00:00Z', '２０２４-01-01', '2024-01-01\n', 'abcd-ef-gh'])
      expect(isIsoDate(s), s).toBe(false);
  });
});
