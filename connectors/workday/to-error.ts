import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
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
import { knownSecrets, parseRetryAfter, redactText } from '../../src/http/index.js';
import { decodeEntities } from './xml-text.js';
import { restValidationError } from './wire-schemas.js';

const CONNECTOR = 'workday';

const field = (o: unknown, key: string): unknown => (typeof o === 'object' && o !== null ? Reflect.get(o, key) : undefined);

/** The parts of a failed call we read: status, headers, body; never the request (it holds the credentials). */
const failureOf = (e: unknown) => {
  const code = field(e, 'code');
  const message = field(e, 'message');
  const response = field(e, 'response');
  const status = field(response, 'status');
  const headers = field(response, 'headers');
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
    response:
      typeof status === 'number'
        ? { status, retryAfter: field(headers, 'retry-after'), data: field(response, 'data') }
        : undefined,
  };
};

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = z.union([z.string(), z.number(), z.boolean()]).transform((v) => decodeEntities(String(v)));
const faultBody = z.object({
  Envelope: z.object({
    Body: z.object({
      Fault: z.object({
        faultcode: text.optional(),
        faultstring: text.optional(),
        detail: z
          .object({
            Validation_Fault: z
              .object({ Validation_Error: z.unknown().optional() })
              .optional(),
            Processing_Fault: z.object({ Detail_Message: text.optional() }).optional(),
            Authentication_Fault: z.unknown().optional(),
          })
          .or(z.string())
          .optional(),
      }),
    }),
  }),
});
const validationError = z.object({ Message: text.optional(), Detail_Message: text.optional(), Xpath: text.optional() });

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, processEntities: false, parseTagValue: false, htmlEntities: false });

interface SoapFault {
  code: string;
  message: string;
  kind: 'validation' | 'processing' | 'authentication' | 'other';
  errors: { message: string; xpath: string | undefined }[];
}

/** Reads a SOAP 1.1 fault body. A document with a DTD is not parsed at all (no entity is ever expanded). */
export const parseSoapFault = (body: unknown): SoapFault | null => {
  if (typeof body !== 'string' || !body.includes('Fault') || /<!DOCTYPE|<!ENTITY/i.test(body)) return null;
  let raw: unknown;
  try {
    raw = parser.parse(body);
  } catch {
    return null;
  }
  const parsed = faultBody.safeParse(raw);
  if (!parsed.success) return null;
  const f = parsed.data.Envelope.Body.Fault;
  const detail = typeof f.detail === 'object' ? f.detail : undefined;
  const errors = asArray(detail?.Validation_Fault?.Validation_Error)
    .map((e) => validationError.safeParse(e))
    .flatMap((r) => (r.success ? [{ message: r.data.Message ?? r.data.Detail_Message ?? '', xpath: r.data.Xpath }] : []));
  const code = f.faultcode ?? '';
  const kind = detail?.Validation_Fault !== undefined || /validationError/i.test(code) ? 'validation'
    : detail?.Authentication_Fault !== undefined || /authentication/i.test(code) ? 'authentication'
    : detail?.Processing_Fault !== undefined || /processingError/i.test(code) ? 'processing'
    : 'other';
  const message = kind === 'processing' ? (detail?.Processing_Fault?.Detail_Message ?? f.faultstring ?? '') : (f.faultstring ?? '');
  return { code, message, kind, errors };
};

const clean = (s: string): string => redactText(s, knownSecrets()).slice(0, 2000);

/**
 * The one translator from Workday failures (SOAP faults, HTTP statuses, dropped connections) to FluencyErrors.
 * The original error is never attached as `cause`: node-soap's errors carry the request envelope with the password.
 */
export const toWorkdayError = (e: unknown, operation: string): FluencyError => {
  if (e instanceof FluencyError) return e;
  const info = failureOf(e);
  const res = info.response;
  const where = operation;
  if (!res) {
    if (info.code && /^E[A-Z]+|ERR_|ECONN/.test(info.code))
      return new NetworkError(`${operation}: connection failed (${info.code})`, { connector: CONNECTOR, where, cause: { code: info.code } });
    return new ResponseShapeError(`${operation}: ${clean(info.message ?? 'unexpected failure')}`, { connector: CONNECTOR, where });
  }
  const status = res.status;
  // An answer that broke off after its status line: the connection failed, whatever the status said.
  if (status < 400 && /aborted|socket hang up|ECONNRESET/i.test(`${info.code ?? ''} ${info.message ?? ''}`))
    return new NetworkError(`${operation}: the answer broke off (${clean(info.message ?? 'aborted')})`, {
      connector: CONNECTOR,
      where,
      cause: { code: info.code },
    });
  const details = { connector: CONNECTOR, status, where };
  const retryAfterMs = parseRetryAfter(res.retryAfter);
  // 429, or 503 with Retry-After: throttled, not processed (research notes: back off on 429/503 honouring it).
  if (status === 429 || (status === 503 && retryAfterMs !== undefined))
    return new RateLimitError(`${operation}: Workday throttled the request (${status})`, { ...details, retryAfterMs });
  const fault = parseSoapFault(res.data);
  if (fault) {
    const summary = fault.errors.length > 0 ? fault.errors.map((x) => `${x.message}${x.xpath ? ` (at ${x.xpath})` : ''}`).join('; ') : fault.message;
    const withWhere = { ...details, where: fault.errors[0]?.xpath ?? where };
    if (fault.kind === 'authentication' || status === 401) return new AuthenticationError(`${operation}: ${clean(fault.message || 'authentication failed')}`, withWhere);
    if (fault.kind === 'validation') return new RejectedError(`${operation}: Validation_Fault: ${clean(summary)}`, withWhere);
    if (fault.kind === 'processing') return new ProviderError(`${operation}: Processing_Fault: ${clean(fault.message)}`, withWhere);
    if (/^(\w+:)?Client/.test(fault.code)) return new RejectedError(`${operation}: ${clean(fault.message)}`, withWhere);
    return new ProviderError(`${operation}: ${clean(fault.message)}`, withWhere);
  }
  // A REST validation error names each problem and the path of the field it is about (`[3].eligible` in a bulk write).
  const rest = status === 400 ? restValidationError.safeParse(res.data) : null;
  if (rest?.success && (rest.data.errors?.length ?? 0) > 0) {
    const errors = rest.data.errors ?? [];
    const paths = errors.map((x) => x.path ?? x.field).filter((x) => x !== null && x !== undefined);
    const summary = [rest.data.error, ...errors.map((x) => x.error)].map(clean).join('; ');
    const withWhere = { ...details, where: paths.length > 0 ? paths.join(' ') : where };
    return new RejectedError(`${operation}: ${summary}`, withWhere);
  }
  if (status === 401) return new AuthenticationError(`${operation}: Workday refused the credentials (401)`, details);
  if (status === 403) return new PermissionError(`${operation}: the integration user lacks access (403)`, details);
  if (status === 404) return new NotFoundError(`${operation}: not found (404)`, details);
  if (status >= 500) return new ProviderError(`${operation}: Workday answered ${status}`, details);
  if (status >= 400) return new RejectedError(`${operation}: Workday refused the request (${status})`, details);
  return new ResponseShapeError(`${operation}: unexpected response (${status})`, details);
};
