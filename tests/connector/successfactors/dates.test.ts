import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  dateTimeLiteral,
  dateTimeOffsetLiteral,
  isoDateToSf,
  parseSfDate,
  sfDateToIsoDate,
} from '../../../connectors/successfactors/dates.js';
import { inFilter, literal, queryString, dedupeBy } from '../../../connectors/successfactors/odata.js';

describe('SuccessFactors /Date(ms)/ values', () => {
  it.each([
    ['DateTimeOffset, no offset', '/Date(1671507776000)/', 'DateTimeOffset', 'UTC', '2022-12-20T03:42:56.000Z'],
    [
      'DateTimeOffset, +0000',
      '/Date(1671507776000+0000)/',
      'DateTimeOffset',
      'Europe/Berlin',
      '2022-12-20T03:42:56.000Z',
    ],
    [
      'DateTimeOffset, +0130 keeps the instant',
      '/Date(1671507776000+0130)/',
      'DateTimeOffset',
      'UTC',
      '2022-12-20T05:12:56.000+01:30',
    ],
    [
      'DateTime is the data centre wall clock',
      '/Date(1671507776000)/',
      'DateTime',
      'America/New_York',
      '2022-12-20T03:42:56.000-05:00',
    ],
    [
      'DateTime in a summer zone',
      '/Date(1688169600000)/',
      'DateTime',
      'Europe/Berlin',
      '2023-07-01T00:00:00.000+02:00',
    ],
    ['negative ms (before 1970)', '/Date(-86400000)/', 'DateTimeOffset', 'UTC', '1969-12-31T00:00:00.000Z'],
  ] as const)('%s', (_name, wire, kind, zone, iso) => {
    expect(parseSfDate(wire, kind, zone)?.toISO()).toBe(iso);
  });

  it.each(['2022-12-20', '/Date(abc)/', 'Date(1)', '/Date(1)'])('rejects %s', (wire) => {
    expect(parseSfDate(wire, 'DateTimeOffset', 'UTC')).toBeNull();
    expect(sfDateToIsoDate(wire)).toBeNull();
  });

  it.each([
    ['/Date(1704067200000)/', '2024-01-01'],
    ['/Date(253402214400000)/', '9999-12-31'],
    ['/Date(1709251200000+0000)/', '2024-03-01'],
  ])('the calendar day of %s is %s', (wire, day) => {
    expect(sfDateToIsoDate(wire)).toBe(day);
  });

  it('writes dates as UTC midnight and reads them back as the same day', () => {
    expect(isoDateToSf('2024-02-29')).toBe('/Date(1709164800000)/');
    expect(sfDateToIsoDate(isoDateToSf('2027-12-31'))).toBe('2027-12-31');
    expect(() => isoDateToSf('2024-02-30')).toThrow(RangeError);
  });

  it('filter literals: DateTime in the data centre zone, DateTimeOffset in UTC with Z', () => {
    const at = DateTime.fromISO('2021-01-05T15:16:23Z', { zone: 'UTC' });
    expect(dateTimeOffsetLiteral(at)).toBe("datetimeoffset'2021-01-05T15:16:23Z'");
    expect(dateTimeLiteral(at, 'America/New_York')).toBe("datetime'2021-01-05T10:16:23'");
    expect(dateTimeLiteral(at, 'UTC')).toBe("datetime'2021-01-05T15:16:23'");
  });
});

describe('OData query helpers', () => {
  it('quotes literals and builds in-filters', () => {
    expect(literal("O'Brien")).toBe("'O''Brien'");
    expect(inFilter('userId', ['a'])).toBe("userId eq 'a'");
    expect(inFilter('userId', ['a', "b'c"])).toBe("userId in 'a','b''c'");
    expect(() => inFilter('userId', [])).toThrow(RangeError);
  });

  it('encodes spaces as %20, never +', () => {
    const q = queryString({ select: ['a', 'b'], filter: "x eq 'y z'", pageSize: 10 });
    expect(q).toBe("?$format=json&$select=a%2Cb&$filter=x%20eq%20'y%20z'&customPageSize=10");
  });

  it('de-duplicates rows by key across calls', () => {
    const seen = new Set<string>();
    expect(dedupeBy([{ k: 1 }, { k: 2 }, { k: 1 }], (r) => String(r.k), seen)).toEqual([{ k: 1 }, { k: 2 }]);
    expect(dedupeBy([{ k: 2 }, { k: 3 }], (r) => String(r.k), seen)).toEqual([{ k: 3 }]);
  });
});
