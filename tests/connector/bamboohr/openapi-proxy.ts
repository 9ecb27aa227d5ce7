/**
 * A validating proxy between the BambooHR connector and its sandbox. Every request and every response is checked
 * against BambooHR's published OpenAPI document (read from `../shared/specs` at test time, never copied) by
 * openapi-backend: the request's path, query, headers and body, and the response's body and headers for its
 * status. Around the library: the response's media type must be one the spec lists for that status, and a body
 * that claims JSON must be JSON. What fails is recorded, never corrected: the test asserts the list is empty.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import ajvFormats from 'ajv-formats';
import OpenAPIBackend from 'openapi-backend';
import { z } from 'zod';

const BAMBOOHR_SPEC = '../shared/specs/bamboohr/bamboohr-public-openapi.yaml';

interface Exchange {
  method: string;
  path: string;
  operationId: string | null;
  status: number;
}

export interface Violation {
  /** `request` or `response`. */
  side: 'request' | 'response';
  method: string;
  path: string;
  operationId: string | null;
  status: number | null;
  message: string;
}

/** A documented exception: the spec says one thing, the real API (research notes) does another. */
export interface Allowance {
  operationId: string;
  side: Violation['side'];
  status?: number;
  /** Matched against the violation's message. */
  matches: RegExp;
  /** Why, with the source. */
  because: string;
}

const responseShape = z.looseObject({ content: z.record(z.string(), z.unknown()).optional() });
const operationShape = z.looseObject({
  operationId: z.string().optional(),
  responses: z.record(z.string(), z.unknown()).optional(),
  requestBody: z.looseObject({ content: z.record(z.string(), z.unknown()).optional() }).optional(),
});

const mediaType = (headers: IncomingHttpHeaders | Record<string, unknown>): string => {
  const raw = headers['content-type'];
  return (
    String(Array.isArray(raw) ? raw[0] : (raw ?? ''))
      .split(';')[0]
      ?.trim()
      .toLowerCase() ?? ''
  );
};
const isJson = (type: string): boolean => type === 'application/json' || type.endsWith('+json');

/** The spec's response for a status: exact, then `4XX`, then `default`. */
const documentedResponse = (responses: Record<string, unknown> | undefined, status: number): unknown =>
  responses?.[String(status)] ?? responses?.[`${String(status)[0]}XX`] ?? responses?.default;

/**
 * Statuses BambooHR documents for every endpoint rather than per operation: 401 and 403 (key refused, API access
 * off), 500, and throttling as 429 or 503 with Retry-After (documentation.bamboohr.com/docs/api-details and
 * /docs/planned-changes-to-the-api). Any other status must be one the operation lists.
 */
const GLOBAL_STATUSES: ReadonlySet<number> = new Set([401, 403, 429, 500, 503]);

const describeErrors = (
  errors: readonly { instancePath?: string; message?: string; params?: unknown }[] | null | undefined,
): string =>
  (errors ?? [])
    .map((e) => `${e.instancePath ?? ''} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`.trim())
    .join('; ');

export interface ValidatingProxy {
  baseUrl: string;
  exchanges(): Exchange[];
  violations(): Violation[];
  close(): Promise<void>;
}

export const loadBamboohrSpec = async (): Promise<OpenAPIBackend> => {
  // `quick` skips the library's check of the document itself (its meta-schema is 3.0's and this document is 3.1)
  // and compiles each operation's validators on first use; requests and responses are validated all the same.
  const api = new OpenAPIBackend({
    // The library reads the YAML file itself.
    definition: resolve(BAMBOOHR_SPEC),
    quick: true,
    validate: true,
    ajvOpts: { strict: false, logger: false },
    // `date`, `date-time`, `email`...: checked, not ignored.
    customizeAjv: (ajv) => ajvFormats.default(ajv),
  });
  await api.init();
  return api;
};

