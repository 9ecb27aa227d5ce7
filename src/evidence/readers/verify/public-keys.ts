import { createPublicKey, type KeyObject } from 'node:crypto';
import { base58Decode, base58Encode } from './base58.js';

/**
 * Public keys in the forms credentials and issuer documents carry them, as Node KeyObjects: JWK
 * (https://www.rfc-editor.org/rfc/rfc7517), PEM (OB 2.0 `CryptographicKey.publicKeyPem`) and Multikey /
 * `did:key` (https://w3c-ccg.github.io/did-key-spec/: multibase base58btc of a multicodec prefix and the raw key;
 * Ed25519 `0xed01`, P-256 compressed `0x8024`).
 */
const ED25519 = [0xed, 0x01] as const;
const P256 = [0x80, 0x24] as const;
// SubjectPublicKeyInfo DER up to the key bytes (RFC 8410 for Ed25519, RFC 5480 for a compressed P-256 point).
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const P256_SPKI = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

const tryKey = (make: () => KeyObject): KeyObject | null => {
  try {
    return make();
  } catch {
    return null;
  }
};

export const keyFromJwk = (jwk: unknown): KeyObject | null => {
  if (typeof jwk !== 'object' || jwk === null || !('kty' in jwk)) return null;
  const pub: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(jwk)) if (!['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].includes(k)) pub[k] = v;
  return tryKey(() => createPublicKey({ key: pub, format: 'jwk' }));
};

export const keyFromPem = (pem: string): KeyObject | null => tryKey(() => createPublicKey(pem));

/** A Multikey `publicKeyMultibase` (`z6Mk...` Ed25519, `zDn...` P-256). */
export const keyFromMultibase = (mb: string): KeyObject | null => {
  if (!mb.startsWith('z')) return null;
  const bytes = base58Decode(mb.slice(1));
  if (bytes === null || bytes.length < 3) return null;
  const raw = Buffer.from(bytes.subarray(2));
  if (bytes[0] === ED25519[0] && bytes[1] === ED25519[1] && raw.length === 32)
    return tryKey(() => createPublicKey({ key: Buffer.concat([ED25519_SPKI, raw]), format: 'der', type: 'spki' }));
  if (bytes[0] === P256[0] && bytes[1] === P256[1] && raw.length === 33)
    return tryKey(() => createPublicKey({ key: Buffer.concat([P256_SPKI, raw]), format: 'der', type: 'spki' }));
  return null;
};

/** The key a `did:key` DID (or one of its key ids, `did:key:z...#z...`) stands for; resolved offline. */
export const keyFromDidKey = (did: string): KeyObject | null => {
  const m = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)(?:#.*)?$/.exec(did);
  return m?.[1] === undefined ? null : keyFromMultibase(m[1]);
};

/** The `did:key` of an Ed25519 or P-256 public key (issuers' tools make these; tests and benches too). */
export const didKeyOf = (key: KeyObject): string => {
  const jwk = key.export({ format: 'jwk' });
  const spki = key.export({ format: 'der', type: 'spki' });
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519')
    return `did:key:z${base58Encode(Buffer.concat([Buffer.from(ED25519), spki.subarray(-32)]))}`;
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && jwk.y !== undefined && jwk.x !== undefined) {
    const y = Buffer.from(jwk.y, 'base64url');
    const x = Buffer.from(jwk.x, 'base64url');
    const prefix = (y[y.length - 1] ?? 0) % 2 === 0 ? 0x02 : 0x03;
    return `did:key:z${base58Encode(Buffer.concat([Buffer.from(P256), Buffer.from([prefix]), x]))}`;
  }
  throw new Error(`no did:key form for a ${String(jwk.kty)} key`);
};

/** A key as a config or a document writes it: a JWK object, a PEM string, a `did:key` or a multibase string. */
export const keyFromAny = (value: unknown): KeyObject | null => {
  if (typeof value === 'object' && value !== null) return keyFromJwk(value);
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s.startsWith('-----BEGIN')) return keyFromPem(s);
  if (s.startsWith('did:key:')) return keyFromDidKey(s);
  if (s.startsWith('z')) return keyFromMultibase(s);
  return null;
};

/** A stable fingerprint of a public key (for trust lists, gaming signals and reports). */
export const keyFingerprint = (key: KeyObject): string => {
  const jwk = key.export({ format: 'jwk' });
  return [jwk.kty, jwk.crv, jwk.x, jwk.y, jwk.n, jwk.e].filter((v) => v !== undefined).join(':');
};
