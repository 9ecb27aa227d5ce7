/**
 * The one translator from Workday failures to FluencyErrors: it reads SOAP 1.1 faults and the REST APIs' validation
 * errors; the status ladder is `errorFromStatus` (src/http).
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { FluencyError, ResponseShapeError } from '../../src/errors.js';
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
  type FailureKind,
} from '../../src/http/index.js';
import { decodeEntities } from './xml-text.js';
import { restValidationError } from './wire-schemas.js';

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
            Validation_Fault: z.object({ Validation_Error: z.unknown().optional() }).optional(),
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

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
  htmlEntities: false,
});

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
    .flatMap((r) =>
      r.success ? [{ message: r.data.Message ?? r.data.Detail_Message ?? '', xpath: r.data.Xpath }] : [],
    );
  const code = f.faultcode ?? '';
  const kind =
    detail?.Validation_Fault !== undefined || /validationError/i.test(code)
      ? 'validation'
      : detail?.Authentication_Fault !== undefined || /authentication/i.test(code)
        ? 'authentication'
        : detail?.Processing_Fault !== undefined || /processingError/i.test(code)
          ? 'processing'
          : 'other';
  const message =
    kind === 'processing' ? (detail?.Processing_Fault?.Detail_Message ?? f.faultstring ?? '') : (f.faultstring ?? '');
  return { code, message, kind, errors };
};

const clean = (s: string): string => redactText(s, knownSecrets()).slice(0, 2000);

/** The class a fault asks for, whatever the HTTP status (SOAP faults arrive as 500). */
const faultKind = (fault: SoapFault, status: number): FailureKind => {
  if (fault.kind === 'authentication' || status === 401) return 'auth';
  if (fault.kind === 'validation') return 'rejected';
  if (fault.kind === 'processing') return 'provider';
  return /^(\w+:)?Client/.test(fault.code) ? 'rejected' : 'provider';
};

/** A fault's own words: each validation error with its xpath, or the processing detail, or the fault string. */
const faultText = (fault: SoapFault): string => {
  if (fault.kind === 'validation') {
    const each = fault.errors.map((x) => `${x.message}${x.xpath ? ` (at ${x.xpath})` : ''}`);
    return `Validation_Fault: ${each.length > 0 ? each.join('; ') : fault.message}`;
  }
  if (fault.kind === 'processing') return `Processing_Fault: ${fault.message}`;
  return fault.message || (fault.kind === 'authentication' ? 'authentication failed' : '');
};

/**
 * Workday failures (SOAP faults, REST errors, HTTP statuses, dropped connections) as FluencyErrors.
 * The original error is never attached as `cause`: node-soap's errors carry the request envelope with the password.
 */
export const toError = (e: unknown, at: FailureAt): FluencyError => {
  if (e instanceof FluencyError) return e;
  const network = transportError(e, at);
  if (network) return network;
  const f = readFailedCall(e);
  // No answer and no network code: node-soap could not read what came back.
  if (f.status === undefined)
    return new ResponseShapeError(`${at.where}: ${clean(f.message ?? 'unexpected failure')}`, at);
  const status = f.status;
  const retryAfterMs = parseRetryAfter(headerValue(f.headers, 'retry-after'));
  // Throttled first: the request was not processed, whatever page came with the answer.
  if (kindOfStatus(status, retryAfterMs) === 'rate-limited') return errorFromStatus(status, { ...at, retryAfterMs });
  const fault = parseSoapFault(f.data);
  if (fault) {
    const field = fault.errors[0]?.xpath;
    return errorOfKind(faultKind(fault, status), status, { ...at, message: clean(faultText(fault)), field });
  }
  // A REST validation error names each problem and the path of the field it is about (`[3].eligible` in a bulk write).
  const rest = status === 400 ? restValidationError.safeParse(f.data) : null;
  if (rest?.success && (rest.data.errors?.length ?? 0) > 0) {
    const errors = rest.data.errors ?? [];
    const paths = errors.map((x) => x.path ?? x.field).filter((x) => x !== null && x !== undefined);
    const message = [rest.data.error, ...errors.map((x) => x.error)].map(clean).join('; ');
    return errorFromStatus(status, { ...at, message, field: paths.length > 0 ? paths.join(' ') : undefined });
  }
  return errorFromStatus(status, at);
};
