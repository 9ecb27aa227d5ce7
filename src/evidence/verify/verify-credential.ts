import { compactVerify, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import type { DayResolver } from '../dates.js';
import type { Assertion } from '../open-badges.js';
import type { DocumentSource } from './documents.js';
import { keysFor, type CandidateKey, type TrustKeys } from './keys.js';
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

export interface VerifyContext {
  docs: DocumentSource;
  trust: TrustKeys;
  days: DayResolver;
  /** Keys found per issuer and key id (one lookup for the thousands of credentials one issuer signs). */
  keyCache?: Map<string, Promise<CandidateKey[]>>;
}

const DI_SUITE = 'eddsa-rdfc-2022';
const ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'RS256', 'PS256'];

const creatorOf = (value: unknown): string | null => {
  const v = z.looseObject({ verification: z.looseObject({ creator: z.string().optional() }) }).safeParse(value);
  return v.success ? (v.data.verification.creator ?? null) : null;
};

/** A compact JWS (OB 2.0 signed assertion, VC-JWT) checked against the issuer's keys with jose. */
const verifyCompact = async (
  token: string,
  a: Assertion,
  value: unknown,
  ctx: VerifyContext,
): Promise<Pick<Verification, 'verification' | 'detail' | 'keyId'>> => {
  let kid: string | null;
  try {
    const h = decodeProtectedHeader(token);
    kid = h.kid ?? creatorOf(value);
  } catch {
    return { verification: 'forged', detail: 'signature: the protected header cannot be read', keyId: null };
  }
  if (a.issuerId === null)
    return {
      verification: 'unverifiable',
      detail: 'key: the credential names no issuer id to find keys for',
      keyId: null,
    };
  const keys = await keysOf(a.issuerId, kid, a.issuerProfile, ctx);
  if (keys.length === 0)
    return noKey(a.issuerId, ctx);
  const ordered = [...keys.filter((k) => k.id === kid), ...keys.filter((k) => k.id !== kid)];
  for (const k of ordered) {
    try {
      await compactVerify(token, k.key, { algorithms: ALGORITHMS });
      return { verification: 'verified', detail: `signature by ${k.id} (${k.via})`, keyId: k.fingerprint };
    } catch {
      // the next key
    }
  }
  return {
    verification: 'forged',
    detail: `signature: does not match ${keys.length === 1 ? 'the key' : `any of the ${keys.length} keys`} of ${a.issuerId}`,
    keyId: null,
  };
};

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

/** An embedded Data Integrity proof, checked with the issuer's keys (src/evidence/verify/data-integrity.ts). */
const verifyEmbedded = async (
  a: Assertion,
  value: unknown,
  ctx: VerifyContext,
): Promise<Pick<Verification, 'verification' | 'detail' | 'keyId'>> => {
  const p = z
    .looseObject({
      proof: z.looseObject({
        cryptosuite: z.string().optional(),
        type: z.string().optional(),
        verificationMethod: z.string().optional(),
      }),
    })
    .safeParse(value);
  const suite = p.success ? (p.data.proof.cryptosuite ?? p.data.proof.type ?? '') : 'unknown';
  if (!p.success || suite !== DI_SUITE || typeof value !== 'object' || value === null)
    return {
      verification: 'unverifiable',
      detail: `proof: ${suite} proofs are not supported (eddsa-rdfc-2022 and VC-JWT are)`,
      keyId: null,
    };
  const vmId = p.data.proof.verificationMethod;
  if (vmId === undefined || a.issuerId === null)
    return { verification: 'unverifiable', detail: 'proof: no verificationMethod or no issuer id', keyId: null };
  const keys = await keysOf(a.issuerId, vmId, a.issuerProfile, ctx);
  if (keys.length === 0)
    return noKey(a.issuerId, ctx);
  // Loaded on first use: the JSON-LD stack is large, and most exports carry no embedded proofs.
  const { verifyDataIntegrity } = await import('./data-integrity.js');
  const r = await verifyDataIntegrity(value, vmId, keys);
  if (r.verified)
    return {
      verification: 'verified',
      detail: `eddsa-rdfc-2022 proof by ${r.by}`,
      keyId: keys.find((k) => r.by.startsWith(k.id))?.fingerprint ?? null,
    };
  return { verification: r.forged ? 'forged' : 'unverifiable', detail: r.why, keyId: null };
};

/** The step that failed when no key of the issuer was found anywhere the import may look. */
const noKey = (issuerId: string, ctx: VerifyContext) => ({
  verification: 'unverifiable' as const,
  detail: `key: no key of ${issuerId} in the export, the cache or evidence.trust${ctx.docs.networkAllowed ? '' : ' (network off)'}`,
  keyId: null,
});

const keysOf = (
  issuerId: string,
  kid: string | null,
  profile: unknown,
  ctx: VerifyContext,
): Promise<CandidateKey[]> => {
  const cacheKey = `${issuerId}\u0000${kid ?? ''}`;
  let lookup = ctx.keyCache?.get(cacheKey);
  if (lookup === undefined) {
    lookup = keysFor(issuerId, kid, profile, ctx.docs, ctx.trust);
    ctx.keyCache?.set(cacheKey, lookup);
  }
  return lookup;
};

const proofOf = (value: unknown): string | null => {
  const p = z
    .looseObject({
      proof: z.union([
        z.looseObject({ type: z.string().optional(), cryptosuite: z.string().optional() }),
        z.array(z.unknown()),
      ]),
    })
    .safeParse(value);
  if (!p.success) return null;
  const first = [p.data.proof].flat()[0];
  const t = z.looseObject({ type: z.string().optional(), cryptosuite: z.string().optional() }).safeParse(first);
  return t.success ? (t.data.cryptosuite ?? t.data.type ?? 'unknown') : 'unknown';
};

const isHosted = (value: unknown): boolean => {
  const v = z.looseObject({ verification: z.looseObject({ type: z.string() }) }).safeParse(value);
  return v.success && /^hosted/i.test(v.data.verification.type);
};

/**
 * One credential's proof and status. Signed compact forms are verified with jose; OB 2.0 hosted assertions
 * against their URL; embedded Data Integrity proofs (`eddsa-rdfc-2022`) with the digitalbazaar suites;
 * anything else is unsigned. Status lists are read whatever the signature's outcome.
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
      ? await credentialStatus(value, ctx.docs, ctx.days)
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
