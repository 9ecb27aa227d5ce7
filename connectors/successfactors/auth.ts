/** The OAuth token for API calls: fetched with a locally signed SAML assertion, cached, renewed before it expires. */
import { AuthenticationError, FluencyError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/index.js';
import type { Logger } from '../../src/logger.js';
import { registerSecret } from '../../src/http/index.js';
import { requestToken } from './client.js';

export interface TokenSourceOptions {
  http: HttpClient;
  tokenUrl: string;
  companyId: string;
  userId: string;
  credentials: () => Promise<{ clientId: string; privateKeyPem: string }>;
  logger: Logger;
  /** The engine's clock (epoch ms): the assertion's validity window and the token's renewal. */
  now: () => number;
  /** Where the connector's block sits in the config, for the errors of a refused token request. */
  configPath: string;
}

export interface TokenSource {
  get(): Promise<string>;
  /** Forgets the cached token (after a 401); the next `get` fetches a new one. */
  invalidate(): void;
}

/** Renew when less than a tenth of the lifetime, capped at a minute, is left. */
const renewAt = (fetchedAt: number, expiresInSeconds: number): number => {
  const lifetime = Math.max(0, expiresInSeconds * 1000);
  return fetchedAt + lifetime - Math.min(60_000, lifetime / 10);
};

/** The config path a refusal of the token endpoint points at, from the words of its message. */
const credentialPathFor = (message: string, configPath: string): string => {
  if (/company/i.test(message)) return `${configPath}.companyId`;
  if (/client_id|issuer|api_key|OAuth client/i.test(message)) return `${configPath}.auth.clientId`;
  if (/unknown user|NameID/i.test(message)) return `${configPath}.auth.userId`;
  if (/signature|certificate|signed|PEM/i.test(message)) return `${configPath}.auth.privateKey`;
  return `${configPath}.companyId / ${configPath}.auth`;
};

/** Any 4xx of the token endpoint is a credential problem: one AuthenticationError naming what to fix. */
const refused = (e: unknown, configPath: string): unknown => {
  if (!(e instanceof FluencyError) || e.status === undefined || e.status >= 500 || e.status === 429) return e;
  // The provider's words only, without the `POST oauth/token: rejected (HTTP 400): ` of errorFromStatus.
  const text = e.message.replace(/^.*?\(HTTP \d{3}\): /, '');
  const where = credentialPathFor(text, configPath);
  return new AuthenticationError(`SuccessFactors refused the token request (${e.status}): ${text}; check ${where}`, {
    connector: e.connector,
    status: e.status,
    requestId: e.requestId,
    where,
  });
};

export const createTokenSource = (o: TokenSourceOptions): TokenSource => {
  const { now } = o;
  let cached: { token: string; renewAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const fetchToken = async (): Promise<string> => {
    const { clientId, privateKeyPem } = await o.credentials();
    // The XML signer (xml-crypto) loads with the first token, not with the connector (docs/performance.md).
    const { signedAssertionBase64 } = await import('./saml.js');
    const assertion = signedAssertionBase64({
      connector: o.http.connector,
      clientId,
      userId: o.userId,
      recipient: o.tokenUrl,
      privateKeyPem,
      now: new Date(now()),
    });
    registerSecret(assertion);
    const fetchedAt = now();
    const res = await requestToken(o.http, { companyId: o.companyId, clientId, assertion }).catch((e: unknown) => {
      throw refused(e, o.configPath);
    });
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
