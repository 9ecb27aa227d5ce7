/**
 * The one translator from BambooHR failures to FluencyErrors. BambooHR puts the detail in the
 * `X-BambooHR-Message` header (some endpoints `x-bamboohr-error-message`); throttling is 429, or 503 with
 * `Retry-After` on accounts not yet moved to 429 (https://documentation.bamboohr.com/docs/planned-changes-to-the-api).
 * The status ladder is `errorFromStatus` (src/http).
 */
import type { z } from 'zod';
import { FluencyError, ProviderError, ResponseShapeError } from '../../src/errors.js';
import {
  errorFromStatus,
  headerValue,
  knownSecrets,
  parseRetryAfter,
  readFailedCall,
  redactText,
  transportError,
  type FailureAt,
} from '../../src/http/index.js';

/** The request id BambooHR's support desk asks for. */
export const requestIdOf = (headers: unknown): string | undefined =>
  headerValue(headers, 'x-request-id') ??
  headerValue(headers, 'x-bamboohr-request-id') ??
  headerValue(headers, 'request-id');

export const toError = (e: unknown, at: FailureAt): FluencyError => {
  if (e instanceof FluencyError) return e;
  const network = transportError(e, at);
  if (network) return network;
  const f = readFailedCall(e);
  if (f.status === undefined) {
    // Not a call at all: a bug or a library's complaint. Its message only, redacted; never the error (axios' config).
    const said = redactText(e instanceof Error ? e.message : String(e), knownSecrets());
    return new ProviderError(`${at.where}: BambooHR call failed: ${said}`, at);
  }
  return errorFromStatus(f.status, {
    ...at,
    message: headerValue(f.headers, 'x-bamboohr-message') ?? headerValue(f.headers, 'x-bamboohr-error-message'),
    requestId: requestIdOf(f.headers),
    retryAfterMs: parseRetryAfter(headerValue(f.headers, 'retry-after')),
  });
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
