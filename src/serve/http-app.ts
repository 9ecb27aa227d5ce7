import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FluencyError } from '../errors.js';
import type { Authenticate, Identity } from './auth.js';
import type { ServiceMetrics } from './metrics.js';
import { renderPage } from './page.js';
import type { Runner } from './runner.js';

export interface AppOptions {
  organization: string;
  authenticate: Authenticate;
  runner: Runner;
  metrics: ServiceMetrics;
  reportDir: string;
  upcoming: () => { trigger: string; at: string }[];
  /** Whether the service is ready: the state store opened and the schedule armed. */
  ready: () => boolean;
}

/** Probes answer without authentication and say nothing but ok; everything else needs a bearer token. */
const OPEN = new Set(['/healthz', '/readyz']);

const PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

type Refusal = 'own' | 'not-approver' | 'not-pending' | 'csrf';
const NOTICES: ReadonlyMap<string, string> = new Map<Refusal, string>([
  ['own', 'Refused: you made this plan, and the planner cannot approve their own plan. Another approver must.'],
  ['not-approver', 'Refused: you are not an approver.'],
  ['not-pending', 'Refused: the plan is no longer pending (approved, applied or replaced by a newer one).'],
  ['csrf', 'Refused: the form was stale or did not come from this page. Reload and try again.'],
]);

const VIEW_FILE = /^[A-Za-z0-9_-]{1,80}\.(html|csv|json)$/;
const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

const pageQuery = z.object({ refused: z.string().optional(), approved: z.string().optional() }).catch({});

/**
 * The service's HTTP surface (https://fastify.dev/docs/latest/Reference/Routes/): `/healthz`, `/readyz`, `/metrics`,
 * the page with its one form (approve), the dashboard and the committee view. The form is CSRF-safe twice over: it
 * needs the bearer token (a cross-site form cannot send that header), and an HMAC of the identity and the plan
 * keyed by a secret of this process; a request from another origin is refused.
 */
export const createApp = (o: AppOptions) => {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const csrfKey = randomBytes(32);
  const who = new WeakMap<FastifyRequest, Identity>();
  const csrfFor = (name: string, planId: string) =>
    createHmac('sha256', csrfKey).update(`${name}\n${planId}`).digest('base64url');
  const csrfOk = (name: string, planId: string, presented: string): boolean => {
    const want = Buffer.from(csrfFor(name, planId));
    const got = Buffer.from(presented);
    return got.length === want.length && timingSafeEqual(got, want);
  };

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))),
  );

  // `same-origin`, not `no-referrer`: with no-referrer browsers send `Origin: null` on the form, which is refused.
  app.addHook('onRequest', async (req, reply) => {
    reply
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-store');
    if (OPEN.has(req.url)) return;
    const identity = await o.authenticate(req.headers.authorization);
    if (identity === null) {
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="fluencyflow"')
        .type('text/plain; charset=utf-8')
        .send('401: authentication required (Authorization: Bearer <token>)\n');
      return;
    }
    who.set(req, identity);
  });

  const identityOf = (req: FastifyRequest): Identity => {
    const i = who.get(req);
    if (i === undefined) throw new Error('unreachable: a request past authentication has an identity');
    return i;
  };

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) =>
    o.ready() ? { status: 'ready' } : reply.code(503).send({ status: 'starting' }),
  );
  app.get('/metrics', async (_req, reply) => {
    reply.type(o.metrics.registry.contentType);
    return o.metrics.registry.metrics();
  });

  app.get('/', async (req, reply) => {
    const identity = identityOf(req);
    const { runner } = o;
    const kept = runner.approvals.pending();
    const q = pageQuery.parse(req.query);
    const notice =
      q.refused !== undefined
        ? (NOTICES.get(q.refused) ?? null)
        : q.approved !== undefined
          ? `Plan ${q.approved} approved; it is being applied.`
          : null;
    const html = renderPage({
      organization: o.organization,
      who: identity,
      pending:
        kept === null ? null : { kept, plan: runner.approvals.plan(kept.id), csrf: csrfFor(identity.name, kept.id) },
      plans: runner.approvals.list(20),
      runs: runner.store.lastRuns(15),
      failures: runner.lastFailures(),
      upcoming: o.upcoming(),
      busy: runner.busy(),
      notice,
    });
    return reply.header('content-security-policy', PAGE_CSP).type('text/html; charset=utf-8').send(html);
  });

  /** A refused approval goes back to the page, which says why (Post/Redirect/Get). */
  const refuse = (reply: FastifyReply, key: Refusal) => reply.code(303).header('location', `/?refused=${key}`).send();

  app.post<{ Params: { id: string } }>('/plans/:id/approve', async (req, reply) => {
    const identity = identityOf(req);
    const origin = req.headers.origin;
    const host = req.headers.host ?? '';
    const site = req.headers['sec-fetch-site'];
    const foreignOrigin = origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`;
    if (foreignOrigin || (site !== undefined && site !== 'same-origin' && site !== 'none'))
      return reply.code(403).type('text/plain').send('403: cross-site request refused\n');
    const body = req.body;
    const csrf = body instanceof URLSearchParams ? (body.get('csrf') ?? '') : '';
    if (!csrfOk(identity.name, req.params.id, csrf)) return refuse(reply, 'csrf');
    if (!identity.approver) return refuse(reply, 'not-approver');
    const own = o.runner.approvals.find(req.params.id)?.plannedBy === identity.name;
    try {
      // The apply runs in the service's queue; the page shows how it ends.
      const { applied } = o.runner.approve(req.params.id, identity.name);
      applied.catch(() => undefined);
    } catch (e) {
      if (e instanceof FluencyError && e.code === 'FF_APPROVAL') return refuse(reply, own ? 'own' : 'not-pending');
      throw e;
    }
    return reply
      .code(303)
      .header('location', `/?approved=${encodeURIComponent(req.params.id)}`)
      .send();
  });

  const view = async (reply: FastifyReply, folder: string, file: string) => {
    if (!VIEW_FILE.test(file)) return reply.code(404).type('text/plain').send('no such file\n');
    try {
      const body = await readFile(join(o.reportDir, folder, file));
      const ext = file.slice(file.lastIndexOf('.') + 1);
      const type = TYPES[ext] ?? 'application/octet-stream';
      return reply.header('content-security-policy', PAGE_CSP).type(type).send(body);
    } catch {
      return reply.code(404).type('text/plain').send('not written yet: the first run writes it\n');
    }
  };
  app.get('/dashboard/', async (_req, reply) => view(reply, 'dashboard', 'index.html'));
  app.get<{ Params: { file: string } }>('/dashboard/:file', async (req, reply) =>
    view(reply, 'dashboard', req.params.file),
  );
  app.get('/committee/', async (_req, reply) => view(reply, 'committee', 'committee.html'));
  app.get<{ Params: { file: string } }>('/committee/:file', async (req, reply) =>
    view(reply, 'committee', req.params.file),
  );
  return app;
};
