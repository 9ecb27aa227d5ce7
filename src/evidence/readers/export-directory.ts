/**
 * What an export folder says about its credentials besides the credentials themselves, found by id: BadgeClasses
 * and Achievements, Issuer profiles, CryptographicKeys, DID documents, JWK sets, OB 2.0 RevocationLists and
 * status list credentials (Bitstring Status List, StatusList2021; JSON or VC-JWT). Used offline at verify time.
 */
const DIRECTORY_TYPES = new Set([
  'BadgeClass',
  'Achievement',
  'Issuer',
  'Profile',
  'CryptographicKey',
  'RevocationList',
  'BitstringStatusListCredential',
  'StatusList2021Credential',
]);

export const typesOf = (v: unknown): string[] => {
  if (typeof v !== 'object' || v === null || !('type' in v)) return [];
  return [v.type].flat().filter((t): t is string => typeof t === 'string');
};

const str = (o: object, k: string): string | undefined => {
  const v: unknown = Object.entries(o).find(([key]) => key === k)?.[1];
  return typeof v === 'string' ? v : undefined;
};

/** A VC-JWT carries the credential under `vc` (VC Data Model 1.1) or as the payload itself (VC-JOSE-COSE 2.0). */
export const unwrapVc = (payload: unknown): unknown => {
  if (
    typeof payload !== 'object' ||
    payload === null ||
    !('vc' in payload) ||
    typeof payload.vc !== 'object' ||
    payload.vc === null
  )
    return payload;
  const claims: Record<string, unknown> = { ...payload };
  const vc: Record<string, unknown> = { ...payload.vc };
  const iso = (n: unknown) => (typeof n === 'number' ? new Date(n * 1000).toISOString() : undefined);
  if (vc.issuer === undefined && typeof claims.iss === 'string') vc.issuer = claims.iss;
  if (vc.id === undefined && typeof claims.jti === 'string') vc.id = claims.jti;
  if (vc.validFrom === undefined && vc.issuanceDate === undefined && iso(claims.nbf)) vc.issuanceDate = iso(claims.nbf);
  if (vc.validUntil === undefined && vc.expirationDate === undefined && iso(claims.exp))
    vc.expirationDate = iso(claims.exp);
  return vc;
};

/** True for a document that describes credentials (a directory entry) rather than being one. */
export const isDirectoryDoc = (v: unknown): boolean => {
  if (typeof v !== 'object' || v === null) return false;
  if ('keys' in v && Array.isArray(v.keys) && !('credentialSubject' in v)) return true;
  const id = str(v, 'id');
  if (id?.startsWith('did:') && 'verificationMethod' in v && !('credentialSubject' in v)) return true;
  return typesOf(v).some((t) => DIRECTORY_TYPES.has(t));
};

export interface DirectoryEntry {
  value: unknown;
  /** The compact form it came in, when it was signed. */
  token: string | null;
  where: string;
}

export class ExportDirectory {
  private readonly byId = new Map<string, DirectoryEntry>();
  private readonly jwks = new Map<string, { jwk: unknown; where: string }>();

  add(raw: unknown, token: string | null, where: string): void {
    const value = token === null ? raw : unwrapVc(raw);
    if (typeof value !== 'object' || value === null) return;
    if ('keys' in value && Array.isArray(value.keys)) {
      for (const k of value.keys)
        if (typeof k === 'object' && k !== null && 'kid' in k && typeof k.kid === 'string')
          this.jwks.set(k.kid, { jwk: k, where });
      return;
    }
    const id = str(value, 'id');
    if (id !== undefined) this.byId.set(stripFragmentless(id), { value, token, where });
  }

  get(id: string): DirectoryEntry | undefined {
    return this.byId.get(stripFragmentless(id));
  }

  jwk(kid: string): { jwk: unknown; where: string } | undefined {
    return this.jwks.get(kid);
  }

  get size(): number {
    return this.byId.size + this.jwks.size;
  }
}

/** Ids compare without a trailing slash (issuers write both). */
const stripFragmentless = (id: string): string => id.replace(/\/$/, '');
