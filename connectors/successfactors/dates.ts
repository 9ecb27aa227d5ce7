/**
 * SuccessFactors OData v2 date values. Pure, table-tested in tests/connector/successfactors/dates.test.ts.
 * JSON carries `/Date(<ms>)/` or `/Date(<ms>+0000)/`. `Edm.DateTime` is the data centre's local time and
 * `Edm.DateTimeOffset` is UTC (KBA 2933028); effective dates (`startDate`, `effectiveStartDate`) are date-only.
 */
import { DateTime, FixedOffsetZone } from 'luxon';
import { isoDatePart } from '../../schemas/index.js';

const SF_DATE = /^\/Date\((-?\d+)(?:([+-])(\d{4}))?\)\/$/;

export type EdmKind = 'DateTime' | 'DateTimeOffset';

/**
 * Reads a wire value into a luxon DateTime. For `DateTime` the milliseconds are the wall clock of the data centre
 * (the server writes local time as if it were UTC); for `DateTimeOffset` they are an instant, with an optional
 * offset in minutes written as `+hhmm`.
 */
export const parseSfDate = (value: string, kind: EdmKind, dataCentreZone: string): DateTime | null => {
  const m = SF_DATE.exec(value.trim());
  if (!m) return null;
  const ms = Number(m[1]);
  if (!Number.isSafeInteger(ms)) return null;
  if (kind === 'DateTime') {
    const wall = DateTime.fromMillis(ms, { zone: 'UTC' });
    return DateTime.fromObject(
      {
        year: wall.year,
        month: wall.month,
        day: wall.day,
        hour: wall.hour,
        minute: wall.minute,
        second: wall.second,
        millisecond: wall.millisecond,
      },
      { zone: dataCentreZone },
    );
  }
  const sign = m[2] === '-' ? -1 : 1;
  const hhmm = m[3] ?? '0000';
  const offsetMinutes = sign * (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(2)));
  const instant = DateTime.fromMillis(ms, { zone: 'UTC' });
  return offsetMinutes === 0 ? instant : instant.setZone(FixedOffsetZone.instance(offsetMinutes));
};

/** The calendar date of an effective date (`startDate`, `due`, `cust_promotionDate`): the wall clock's day. */
export const sfDateToIsoDate = (value: string): string | null => {
  const m = SF_DATE.exec(value.trim());
  if (!m) return null;
  const d = DateTime.fromMillis(Number(m[1]), { zone: 'UTC' });
  // Years outside 1000-9999 (a corrupt or hostile value) are no date, as the canonical model has none.
  return d.isValid ? isoDatePart(d.toISODate()) : null;
};

/** A calendar date as written in a payload: UTC midnight milliseconds, never local midnight (KBA 3020341). */
export const isoDateToSf = (isoDate: string): string => {
  const d = DateTime.fromISO(isoDate, { zone: 'UTC' });
  if (!d.isValid) throw new RangeError(`not a date: ${isoDate}`);
  return `/Date(${d.toMillis()})/`;
};

/** A `$filter` literal for an `Edm.DateTime` property: the data centre's wall clock, no zone suffix. */
export const dateTimeLiteral = (at: DateTime, dataCentreZone: string): string =>
  `datetime'${at.setZone(dataCentreZone).toFormat("yyyy-MM-dd'T'HH:mm:ss")}'`;

/** A `$filter` literal for an `Edm.DateTimeOffset` property: UTC with `Z`. */
export const dateTimeOffsetLiteral = (at: DateTime): string =>
  `datetimeoffset'${at.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'")}'`;
