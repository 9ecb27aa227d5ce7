/** The OAuth token for API calls: fetched with a locally signed SAML assertion, cached, renewed before it expires. */
import type { HttpClient } from '../../src/http/index.js';
import type { Logger } from '../../src/logger.js';
import { registerSecret } from '../../src/http/index.js';
import { requestToken } from './client.js';
import { signedAssertionBase64 } from './saml.js';

export interface TokenSourceOptions {
  http: HttpClient;
  tokenUrl: string;
  companyId: string;
  userId: string;
  credentials: () => Promise<{ clientId: string; privateKeyPem: string }>;
  logger: Logger;
  now?: () => number;
}

export interface TokenSource {
  get(): Promise<string>;
  /** Forgets the cached token (after a 401); the next `get` fetches a new one. */
  invalidate(): void;
}

/** Renew when less than a tenth of the lifetime, capped at a minute, is left. */
export const renewAt = (fetchedAt: number, expiresInSeconds: number): number => {
  const lifetime = Math.max(0, expiresInSeconds * 1000);
  return fetchedAt + lifetime - Math.min(60_000, lifetime / 10);
};

export const createTokenSource = (o: TokenSourceOptions): TokenSource => {
  const now = o.now ?? Date.now;
  let cached: { token: string; renewAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const fetchToken = async (): Promise<string> => {
    const { clientId, privateKeyPem } = await o.credentials();
    const assertion = signedAssertionBase64({ clientId, userId: o.userId, recipient: o.tokenUrl, privateKeyPem, now: new Date(now()) });
    registerSecret(assertion);
    const fetchedAt = now();
    const res = await requestToken(o.http, { companyId: o.companyId, clientId, assertion });
    registerSecret(res.access_token);
    cached = { token: res.access_token, renewAt: renewAt(fetchedAt, res.expires_in) };
    o.logger.debug('successfactors token renewed', { expiresInSeconds: res.expires_in });
    return res.access_token;
  };

  return {
    async get() {
      if (cached && now() < cached.renewAt) return cached.token;
      inFlight ??= fetchToken().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    invalidate() {
      cached = null;
    },
  };
};
