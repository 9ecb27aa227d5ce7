import { compactVerify, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import type { DayResolver } from '../../dates.js';
import type { DocumentSource } from './documents.js';
import { keysFor, type CandidateKey, type TrustKeys } from './keys.js';

/**
 * The signature of one signed document (a credential, or the status list a credential points at), checked with the
 * keys of the issuer it names: compact JWS with jose, embedded `eddsa-rdfc-2022` with the digitalbazaar suites.
 */
export interface ProofResult {
  verification: 'verified' | 'unverifiable' | 'forged';
  detail: string;
  keyId: string | null;
}

/** Who signed: the issuer's id (profile URL or DID); its keys are looked up by that id alone. */
export interface Signer {
  issuerId: string | null;
}

export interface VerifyContext {
  docs: DocumentSource;
  trust: TrustKeys;
  days: DayResolver;
  /** Keys found per issuer and key id (one lookup for the thousands of credentials one issuer signs). */
  keyCache?: Map<string, Promise<CandidateKey[]>>;
  /** Status lists checked per list and credential issuer: null when the list holds, else the step that failed. */
  listCache?: Map<string, Promise<string | null>>;
}

const DI_SUITE = 'eddsa-rdfc-2022';
const ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'RS256', 'PS256'];

const creatorOf = (value: unknown): string | null => {
  const v = z.looseObject({ verification: z.looseObject({ creator: z.string().optional() }) }).safeParse(value);
  return v.success ? (v.data.verification.creator ?? null) : null;
};

/** A compact JWS (OB 2.0 signed assertion, VC-JWT, a status list) checked against the issuer's keys with jose. */
export const verifyCompact = async (
  token: string,
  who: Signer,
  value: unknown,
  ctx: VerifyContext,
): Promise<ProofResult> => {
  let kid: string | null;
  try {
    const h = decodeProtectedHeader(token);
    kid = h.kid ?? creatorOf(value);
  } catch {
    return { verification: 'forged', detail: 'signature: the protected header cannot be read', keyId: null };
  }
  if (who.issuerId === null)
    return {
      verification: 'unverifiable',
      detail: 'key: the credential names no issuer id to find keys for',
      keyId: null,
    };
  const keys = await keysOf(who.issuerId, kid, ctx);
  if (keys.length === 0) return noKey(who.issuerId, ctx);
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
    detail:
      `signature: does not match ${keys.length === 1 ? 'the key' : `any of the ${keys.length} keys`} of ` +
      `${who.issuerId}`,
    keyId: null,
  };
};

/** An embedded Data Integrity proof, checked with the issuer's keys (src/evidence/readers/verify/data-integrity.ts). */
export const verifyEmbedded = async (who: Signer, value: unknown, ctx: VerifyContext): Promise<ProofResult> => {
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
  if (vmId === undefined || who.issuerId === null)
    return { verification: 'unverifiable', detail: 'proof: no verificationMethod or no issuer id', keyId: null };
  const keys = await keysOf(who.issuerId, vmId, ctx);
  if (keys.length === 0) return noKey(who.issuerId, ctx);
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
  detail:
    `key: no key of ${issuerId} in the export, the cache or ` +
    `evidence.trust${ctx.docs.networkAllowed ? '' : ' (network off)'}`,
  keyId: null,
});

const keysOf = (issuerId: string, kid: string | null, ctx: VerifyContext): Promise<CandidateKey[]> => {
  const cacheKey = `${issuerId}\u0000${kid ?? ''}`;
  let lookup = ctx.keyCache?.get(cacheKey);
  if (lookup === undefined) {
    lookup = keysFor(issuerId, kid, ctx.docs, ctx.trust);
    ctx.keyCache?.set(cacheKey, lookup);
  }
  return lookup;
};

export const proofOf = (value: unknown): string | null => {
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
