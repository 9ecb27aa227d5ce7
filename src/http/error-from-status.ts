/**
 * The one status ladder: an HTTP status (with its Retry-After) becomes a class of `src/errors.ts`, in the role of
 * stripe-node's `generateV1Error`. Each connector's `to-error.ts` parses only its provider's error shapes (headers,
 * error JSON, SOAP faults) and then calls `errorFromStatus`, or `errorOfKind` when the provider's own words decide
 * the class (a SOAP `Validation_Fault` arrives as HTTP 500).
 */
import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  RejectedError,
  ResponseShapeError,
  type ErrorDetails,
  type FluencyError,
} from '../errors.js';
import { knownSecrets, redactText } from './redact.js';

/** Which connection failed and doing what: every translator's second argument. */
export interface FailureAt {
  /** The connector id from the config (`us`, `eu`), never its type: two tenants of one HRIS must be told apart. */
  connector: string;
  /** The operation that failed, as the message names it (`Get_Workers`, `PUT goals/{id}`). */
  where: string;
}

/** What a connector read from a failed answer, besides its status. */
export interface StatusFailure extends FailureAt {
  /** The provider's own words (a header, an error body, a fault string). Redacted here. */
  message?: string | undefined;
  /** The field, xpath or item the provider blamed; becomes the error's `where` (the message keeps the operation). */
  field?: string | undefined;
  retryAfterMs?: number | undefined;
  requestId?: string | undefined;
}

export type FailureKind = 'rejected' | 'auth' | 'forbidden' | 'not-found' | 'rate-limited' | 'provider' | 'unexpected';

export const kindOfStatus = (status: number, retryAfterMs?: number): FailureKind => {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  // 503 with Retry-After is throttling too (BambooHR before its move to 429; SuccessFactors' and Workday's guidance):
  // the request was not processed, so even a create may be sent again after the wait.
  if (status === 429 || (status === 503 && retryAfterMs !== undefined)) return 'rate-limited';
  if (status >= 500) return 'provider';
  if (status >= 400) return 'rejected';
  // A redirect (never followed) or a success that carried a failure: a proxy's or a login page.
  return 'unexpected';
};

const PHRASE: Record<FailureKind, string> = {
  rejected: 'rejected',
  auth: 'the credentials were refused',
  forbidden: 'permission denied',
  'not-found': 'not found',
  'rate-limited': 'throttled',
  provider: 'server error',
  unexpected: 'unexpected answer',
};

type ErrorClass = new (message: string, details: ErrorDetails) => FluencyError;
const CLASS: Record<FailureKind, ErrorClass> = {
  rejected: RejectedError,
  auth: AuthenticationError,
  forbidden: PermissionError,
  'not-found': NotFoundError,
  'rate-limited': RateLimitError,
  provider: ProviderError,
  unexpected: ResponseShapeError,
};

/** A provider may answer with a whole page; the message keeps a readable start of it. */
const MAX_MESSAGE = 2000;

/** The error of a kind the connector decided; `status` is kept on the error as the HRIS answered it. */
export const errorOfKind = (kind: FailureKind, status: number | undefined, f: StatusFailure): FluencyError => {
  const said = f.message?.trim() ? `: ${f.message.trim()}` : '';
  const http = status === undefined ? '' : ` (HTTP ${status})`;
  const message = redactText(`${f.where}: ${PHRASE[kind]}${http}${said}`, knownSecrets()).slice(0, MAX_MESSAGE);
  return new CLASS[kind](message, {
    connector: f.connector,
    status,
    requestId: f.requestId,
    where: f.field ?? f.where,
    retryAfterMs: kind === 'rate-limited' ? f.retryAfterMs : undefined,
    // No cause: the HTTP client's error holds the request, and the request holds the credentials.
  });
};

/** The error an HTTP status means: other 4xx rejected; 401; 403; 404/410; 429 (or 503 + Retry-After); 5xx. */
export const errorFromStatus = (status: number, f: StatusFailure): FluencyError =>
  errorOfKind(kindOfStatus(status, f.retryAfterMs), status, f);
