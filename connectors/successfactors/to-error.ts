/**
 * The one translator from SuccessFactors failures to fluencyflow's error tree: it reads OData's error JSON and the
 * records of an upsert answer; the status ladder is `errorFromStatus` (src/http).
 */
import { FluencyError, ProviderError, ResponseShapeError } from '../../src/errors.js';
import {
  errorFromStatus,
  errorOfKind,
  headerValue,
  kindOfStatus,
  knownSecrets,
  parseRetryAfter,
  readFailedCall,
  redactText,
  transportError,
  type FailureAt,
} from '../../src/http/index.js';
import { odataError, plainError } from './wire-schemas.js';

export const CONNECTOR_TYPE = 'successfactors';

/** `{"error":{"code","message":{"lang","value"}}}` or `{"message": "..."}`, reduced to code and text. */
const readErrorBody = (data: unknown): { code: string | null; message: string | null } => {
  let body: unknown = data;
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data);
    } catch {
      return { code: null, message: data.trim().slice(0, 300) || null };
    }
  }
  const o = odataError.safeParse(body);
  if (o.success) {
    const m = o.data.error.message;
    return { code: o.data.error.code ?? null, message: typeof m === 'string' ? m : (m?.value ?? null) };
  }
  const p = plainError.safeParse(body);
  if (p.success) return { code: p.data.code ?? null, message: p.data.message };
  return { code: null, message: null };
};

/** Turns a failed call (or anything thrown by one) into a FluencyError; never includes headers or bodies sent. */
export const toError = (e: unknown, at: FailureAt): FluencyError => {
  if (e instanceof FluencyError) return e;
  const network = transportError(e, at);
  if (network) return network;
  const f = readFailedCall(e);
  if (f.status !== undefined) {
    const { code, message } = readErrorBody(f.data);
    const failure = {
      ...at,
      message: `${code ? `${code}: ` : ''}${message ?? f.message ?? ''}`,
      requestId: headerValue(f.headers, 'x-sf-correlation-id'),
      retryAfterMs: parseRetryAfter(headerValue(f.headers, 'retry-after')),
    };
    // OData names a missing entity by its code, whatever 4xx carries it.
    if (code === 'COE_ENTITY_NOT_FOUND' && kindOfStatus(f.status) === 'rejected')
      return errorOfKind('not-found', f.status, failure);
    return errorFromStatus(f.status, failure);
  }
  const said = redactText(e instanceof Error ? e.message : String(e), knownSecrets()).slice(0, 500);
  if (e instanceof Error && e.name === 'ZodError')
    return new ResponseShapeError(`${at.where}: SuccessFactors answered an unexpected payload: ${said}`, at);
  return new ProviderError(`${at.where}: ${said}`, at);
};

/** Where an upsert's failures happened: `POST /odata/v2/upsert`. */
export const upsertAt = (connector: string): FailureAt => ({ connector, where: 'POST upsert' });

/**
 * One failed record of an upsert (status ERROR, with its own `httpCode`), as the error of that change's outcome:
 * `POST /odata/v2/upsert` answers 200 for the batch while records in it fail.
 */
export const upsertRecordError = (
  at: FailureAt,
  httpCode: number | null,
  message: string | null,
  key: string | null,
): FluencyError => {
  const failure = { ...at, message: message ?? 'record failed', field: key ?? undefined };
  // A record in ERROR with no failing code of its own is still a rejection of that record.
  if (httpCode === null || httpCode < 400) return errorOfKind('rejected', httpCode ?? undefined, failure);
  return errorFromStatus(httpCode, failure);
};
