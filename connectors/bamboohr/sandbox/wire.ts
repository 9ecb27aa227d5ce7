/**
 * HTTP plumbing for the sandbox: BambooHR's error shape, content negotiation (XML unless
 * `Accept: application/json`), bodies and a small XML writer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxError, sendJson as sendKitJson } from '../../../src/connector-kit/sandbox-kit.js';

/** BambooHR's error answer: the sandbox kit's error, rendered by `sendError`. */
export class SbError extends SandboxError {}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path after the API root, e.g. `v1/meta/fields`. */
  path: string;
  query: URLSearchParams;
  body: string;
  requestId: string;
}

/** The string codes of BambooHR's v1 error body (`Employee-StringCodeErrorResponse-V1` in the OpenAPI document). */
export const ERROR_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  406: 'NotAcceptable',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

/**
 * An error answer as BambooHR gives it: the detail in `X-BambooHR-Message` (the spec's shared error responses) and
 * `X-BambooHR-Error-Message` (the header BambooHR's own client libraries read), and the JSON body the spec declares
 * for 400/401/403/404/409 (`{"error":{"code","message"}}`); throttling adds `Retry-After` (documented for 429 and
 * the legacy 503).
 */
export const sendError = (x: Exchange, e: SandboxError): void => {
  const body = { error: { code: ERROR_CODES[e.status] ?? 'Error', message: e.message } };
  sendKitJson(x.res, e.status, body, 'application/json; charset=utf-8', {
    'X-BambooHR-Message': e.message,
    'X-BambooHR-Error-Message': e.message,
    'x-request-id': x.requestId,
    ...e.headers,
  });
};

export const sendJson = (x: Exchange, status: number, value: unknown): void => {
  x.res.writeHead(status, { 'Content-Type': 'application/json', 'x-request-id': x.requestId });
  x.res.end(JSON.stringify(value));
};

export const sendXml = (x: Exchange, xml: string): void => {
  x.res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'x-request-id': x.requestId });
  x.res.end(`<?xml version="1.0"?>\n${xml}`);
};

/** 200 with an empty body, as the field update and table-row writes answer (observed `text/html`). */
export const sendEmpty = (x: Exchange): void => {
  x.res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', 'x-request-id': x.requestId });
  x.res.end();
};

/** True when the Accept header lists `application/json` (parameters ignored). */
export const acceptsJson = (x: Exchange): boolean =>
  (x.req.headers.accept ?? '')
    .split(',')
    .map((p) => p.split(';')[0]?.trim().toLowerCase())
    .includes('application/json');

/** Endpoints that only speak JSON refuse a request that does not ask for it, rather than answer JSON silently. */
export const requireJsonAccept = (x: Exchange): void => {
  if (!acceptsJson(x)) throw new SbError(406, 'This endpoint produces application/json; send Accept: application/json');
};

/**
 * A JSON request body. BambooHR reads a body whose type is not JSON as XML, so that fails as malformed XML;
 * the custom report takes only the exact `application/json` (a `; charset=UTF-8` makes it XML too).
 */
export const jsonBody = (x: Exchange, options: { exactType?: boolean } = {}): Record<string, unknown> => {
  const raw = (x.req.headers['content-type'] ?? '').trim().toLowerCase();
  const type = options.exactType === true ? raw : raw.split(';')[0]?.trim();
  if (type !== 'application/json') throw new SbError(400, 'Malformed XML');
  let value: unknown;
  try {
    value = JSON.parse(x.body);
  } catch {
    throw new SbError(400, 'Malformed JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new SbError(400, 'Malformed JSON: expected an object');
  return Object.fromEntries(Object.entries(value));
};

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<name a="1">text</name>` with escaping; `children` are already XML. */
export const el = (
  name: string,
  attrs: Record<string, string | number | undefined>,
  children: string | { text: string } = '',
): string => {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');
  const inner = typeof children === 'string' ? children : esc(children.text);
  return `<${name}${a}>${inner}</${name}>`;
};

export const isIsoDate = (s: unknown): s is string =>
  typeof s === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
