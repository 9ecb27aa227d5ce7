import type { CertificationRecord, EnrolmentRecord } from '../../schemas/index.js';

/**
 * One employee's evidence as the engine gets it: certifications and enrolments (matched records, revoked and
 * expired ones included and flagged: the policy decides what counts on a day) and use as parallel arrays.
 */
export interface EvidenceBundle {
  certifications: CertificationRecord[];
  enrolments: EnrolmentRecord[];
  usage: {
    /** Epoch day numbers (days since 1970-01-01), ascending, one per active day. */
    days: Int32Array;
    events: Int32Array;
    minutes: Float64Array;
  };
}

export const emptyBundle = (): EvidenceBundle => ({
  certifications: [],
  enrolments: [],
  usage: { days: new Int32Array(0), events: new Int32Array(0), minutes: new Float64Array(0) },
});
