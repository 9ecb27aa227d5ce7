import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { SecretRef, ServeConfig } from '../../schemas/index.js';

/** Who sent a request: the name recorded as planner or approver, and whether they may approve. */
export interface Identity {
  name: string;
  approver: boolean;
  via: 'token' | 'oidc';
}

export type Authenticate = (authorization: string | undefined) => Promise<Identity | null>;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

const claimHolds = (payload: JWTPayload, claim: string, value: string): boolean => {
  const v = payload[claim];
  return Array.isArray(v) ? v.includes(value) : v === value;
};

/**
 * The service's authentication: `Authorization: Bearer <token>` where the token is one of `serve.auth.tokens`
 * (compared in constant time) or a JWT the OIDC issuer signed (checked with jose against its JWKS: signature,
 * issuer, audience, expiry). Anything else is nobody.
 */
export const createAuthenticator = async (
  auth: ServeConfig['auth'],
  resolveSecret: (ref: SecretRef) => Promise<string>,
): Promise<Authenticate> => {
  const tokens = await Promise.all(
    auth.tokens.map(async (t) => ({
      name: t.name,
      approver: t.approver,
      digest: digest(await resolveSecret(t.token)),
    })),
  );
  const oidc = auth.oidc;
  // https://github.com/panva/jose/blob/main/docs/jwks/remote/functions/createRemoteJWKSet.md : fetched and cached.
  const jwks = oidc ? createRemoteJWKSet(new URL(oidc.jwksUrl)) : null;
  return async (authorization) => {
    const m = /^Bearer ([\x21-\x7e]{1,8192})$/.exec(authorization ?? '');
    const presented = m?.[1];
    if (presented === undefined) return null;
    const d = digest(presented);
    const byToken = tokens.find((t) => timingSafeEqual(t.digest, d));
    if (byToken) return { name: byToken.name, approver: byToken.approver, via: 'token' };
    if (!oidc || !jwks || presented.split('.').length !== 3) return null;
    try {
      const { payload } = await jwtVerify(presented, jwks, { issuer: oidc.issuer, audience: oidc.audience });
      const name = payload[oidc.nameClaim];
      if (typeof name !== 'string' || name.length === 0) return null;
      return { name, approver: claimHolds(payload, oidc.approverClaim, oidc.approverValue), via: 'oidc' };
    } catch {
      return null;
    }
  };
};
