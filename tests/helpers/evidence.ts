import { dayNumber } from '../../src/core/days.js';
import type { CertificationView, EmployeeEvidence, EnrolmentView } from '../../src/core/evidence-view.js';

/** Evidence for one employee built by hand: active days given as ISO dates. */
export const evidenceOf = (opts: {
  certs?: CertificationView[];
  enrolments?: EnrolmentView[];
  activeDates?: string[];
  zeroEventDates?: string[];
}): EmployeeEvidence => {
  const rows = [
    ...(opts.activeDates ?? []).map((d) => ({ day: dayNumber(d), events: 3 })),
    ...(opts.zeroEventDates ?? []).map((d) => ({ day: dayNumber(d), events: 0 })),
  ].sort((a, b) => a.day - b.day);
  return {
    certifications: opts.certs ?? [],
    enrolments: opts.enrolments ?? [],
    usage: { days: rows.map((r) => r.day), events: rows.map((r) => r.events), minutes: rows.map(() => 5) },
  };
};

/** `n` consecutive dates ending on `last` (inclusive). */
export const datesEnding = (last: string, n: number): string[] => {
  const end = dayNumber(last);
  return Array.from({ length: n }, (_, i) => new Date((end - n + 1 + i) * 86_400_000).toISOString().slice(0, 10));
};

export const cert = (
  issuer: string,
  credential: string,
  issuedOn: string,
  expiresOn: string | null = null,
): CertificationView => ({
  issuer,
  credential,
  issuedOn,
  expiresOn,
});
