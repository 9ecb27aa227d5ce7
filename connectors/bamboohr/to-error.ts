/**
 * The one translator from BambooHR failures to FluencyErrors. BambooHR puts the detail in the
 * `X-BambooHR-Message` header (some endpoints `x-bamboohr-error-message`); throttling is 429, or 503 with
 * `Retry-After` on accounts not yet moved to 429 (https://documentation.bamboohr.com/docs/planned-changes-to-the-api).
 */
import { isAxiosError } from 'axios';
import type { z } from 'zod';
import {
  AuthenticationError,
  FluencyError,
  NetworkError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  RejectedError,
  ResponseShapeError,
} from '../../src/errors.js';
import { headerValue, knownSecrets, parseRetryAfter, redactText } from '../../src/http/index.js';



const clean = (text: string): string => redactText(text, knownSecrets());

/** The request id BambooHR's support desk asks for. */
export const requestIdOf = (headers: unknown): string | undefined =>
  headerValue(headers, 'x-request-id') ?? headerValue(headers, 'x-bamboohr-request-id') ?? headerValue(headers, 'request-id');

/** A cause that keeps the low-level code (for the retry decision) and drops axios' config, which holds the key. */
const safeCause = (code: string | undefined, message: string): Error => Object.assign(new Error(clean(message)), { code });

export const toError = (connector: string, error: unknown): FluencyError => {
  if (error instanceof FluencyError) return error;
  if (!isAxiosError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new ProviderError(clean(`BambooHR call failed: ${message}`), { connector, cause: safeCause(undefined, message) });
  }
  const method = (error.config?.method ?? 'get').toUpperCase();
  const where = `${method} ${(error.config?.url ?? '').split('?')[0] ?? ''}`;
  const response = error.response;
  if (response === undefined) {
    const code = error.code === 'ECONNABORTED' ? 'ETIMEDOUT' : error.code;
    return new NetworkError(clean(`${where}: no response from BambooHR (${code ?? error.message})`), {
      connector,
      where,
      cause: safeCause(code, error.message),
    });
  }
  const status = response.status;
  const detail = headerValue(response.headers, 'x-bamboohr-message') ?? headerValue(response.headers, 'x-bamboohr-error-message');
  const requestId = requestIdOf(response.headers);
  const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
  const message = clean(`${where}: HTTP ${status}${detail ? ` ${detail}` : ''}`);
  const details = { connector, status, requestId, where, cause: safeCause(`HTTP_${status}`, message) };
  if (status === 401) return new AuthenticationError(`${message} (the API key was not accepted)`, details);
  if (status === 403)
    return new PermissionError(`${message} (the key's user lacks a permission, or API access is off after repeated bad keys)`, details);
  if (status === 404) return new NotFoundError(message, details);
  if (status === 429 || (status === 503 && retryAfterMs !== undefined))
    return new RateLimitError(`${message} (throttled)`, { ...details, retryAfterMs });
  if (status === 400 || status === 406 || status === 409 || status === 412 || status === 413 || status === 422)
    return new RejectedError(message, details);
  return new ProviderError(message, details);
};

/** A payload that fails its wire schema: the API drifted from what the connector knows. */
export const toShapeError = (connector: string, what: string, issues: z.core.$ZodIssue[]): ResponseShapeError =>
  new ResponseShapeError(`BambooHR ${what}: unexpected response shape`, {
    connector,
    where: issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; '),
  });