/** Starts a proxy on 127.0.0.1 in front of `target` (a sandbox's base URL ending in `/api/`). */
export const startValidatingProxy = async (api: OpenAPIBackend, target: string): Promise<ValidatingProxy> => {
  const upstream = new URL(target);
  const found: Violation[] = [];
  const seen: Exchange[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const query: Record<string, string | string[]> = {};
      for (const k of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(k);
        query[k] = all.length === 1 ? (all[0] ?? '') : all;
      }
      const operation = api.matchOperation({ method, path: url.pathname, query, headers: {} });
      const op = operation === undefined ? undefined : operationShape.parse(operation);
      const operationId = op?.operationId ?? null;
      const flag = (side: Violation['side'], status: number | null, message: string): void =>
        void found.push({ side, method, path: url.pathname, operationId, status, message });

      // The request.
      const reqType = mediaType(req.headers);
      let body: unknown;
      if (raw.length > 0 && isJson(reqType)) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          flag('request', null, 'the body claims JSON and is not JSON');
        }
      }
      if (op === undefined) flag('request', null, 'no operation of the spec has this method and path');
      else {
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
        );
        const result = api.validateRequest({ method, path: url.pathname, query, headers, body }, operation);
        if (!result.valid) flag('request', null, describeErrors(result.errors));
        const accepted = Object.keys(op.requestBody?.content ?? {});
        if (raw.length > 0 && accepted.length > 0 && !accepted.includes(reqType))
          flag('request', null, `content type "${reqType}" is not one of ${accepted.join(', ')}`);
      }

      // Forward, unchanged.
      const answer = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
        (resolve, reject) => {
          const out = httpRequest(
            {
              host: upstream.hostname,
              port: upstream.port,
              method,
              path: `${url.pathname}${url.search}`,
              headers: req.headers,
            },
            (r) => {
              const parts: Buffer[] = [];
              r.on('data', (c: Buffer) => parts.push(c));
              r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(parts) }));
              r.on('error', reject);
            },
          );
          out.on('error', reject);
          out.end(raw);
        },
      );
      seen.push({ method, path: url.pathname, operationId, status: answer.status });

      // The response.
      const resType = mediaType(answer.headers);
      let parsed: unknown;
      let parsedOk = false;
      if (isJson(resType)) {
        try {
          parsed = JSON.parse(answer.body.toString('utf8'));
          parsedOk = true;
        } catch {
          flag('response', answer.status, `the body claims ${resType} and is not JSON (${answer.body.length} bytes)`);
        }
      }
      if (op !== undefined && operation !== undefined) {
        const documented = documentedResponse(op.responses, answer.status);
        if (documented === undefined && !GLOBAL_STATUSES.has(answer.status))
          flag(
            'response',
            answer.status,
            `status ${answer.status} is not one the operation lists (${Object.keys(op.responses ?? {}).join(', ')})`,
          );
        const described = documented === undefined ? undefined : responseShape.safeParse(documented);
        const types = Object.keys(described?.success === true ? (described.data.content ?? {}) : {});
        if (types.length > 0 && !types.includes(resType))
          flag('response', answer.status, `content type "${resType}" is not one the spec lists (${types.join(', ')})`);
        if (parsedOk && types.includes(resType)) {
          const result = api.validateResponse(parsed, operation, answer.status);
          if (!result.valid) flag('response', answer.status, describeErrors(result.errors));
        }
        const headerResult = api.validateResponseHeaders(answer.headers, operation, { statusCode: answer.status });
        if (!headerResult.valid) flag('response', answer.status, `headers: ${describeErrors(headerResult.errors)}`);
      }

      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    })().catch((e: unknown) => {
      res.writeHead(502);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? (address satisfies AddressInfo).port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    exchanges: () => [...seen],
    violations: () => [...found],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
};

/** The violations no allowance covers. */
export const unexplained = (violations: readonly Violation[], allowances: readonly Allowance[]): Violation[] =>
  violations.filter(
    (v) =>
      !allowances.some(
        (a) =>
          a.operationId === v.operationId &&
          a.side === v.side &&
          (a.status === undefined || a.status === v.status) &&
          a.matches.test(v.message),
      ),
  );
