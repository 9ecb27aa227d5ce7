import { randomBytes } from 'node:crypto';
import { same, type SandboxCredentials } from './auth.js';
import type { WdStore } from './store.js';
import type { CustomObjects } from './ops/edit-additional-data.js';

export interface RestReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface TokenBook {
  issue(ttlSeconds: number): { token: string; expiresIn: number };
  valid(token: string): boolean;
  expireAll(): void;
}

export const createTokenBook = (): TokenBook => {
  const tokens = new Map<string, number>();
  return {
    issue(ttlSeconds) {
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, Date.now() + ttlSeconds * 1000);
      return { token, expiresIn: ttlSeconds };
    },
    valid(token) {
      const until = tokens.get(token);
      return until !== undefined && until > Date.now();
    },
    expireAll() {
      tokens.clear();
    },
  };
};

/** POST /ccx/oauth2/{tenant}/token, refresh_token grant, client credentials in Basic auth or the form. */
export const tokenEndpoint = (form: URLSearchParams, basic: { user: string; pass: string } | null, creds: SandboxCredentials, book: TokenBook, ttl: number): RestReply => {
  const clientId = basic?.user ?? form.get('client_id') ?? '';
  const clientSecret = basic?.pass ?? form.get('client_secret') ?? '';
  if (!same(clientId, creds.clientId) || !same(clientSecret, creds.clientSecret)) return { status: 401, body: { error: 'invalid_client', error_description: 'Invalid client credentials' } };
  if (form.get('grant_type') !== 'refresh_token') return { status: 400, body: { error: 'unsupported_grant_type' } };
  if (!same(form.get('refresh_token') ?? '', creds.refreshToken)) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } };
  const { token, expiresIn } = book.issue(ttl);
  return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn } };
};

/**
 * customObject/v2 reads: GET /customObjects/{alias}/{workerWID} (single instance; `{}` when the worker has none) and
 * GET /workers/{workerWID}/customObjects/{alias} (multi instance, `{total, data}`).
 */
export const customObjectRead = (store: WdStore, objects: CustomObjects, rest: string[]): RestReply => {
  const notFound = (what: string): RestReply => ({ status: 404, body: { error: `${what} not found` } });
  if (rest[0] === 'customObjects' && rest.length === 3) {
    const [, alias, id] = rest;
    if (alias !== objects.single && alias !== objects.multi) return notFound(`Custom object alias ${alias ?? ''}`);
    const worker = store.byWid.get(id ?? '');
    if (!worker) return notFound('Resource');
    if (alias === objects.multi) return { status: 400, body: { error: `${alias} is a multi-instance custom object; use /workers/{ID}/customObjects/${alias}` } };
    const e = worker.eligibility;
    return { status: 200, body: e ? { id: e.id, worker: { id: worker.wid, descriptor: `${worker.firstName} ${worker.lastName}` }, eligible: e.eligible, reason: e.reason } : {} };
  }
  if (rest[0] === 'workers' && rest[2] === 'customObjects' && rest.length === 4) {
    const worker = store.byWid.get(rest[1] ?? '');
    const alias = rest[3];
    if (alias !== objects.multi) return alias === objects.single ? { status: 400, body: { error: `${alias} is a single-instance custom object` } } : notFound(`Custom object alias ${alias ?? ''}`);
    if (!worker) return notFound('Resource');
    return {
      status: 200,
      body: { total: worker.exceptions.length, data: worker.exceptions.map((x) => ({ id: x.id, worker: { id: worker.wid }, promotionDate: x.promotionDate, fromGrade: x.fromGrade, toGrade: x.toGrade, note: x.note })) },
    };
  }
  return notFound('Resource');
};
