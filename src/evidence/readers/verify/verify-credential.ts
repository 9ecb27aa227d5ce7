import { z } from 'zod';
import type { Assertion } from '../open-badges.js';
import { proofOf, verifyCompact, verifyEmbedded, type VerifyContext } from './proof.js';
import { credentialStatus, revocationListStatus, type StatusResult } from './status.js';

/** What import records of one credential's proof; the load adds trust, expiry and matching. */
export interface Verification {
  verification: 'verified' | 'unverifiable' | 'forged';
  /** How it was verified, or the step that failed. */
  detail: string;
  issuerId: string | null;
  /** Fingerprint of the key that verified it. */
  keyId: string | null;
  status: 'revoked' | 'suspended' | null;
  /** The day the status holds from (null: from the issue date). */
  statusFrom: string | null;
}

/** OB 2.0 hosted: the assertion at its own URL (fetched at import, cached) must say the same. */
const verifyHosted = async (
  a: Assertion,
  value: unknown,
  ctx: VerifyContext,
): Promise<Pick<Verification, 'verification' | 'detail' | 'keyId'> & { gone?: string | null }> => {
  if (a.id === null || !/^https?:/i.test(a.id))
    return { verification: 'unverifiable', detail: 'hosted: the assertion has no URL', keyId: null };
  const doc = await ctx.docs.get(a.id, { remoteOnly: true });
  if (doc === null)
    return {
      verification: 'unverifiable',
      detail: `hosted: ${a.id} not fetched${ctx.docs.networkAllowed ? '' : ' (network off)'}`,
      keyId: null,
    };
  if (doc.status === 410)
    return { verification: 'verified', detail: `hosted: ${a.id} answers 410 Gone`, keyId: null, gone: doc.fetchedAt };
  const same = z.looseObject({ recipient: z.looseObject({ identity: z.string() }), badge: z.unknown() });
  const mine = same.safeParse(value);
  const theirs = same.safeParse(doc.value);
  if (
    !mine.success ||
    !theirs.success ||
    mine.data.recipient.identity !== theirs.data.recipient.identity ||
    JSON.stringify(mine.data.badge) !== JSON.stringify(theirs.data.badge)
  )
    return { verification: 'forged', detail: `hosted: the copy at ${a.id} differs from the export`, keyId: null };
  return { verification: 'verified', detail: `hosted at ${a.id}`, keyId: null };
};

const isHosted = (value: unknown): boolean => {
  const v = z.looseObject({ verification: z.looseObject({ type: z.string() }) }).safeParse(value);
  return v.success && /^hosted/i.test(v.data.verification.type);
};

/**
 * One credential's proof and status. Signed compact forms are verified with jose; OB 2.0 hosted assertions
 * against their URL; embedded Data Integrity proofs (`eddsa-rdfc-2022`) with the digitalbazaar suites;
 * anything else is unsigned. Status lists are read whatever the signature's outcome, and believed only when the
 * credential's issuer signed them (src/evidence/readers/verify/status.ts).
 */
export const verifyCredential = async (
  a: Assertion,
  value: unknown,
  token: string | null,
  ctx: VerifyContext,
): Promise<Verification> => {
  let sig: Pick<Verification, 'verification' | 'detail' | 'keyId'> & { gone?: string | null };
  if (token !== null) sig = await verifyCompact(token, a, value, ctx);
  else if (proofOf(value) !== null) sig = await verifyEmbedded(a, value, ctx);
  else if (a.version === 2 && isHosted(value)) sig = await verifyHosted(a, value, ctx);
  else sig = { verification: 'unverifiable', detail: 'signature: the credential is not signed', keyId: null };
  let st: StatusResult =
    a.version === 3
      ? await credentialStatus(value, a.issuerId, ctx)
      : await revocationListStatus(value, a.issuerProfile, ctx.docs, ctx.days);
  if (sig.gone !== undefined)
    st = {
      status: 'revoked',
      from: sig.gone === null ? null : ctx.days.isoOf(sig.gone),
      detail: 'hosted assertion is gone (410)',
    };
  if (a.revoked && !('unknown' in st)) st = { status: 'revoked', from: null, detail: 'the assertion says revoked' };
  const base = { issuerId: a.issuerId, keyId: sig.keyId };
  if ('unknown' in st) {
    if (sig.verification !== 'verified') return { ...base, ...sig, status: null, statusFrom: null };
    return { ...base, verification: 'unverifiable', detail: st.unknown, status: null, statusFrom: null };
  }
  if (st.status === null) return { ...base, ...sig, status: null, statusFrom: null };
  return {
    ...base,
    verification: sig.verification,
    detail: `${sig.detail}; ${st.detail}`,
    status: st.status,
    statusFrom: st.from,
  };
};
