import axios, { type AxiosInstance, type AxiosResponse, type Method, type ResponseType } from 'axios';
import type { FluencyError } from '../errors.js';
import type { FailureAt } from './error-from-status.js';
import { keepAliveAgents, type KeepAliveAgents } from './keep-alive-agent.js';
import { withRetry } from './with-retry.js';
import type { HttpSettings } from './settings.js';

export interface HttpRequest {
  method: Method;
  /** Relative to the base URL. */
  url: string;
  /** A short name of the endpoint for call counts (`GET goals`). */
  route: string;
  /** Whether sending it twice is harmless. Creates are not. */
  idempotent: boolean;
  params?: Record<string, string | number | boolean>;
  data?: unknown;
  headers?: Record<string, string>;
  responseType?: ResponseType;
}

export interface HttpClientOptions {
  connector: string;
  baseUrl: string;
  settings: HttpSettings;
  /** Headers added to every request (Accept, Content-Type). */
  headers?: Record<string, string>;
  /** Credentials as headers, fetched per attempt (tokens renew). Never put in the URL. */
  authHeaders?: () => Promise<Record<string, string>>;
  /** The connector's one translator (its `toError`), told this client's connector id and the request's route. */
  translate: (error: unknown, at: FailureAt) => FluencyError;
  /** Called when an error says the credentials expired (401), before the one retry with fresh credentials. */
  onUnauthorized?: () => Promise<boolean>;
  /** This client's own connection pool (default: `keepAliveAgents()`); tests give one with a fake clock. */
  agents?: KeepAliveAgents;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<AxiosResponse<unknown>>;
  /** The connector id from the config this client calls for, for the errors its callers raise. */
  readonly connector: string;
  readonly axios: AxiosInstance;
}

/** The shared axios factory: base URL, timeout, auth headers, error translation, retry, call counting. */
export const createHttpClient = (options: HttpClientOptions): HttpClient => {
  const instance = axios.create({
    baseURL: options.baseUrl,
    timeout: options.settings.timeoutMs,
    headers: { 'User-Agent': 'fluencyflow', ...options.headers },
    // Keep the raw body: every payload is parsed by a zod schema in the connector.
    transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: true },
    maxRedirects: 0,
    // Node's http adapter, named rather than left to axios's choice: the agents below are its, and the CLI bundle
    // leaves axios's fetch adapter out (scripts/build.ts).
    adapter: 'http',
    // Not Node's global agent: its pool reuses sockets the server may have closed when the process runs late.
    ...(options.agents ?? keepAliveAgents()),
  });

  const { guard } = options.settings;
  const once = async (req: HttpRequest): Promise<AxiosResponse<unknown>> => {
    // Refused before anything is sent once the run's deadline passed or this connector's circuit is open.
    guard?.assertMaySend(options.connector);
    options.settings.onRequest?.({ connector: options.connector, method: req.method.toUpperCase(), route: req.route });
    const auth = options.authHeaders ? await options.authHeaders() : {};
    const remaining = guard?.remainingMs();
    try {
      const res = await instance.request<unknown>({
        method: req.method,
        url: req.url,
        params: req.params,
        data: req.data,
        headers: { ...auth, ...req.headers },
        responseType: req.responseType ?? 'json',
        // No request outlives the run's deadline.
        ...(remaining === undefined ? {} : { timeout: Math.max(1, Math.min(options.settings.timeoutMs, remaining)) }),
      });
      guard?.record(options.connector, false);
      return res;
    } catch (e) {
      guard?.record(options.connector, isTransportFailure(e));
      throw e;
    }
  };
  const translate = (e: unknown, req: HttpRequest): FluencyError => {
    const at = { connector: options.connector, where: req.route };
    const err = withClockedRetryAfter(options.translate(e, at), e, options.settings.now);
    if (err.code === 'FF_RATE_LIMITED') options.settings.onThrottled?.({ connector: options.connector });
    return err;
  };

  const request = async (req: HttpRequest): Promise<AxiosResponse<unknown>> => {
    let refreshed = false;
    return withRetry(
      async () => {
        try {
          return await once(req);
        } catch (e) {
          const err = translate(e, req);
          // One fresh-credentials retry on 401 (an expired token), whatever the idempotency: the call was refused.
          if (
            err.code === 'FF_AUTH_FAILED' &&
            !refreshed &&
            options.onUnauthorized &&
            (await options.onUnauthorized())
          ) {
            refreshed = true;
            try {
              return await once(req);
            } catch (e2) {
              throw translate(e2, req);
            }
          }
          throw err;
        }
      },
      { idempotent: req.idempotent, settings: options.settings },
    );
  };

  return { request, axios: instance, connector: options.connector };
};

/** A failure with no HTTP answer at all: a timeout, a refused or reset connection. */
const isTransportFailure = (e: unknown): boolean =>
  axios.isAxiosError(e) && e.response === undefined && e.code !== 'ERR_CANCELED';

/**
 * Connectors read Retry-After without a clock; an HTTP-date value is measured again here against the run's clock
 * (`settings.now`), so a fixed or skewed clock in the engine gives the same wait as the server meant.
 */
const withClockedRetryAfter = (err: FluencyError, raw: unknown, now: (() => number) | undefined): FluencyError => {
  if (now === undefined || err.retryAfterMs === undefined || !axios.isAxiosError(raw)) return err;
  const value = headerValue(raw.response?.headers, 'retry-after');
  if (value === undefined || /^\s*\d+(\.\d+)?\s*$/.test(value)) return err;
  const ms = parseRetryAfter(value, now());
  if (ms === undefined || ms === err.retryAfterMs) return err;
  Object.defineProperty(err, 'retryAfterMs', { value: ms });
  return err;
};

/** Reads `Retry-After` (seconds or an HTTP date) into milliseconds. */
export const parseRetryAfter = (value: unknown, now: number = Date.now()): number | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const s = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

/** A response header by name, compared without case (axios headers, or a plain object). */
export const headerValue = (headers: unknown, name: string): string | undefined => {
  if (headers === null || typeof headers !== 'object') return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted && (typeof v === 'string' || typeof v === 'number')) return String(v);
  }
  return undefined;
};
