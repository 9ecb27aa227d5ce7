import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../../src/core/policy.js';
import {
  credentialValidOn,
  levelEvidenceOn,
  levelHeld,
  missingFor,
  useInWindow,
} from '../../../src/core/evidence-rules.js';
import { calendarDayOf, dayNumber } from '../../../src/core/days.js';
import { makeConfig } from '../../helpers/config.js';
import { cert, datesEnding, evidenceOf } from '../../helpers/evidence.js';

const policy = buildPolicy(makeConfig());
const D = '2027-03-31';

describe('credential validity (issued_on <= D <= expires_on)', () => {
  it.each([
    ['issued on D', cert('aws', 'ai-practitioner', D), true],
    ['issued the day after D', cert('aws', 'ai-practitioner', '2027-04-01'), false],
    ['expires on D (still counts)', cert('aws', 'ai-practitioner', '2026-01-01', D), true],
    ['expired the day before D', cert('aws', 'ai-practitioner', '2026-01-01', '2027-03-30'), false],
    ['no expiry', cert('aws', 'ai-practitioner', '2020-01-01', null), true],
    ['revoked', { ...cert('aws', 'ai-practitioner', '2020-01-01'), revoked: true }, false],
  ])('%s', (_n, c, valid) => {
    expect(credentialValidOn(c, dayNumber(D))).toBe(valid);
  });
});

describe('use window: windowDays calendar days ending on D, D included', () => {
  it('counts D and the 27 days before it, not the 28th day back', () => {
    const ev = evidenceOf({ activeDates: ['2027-03-04', '2027-03-03', D] });
    // 2027-03-04 is D-27 (inside); 2027-03-03 is D-28 (outside).
    expect(useInWindow(ev.usage, dayNumber(D), 28).activeDays).toBe(2);
  });
  it('a day with events: 0 is not active', () => {
    const ev = evidenceOf({ activeDates: [D], zeroEventDates: ['2027-03-30'] });
    expect(useInWindow(ev.usage, dayNumber(D), 28).activeDays).toBe(1);
  });
  it('a use event at 23:30 local on the last day of the window counts on that day (New York), not the next UTC day', () => {
    // 23:30 in New York on 2027-03-31 is 03:30Z on 2027-04-01.
    expect(calendarDayOf('2027-04-01T03:30:00Z', 'America/New_York')).toBe('2027-03-31');
    expect(calendarDayOf('2027-03-31T23:30:00-04:00', 'America/New_York')).toBe('2027-03-31');
    // The same instant is already 2027-04-01 in Tokyo.
    expect(calendarDayOf('2027-04-01T03:30:00Z', 'Asia/Tokyo')).toBe('2027-04-01');
    // A bare date counts as the calendar day written.
    expect(calendarDayOf('2027-03-31', 'Asia/Tokyo')).toBe('2027-03-31');
    expect(calendarDayOf('not a date', 'UTC')).toBeNull();
  });
});

describe('level held', () => {
  it.each([
    ['nothing', evidenceOf({}), null],
    [
      'foundational credential with 4 active days',
      evidenceOf({ certs: [cert('internal', 'ai-foundations', '2026-01-01')], activeDates: datesEnding(D, 4) }),
      'foundational',
    ],
    [
      'foundational credential with 3 active days: not held',
      evidenceOf({ certs: [cert('internal', 'ai-foundations', '2026-01-01')], activeDates: datesEnding(D, 3) }),
      null,
    ],
    [
      'practitioner credential + 8 days, no foundational credential (levels are independent)',
      evidenceOf({ certs: [cert('google', 'ai-essentials', '2026-01-01')], activeDates: datesEnding(D, 8) }),
      'practitioner',
    ],
    [
      'alias display name counts',
      evidenceOf({
        certs: [cert('AWS', 'AWS Certified AI Practitioner', '2026-01-01')],
        activeDates: datesEnding(D, 8),
      }),
      'practitioner',
    ],
    [
      'credential ids compared without case',
      evidenceOf({ certs: [cert('Google', 'AI-Essentials', '2026-01-01')], activeDates: datesEnding(D, 8) }),
      'practitioner',
    ],
    [
      'expert credential with 10 days: practitioner? no credential -> foundational? no credential -> none',
      evidenceOf({ certs: [cert('internal', 'ai-expert-review', '2026-01-01')], activeDates: datesEnding(D, 10) }),
      null,
    ],
    [
      'expired practitioner credential',
      evidenceOf({
        certs: [cert('aws', 'ai-practitioner', '2025-01-01', '2027-03-30')],
        activeDates: datesEnding(D, 20),
      }),
      null,
    ],
  ])('%s', (_n, ev, expected) => {
    expect(levelHeld(levelEvidenceOn(policy, ev, dayNumber(D)))).toBe(expected);
  });

  it('names what is missing', () => {
    const ev = evidenceOf({ certs: [cert('aws', 'ai-practitioner', '2026-01-01')], activeDates: datesEnding(D, 2) });
    const practitioner = levelEvidenceOn(policy, ev, dayNumber(D))[1];
    expect(practitioner && missingFor(practitioner)).toBe(
      'practitioner credential but 2 active days of AI use in 28, 8 required',
    );
    const none = levelEvidenceOn(policy, evidenceOf({}), dayNumber(D))[1];
    expect(none && missingFor(none)).toBe('no practitioner credential and 0 active days of AI use in 28, 8 required');
    const credOnly = levelEvidenceOn(policy, evidenceOf({ activeDates: datesEnding(D, 9) }), dayNumber(D))[1];
    expect(credOnly && missingFor(credOnly)).toBe('no practitioner credential');
  });
});
