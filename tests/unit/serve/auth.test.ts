import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAuthenticator, type Authenticate } from '../../../src/serve/auth.js';

const ISSUER = 'https://login.example.test/';

/** An OIDC issuer's JWKS on loopback, and tokens signed with its key (or another one). */
describe('the service accepts bearer tokens and OIDC access tokens, nothing else', () => {
  let server: Server;
  let authenticate: Authenticate;
  let sign: (
    claims: Record<string, unknown>,
    opts?: { audience?: string; expired?: boolean; foreign?: boolean },
  ) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const foreign = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = z.object({ port: z.number() }).parse(server.address());
    sign = (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(opts.audience ?? 'fluencyflow')
        .setIssuedAt()
        .setExpirationTime(opts.expired ? Math.floor(Date.now() / 1000) - 3600 : '10m')
        .sign(opts.foreign ? foreign.privateKey : privateKey);
    authenticate = await createAuthenticator(
      {
        tokens: [{ name: 'ops', token: { env: 'OPS_TOKEN' }, approver: false }],
        oidc: {
          issuer: ISSUER,
          audience: 'fluencyflow',
          jwksUrl: `http://127.0.0.1:${port}/jwks`,
          nameClaim: 'email',
          approverClaim: 'groups',
          approverValue: 'ff-approvers',
        },
      },
      async (ref) => ('env' in ref && ref.env === 'OPS_TOKEN' ? 'ops-token-0123456789' : ''),
    );
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('a configured token is its name', async () => {
    expect(await authenticate('Bearer ops-token-0123456789')).toEqual({ name: 'ops', approver: false, via: 'token' });
    expect(await authenticate('Bearer ops-token-012345678')).toBeNull();
    expect(await authenticate('Basic ops-token-0123456789')).toBeNull();
    expect(await authenticate(undefined)).toBeNull();
  });

  it('an OIDC token is its name claim; the approver group makes an approver', async () => {
    expect(
      await authenticate(`Bearer ${await sign({ email: 'ann@example.com', groups: ['staff', 'ff-approvers'] })}`),
    ).toEqual({ name: 'ann@example.com', approver: true, via: 'oidc' });
    expect(await authenticate(`Bearer ${await sign({ email: 'ben@example.com', groups: ['staff'] })}`)).toEqual({
      name: 'ben@example.com',
      approver: false,
      via: 'oidc',
    });
  });

  it('refuses a token for another audience, expired, signed by another key, or without a name', async () => {
    expect(
      await authenticate(`Bearer ${await sign({ email: 'a@example.com' }, { audience: 'other-app' })}`),
    ).toBeNull();
    expect(await authenticate(`Bearer ${await sign({ email: 'a@example.com' }, { expired: true })}`)).toBeNull();
    expect(await authenticate(`Bearer ${await sign({ email: 'a@example.com' }, { foreign: true })}`)).toBeNull();
    expect(await authenticate(`Bearer ${await sign({ sub: 'x' })}`)).toBeNull();
  });
});
