import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { DocumentSource } from './documents.js';
import { keyFingerprint, keyFromAny, keyFromDidKey, keyFromJwk, keyFromMultibase, keyFromPem } from './public-keys.js';

/** A key that may sign for an issuer, with where it was found. */
export interface CandidateKey {
  key: KeyObject;
  id: string;
  fingerprint: string;
  via: string;
}

/** `evidence.trust` as verification uses it: issuer id -> keys listed in the config (empty: any key of the issuer). */
export type TrustKeys = ReadonlyMap<string, readonly unknown[]>;

export const sameIssuerId = (a: string, b: string): boolean => a.replace(/\/$/, '') === b.replace(/\/$/, '');

/** A key id belongs to the issuer: the same DID, or for web issuers the same origin. */
const controlledBy = (keyId: string, issuerId: string): boolean => {
  const base = keyId.split('#')[0] ?? keyId;
  if (issuerId.startsWith('did:')) return base === issuerId;
  try {
    return new URL(base).origin === new URL(issuerId).origin;
  } catch {
    return false;
  }
};

const method = z.looseObject({
  id: z.string().optional(),
  publicKeyJwk: z.unknown().optional(),
  publicKeyMultibase: z.string().optional(),
  publicKeyPem: z.string().optional(),
  owner: z.string().optional(),
  controller: z.string().optional(),
});
const refList = z.union([z.string(), method, z.array(z.union([z.string(), method]))]);

const keyOfMethod = (m: z.infer<typeof method>): KeyObject | null =>
  m.publicKeyJwk !== undefined
    ? keyFromJwk(m.publicKeyJwk)
    : m.publicKeyMultibase !== undefined
      ? keyFromMultibase(m.publicKeyMultibase)
      : m.publicKeyPem !== undefined
        ? keyFromPem(m.publicKeyPem)
        : null;

const candidate = (key: KeyObject | null, id: string, via: string): CandidateKey[] =>
  key === null ? [] : [{ key, id, fingerprint: keyFingerprint(key), via }];

/**
 * The keys that may sign for `issuerId`: the config's trusted keys when it lists some (nothing else then);
 * otherwise the key a `did:key` is, a `did:web` document's verification methods, the keys the issuer's profile
 * lists (OB 2.0 `publicKey`, `verificationMethod`), and the key the signature's `kid` names when the issuer
 * controls it (its DID, or a JWK set or key document on the issuer's origin). Nothing is trusted for being in
 * the folder alone: a key must be bound to the issuer one of these ways.
 */
export const keysFor = async (
  issuerId: string,
  kid: string | null,
  docs: DocumentSource,
  trust: TrustKeys,
): Promise<CandidateKey[]> => {
  for (const [issuer, keys] of trust)
    if (sameIssuerId(issuer, issuerId) && keys.length > 0)
      return keys.flatMap((k, i) =>
        candidate(keyFromAny(k), `evidence.trust ${issuer} key ${i + 1}`, 'evidence.trust'),
      );
  const out: CandidateKey[] = [];
  if (issuerId.startsWith('did:key:')) out.push(...candidate(keyFromDidKey(issuerId), issuerId, 'did:key'));
  const fromMethods = (
    value: unknown,
    via: string,
    accept: (id: string, m: z.infer<typeof method>) => boolean,
  ): void => {
    const vm = z.looseObject({ verificationMethod: z.array(method).optional() }).safeParse(value);
    for (const m of vm.success ? (vm.data.verificationMethod ?? []) : [])
      if (m.id !== undefined && accept(m.id, m)) out.push(...candidate(keyOfMethod(m), m.id, via));
  };
  if (issuerId.startsWith('did:web:')) {
    const doc = await docs.get(issuerId);
    if (doc !== null)
      fromMethods(doc.value, `did:web (${doc.fetchedAt === null ? doc.where : `fetched ${doc.fetchedAt}`})`, (id) =>
        controlledBy(id, issuerId),
      );
  }
  // The profile by its id (export folder, cache, fetch), never one embedded in the signed document: that is the
  // signer's own claim, and a key listed in it would let anyone sign for the issuer.
  const profile = issuerId.startsWith('did:') ? null : (await docs.get(issuerId))?.value;
  if (typeof profile === 'object' && profile !== null) {
    fromMethods(profile, 'issuer profile', () => true);
    const listed = 'publicKey' in profile ? refList.safeParse(profile.publicKey) : null;
    for (const ref of listed?.success ? [listed.data].flat() : []) {
      const m =
        typeof ref === 'string'
          ? method.safeParse((await docs.get(ref))?.value)
          : { success: true as const, data: ref };
      if (!m.success) continue;
      if (m.data.owner !== undefined && !sameIssuerId(m.data.owner, issuerId)) continue;
      out.push(
        ...candidate(
          keyOfMethod(m.data),
          typeof ref === 'string' ? ref : (m.data.id ?? issuerId),
          'issuer profile publicKey',
        ),
      );
    }
  }
  // A DID's keys are what its method says (the did:key itself, the did:web document): a JWK set naming a key
  // under the DID proves nothing. Web issuers may publish JWK sets or key documents on their origin.
  if (kid !== null && !issuerId.startsWith('did:') && controlledBy(kid, issuerId) && !out.some((c) => c.id === kid)) {
    const local = docs.directory.jwk(kid);
    if (local !== undefined) out.push(...candidate(keyFromJwk(local.jwk), kid, `JWK set in ${local.where}`));
    else {
      const doc = await docs.get(kid);
      const set = z.looseObject({ keys: z.array(z.looseObject({ kid: z.string().optional() })) }).safeParse(doc?.value);
      if (set.success)
        for (const k of set.data.keys)
          if (k.kid === kid || set.data.keys.length === 1) out.push(...candidate(keyFromJwk(k), kid, 'JWK set'));
      const m = method.safeParse(doc?.value);
      if (!set.success && m.success) out.push(...candidate(keyOfMethod(m.data), kid, 'key document'));
    }
  }
  const seen = new Set<string>();
  return out.filter((c) => (seen.has(c.fingerprint) ? false : (seen.add(c.fingerprint), true)));
};
