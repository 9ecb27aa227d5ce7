import { z } from 'zod';
import type { WSSecurity } from 'soap';
import type { ConnectorContext } from '../../src/connector.js';
import { createHttpClient, registerSecret, type FailureAt } from '../../src/http/index.js';
import { AuthenticationError, FluencyError, ResponseShapeError } from '../../src/errors.js';
import type { WorkdayConfig } from './config.js';
import type { Endpoints } from './endpoints.js';
import { toError } from './to-error.js';

export interface Credentials {
  /** WS-Security UsernameToken for SOAP (username auth), or null with OAuth. */
  wsSecurity(): Promise<WSSecurity | null>;
  /** Headers for a SOAP call (the bearer token with OAuth). */
  soapHeaders(): Promise<Record<string, string>>;
  /** Headers for a REST call: bearer with OAuth, Basic `user@tenant` otherwise. */
  restHeaders(): Promise<Record<string, string>>;
  /** After a 401: forgets the token; true when a fresh one is worth one more try. */
  invalidate(): Promise<boolean>;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

/** Renew this long before the token's stated expiry. */
const RENEW_BEFORE_MS = 60_000;

export const createCredentials = (
  config: WorkdayConfig,
  context: ConnectorContext,
  endpoints: Endpoints,
): Credentials => {
  const secret = async (ref: Parameters<ConnectorContext['resolveSecret']>[0]) => {
    const v = await context.resolveSecret(ref);
    registerSecret(v);
    return v;
  };
  const auth = config.auth;
  if ('username' in auth) {
    let security: WSSecurity | null = null;
    let password: string | null = null;
    const pw = async () => (password ??= await secret(auth.password));
    return {
      async wsSecurity() {
        // Workday's samples send Username + PasswordText only: no Nonce, no Created, no Timestamp unless asked.
        const { WSSecurity } = await import('soap');
        security ??= new WSSecurity(auth.username, await pw(), {
          passwordType: 'PasswordText',
          hasTimeStamp: config.wsTimestamp,
          hasTokenCreated: false,
          hasNonce: false,
        });
        return security;
      },
      soapHeaders: async () => ({}),
      restHeaders: async () => ({
        Authorization: `Basic ${Buffer.from(`${auth.username}:${await pw()}`).toString('base64')}`,
      }),
      invalidate: async () => false,
    };
  }
  // A refused refresh token (expired, revoked, another tenant's) is a credential problem, not a bad request.
  const translate = (e: unknown, at: FailureAt): FluencyError => {
    const err = toError(e, at);
    if (err.code !== 'FF_REJECTED' || (err.status !== 400 && err.status !== 401)) return err;
    return new AuthenticationError(
      'oauth2 token: Workday refused the client or refresh token (expired, revoked or for another tenant); ' +
        'generate a new refresh token for the ISU',
      { connector: config.id, status: err.status, where: 'auth.oauth' },
    );
  };
  const http = createHttpClient({
    connector: config.id,
    baseUrl: endpoints.origin,
    settings: context.http,
    translate,
  });
  let token: { value: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;
  const fetchToken = async (): Promise<string> => {
    const [clientId, clientSecret, refreshToken] = await Promise.all([
      secret(auth.oauth.clientId),
      secret(auth.oauth.clientSecret),
      secret(auth.oauth.refreshToken),
    ]);
    // The refresh_token grant:
    // https://documentation.sailpoint.com/connectors/workday_accounts/help/integrating_workday_accounts/connection_settings.html
    const res = await http.request({
      method: 'POST',
      url: endpoints.token,
      route: 'POST oauth2/token',
      idempotent: true,
      data: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
    });
    const body = tokenResponse.safeParse(res.data);
    if (!body.success)
      throw new ResponseShapeError('oauth2 token: the token response has no access_token', {
        connector: config.id,
        where: 'oauth2/token',
      });
    registerSecret(body.data.access_token);
    token = { value: body.data.access_token, expiresAt: context.now() + (body.data.expires_in ?? 3600) * 1000 };
    return token.value;
  };
  const bearer = async (): Promise<string> => {
    if (token && token.expiresAt - RENEW_BEFORE_MS > context.now()) return token.value;
    pending ??= fetchToken().finally(() => {
      pending = null;
    });
    return pending;
  };
  return {
    wsSecurity: async () => null,
    soapHeaders: async () => ({ Authorization: `Bearer ${await bearer()}` }),
    restHeaders: async () => ({ Authorization: `Bearer ${await bearer()}` }),
    invalidate: async () => {
      token = null;
      return true;
    },
  };
};
