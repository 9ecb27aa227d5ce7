import type { Config, CredentialCheck } from '../../schemas/index.js';
import type { StoredCertification } from '../state/evidence-store.js';
import { sameIssuerId } from './readers/index.js';

export type Verification = Config['evidence']['verification'];

/** The day before an ISO date (a revocation from day D leaves D-1 as the last day the credential counts). */
const dayBefore = (iso: string): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * One credential's outcome on the as-of date, and whether `evidence.verification` lets it count:
 * `required` counts verified ones only, `preferred` unverifiable ones too, `off` any; a forged signature (except
 * with `off`), a revocation or suspension from its date on, an expiry or an issuer outside `evidence.trust`
 * never count. CSV rows (no proof to check) are an HR-owned export and count as they are.
 * `lastDay` is set when a status takes effect after the as-of date: the credential counts until the day before.
 */
export const decideOutcome = (
  c: StoredCertification,
  asOf: string,
  mode: Verification,
  trust: Config['evidence']['trust'],
): CredentialCheck & { lastDay: string | null } => {
  const check = (
    outcome: CredentialCheck['outcome'],
    detail: string,
    counts: boolean,
    lastDay: string | null = null,
  ) => ({ outcome, detail, counts, lastDay });
  if (c.verification === null || c.verification === undefined)
    return check('hr-export', 'row of an HR export, trusted as it is', true);
  const detail = c.verificationDetail ?? '';
  if (c.verification === 'forged' && mode !== 'off') return check('forged', detail, false);
  const statusFrom = c.statusFrom ?? c.issuedOn;
  if (c.status !== null && c.status !== undefined && statusFrom <= asOf)
    return check('revoked', `${c.status} from ${statusFrom}: ${detail}`, false);
  const lastDay = c.status !== null && c.status !== undefined ? dayBefore(statusFrom) : null;
  if (c.expiresOn !== null && c.expiresOn < asOf) return check('expired', `expired on ${c.expiresOn}`, false);
  if (
    trust !== undefined &&
    !trust.some((t) => c.issuerId !== null && c.issuerId !== undefined && sameIssuerId(t.issuer, c.issuerId))
  )
    return check('issuer-not-trusted', `issuer ${c.issuerId ?? c.issuer} is not in evidence.trust`, false);
  if (c.verification === 'unverifiable') return check('unverifiable', detail, mode !== 'required', lastDay);
  return check(c.verification === 'forged' ? 'forged' : 'verified', detail, true, lastDay);
};
