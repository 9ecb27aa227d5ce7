/** The one translator from SuccessFactors failures to fluencyflow's error tree. */
import { isAxiosError } from 'axios';
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
  type ErrorDetails,
} from '../../src/errors.js';
import { headerValue, knownSecrets, parseRetryAfter, redactText } from '../../src/http/index.js';
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


/** Turns an axios error (or anything thrown by a call) into a FluencyError; never includes headers or bodies sent. */
export const toFluencyError = (error: unknown, connector: string = CONNECTOR_TYPE): FluencyError => {
  if (error instanceof FluencyError) return error;
  const secrets = knownSecrets();
  if (isAxiosError(error)) {
    const status = error.response?.status;
    if (status === undefined) {
      return new NetworkError(`SuccessFactors unreachable: ${error.code ?? 'network error'}`, { connector, cause: { code: error.code } });
    }
    // An answer that broke off after its status line: the connection failed, whatever the status said.
    if (status < 400 && /aborted|socket hang up|ECONNRESET/i.test(`${error.code ?? ''} ${error.message}`))
      return new NetworkError(`SuccessFactors answer broke off: ${error.message}`, {
        connector,
        cause: { code: error.code },
      });
    const { code, message } = readErrorBody(error.response?.data);
    const text = redactText(`${code ? `${code}: ` : ''}${message ?? error.message}`, secrets);
    const details: ErrorDetails = {
      connector,
      status,
      requestId: headerValue(error.response?.headers, 'x-sf-correlation-id'),
      where: error.config?.url?.split('?')[0],
    };
    if (status === 401) return new AuthenticationError(`SuccessFactors refused the credentials (401): ${text}`, details);
    if (status === 403) return new PermissionError(`SuccessFactors denied access (403): ${text}`, details);
    if (status === 404 || status === 410) return new NotFoundError(`SuccessFactors: not found (${status}): ${text}`, details);
    const retryAfterMs = parseRetryAfter(headerValue(error.response?.headers, 'retry-after'));
    // 429, or 503 with Retry-After: throttled, not processed (research notes: back off on 429/503 honouring it).
    if (status === 429 || (status === 503 && retryAfterMs !== undefined))
      return new RateLimitError(`SuccessFactors rate limit (${status})`, { ...details, retryAfterMs });
    if (status >= 500) return new ProviderError(`SuccessFactors server error (${status}): ${text}`, details);
    if (code === 'COE_ENTITY_NOT_FOUND') return new NotFoundError(`SuccessFactors: ${text}`, details);
    return new RejectedError(`SuccessFactors rejected the request (${status}): ${text}`, details);
  }
  if (error instanceof Error && error.name === 'ZodError') {
    return new ResponseShapeError(`SuccessFactors answered an unexpected payload: ${redactText(error.message, secrets).slice(0, 500)}`, { connector });
  }
  return new ProviderError(redactText(error instanceof Error ? error.message : String(error), secrets), { connector });
};

/** One failed record of an upsert (status ERROR), as the error of that change's outcome. */
export const upsertRecordError = (connector: string, httpCode: number | null, message: string | null, key: string | null): FluencyError => {
  const text = redactText(message ?? 'record failed', knownSecrets());
  const details: ErrorDetails = { connector, status: httpCode ?? undefined, where: key ?? undefined };
  if (httpCode === 403) return new PermissionError(`SuccessFactors refused the record: ${text}`, details);
  if (httpCode !== null && httpCode >= 500) return new ProviderError(`SuccessFactors failed the record: ${text}`, details);
  return new RejectedError(`SuccessFactors rejected the record: ${text}`, details);
};
