/**
 * The evidence of one employee as the pure policy sees it. src/evidence builds it (streamed, matched to the
 * employee); the core only reads it.
 */
export interface CertificationView {
  issuer: string;
  credential: string;
  issuedOn: string;
  expiresOn: string | null;
  revoked?: boolean;
  source?: string;
}

export interface EnrolmentView {
  level: string;
  programme?: string;
  enrolledOn: string;
  source?: string;
}

export interface UsageView {
  /** Day numbers (days since 1970-01-01) in ascending order, one per day with a record. */
  days: ArrayLike<number>;
  /** Events on each of those days (0 means the day is not active). */
  events: ArrayLike<number>;
  minutes: ArrayLike<number>;
}

export interface EmployeeEvidence {
  certifications: readonly CertificationView[];
  enrolments: readonly EnrolmentView[];
  usage: UsageView;
}

export const noEvidence: EmployeeEvidence = {
  certifications: [],
  enrolments: [],
  usage: { days: [], events: [], minutes: [] },
};
