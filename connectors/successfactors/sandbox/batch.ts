/**
 * `POST /odata/v2/$batch` (OData V2 batch processing, multipart/mixed) for query parts: each `GET` part is answered
 * as the same GET on its own would be, in order, in one multipart answer (202). At most 180 requests per batch
 * (KBA 2614934). Changesets (writes in a batch) are not served by this sandbox: it refuses them rather than
 * pretending.
 * https://www.odata.org/documentation/odata-version-2-0/batch-processing/
 */
import { randomUUID } from 'node:crypto';
import { badRequest, WireError } from './wire-errors.js';

// https://userapps.support.sap.com/sap/support/knowledge/en/2614934
const MAX_REQUESTS = 180;

/** The GET parts of a batch request body: each one's path relative to the service root. */
export const parseBatchRequest = (contentType: string, body: string): string[] => {
  const boundary = /^multipart\/mixed\s*;\s*boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (boundary === undefined) throw badRequest('[COE0015]$batch needs Content-Type multipart/mixed with a boundary');
  const pieces = body.split(`--${boundary}`);
  if (pieces.length < 2 || !(pieces[pieces.length - 1] ?? '').startsWith('--'))
    throw badRequest('[COE0015]The batch request body is not closed by its boundary');
  const parts = pieces.slice(1, -1);
  if (parts.length > MAX_REQUESTS)
    throw badRequest(`The request count exceeds the maximum request count allowed : ${MAX_REQUESTS}`);
  return parts.map((piece) => {
    const [head = '', ...rest] = piece.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    if (/content-type:\s*multipart\/mixed/i.test(head))
      throw new WireError(501, 'COE_GENERAL_BAD_REQUEST', 'changesets in $batch are not served by this sandbox');
    if (!/content-type:\s*application\/http/i.test(head))
      throw badRequest('[COE0015]A batch part must have Content-Type application/http');
    const line = /^GET (\S+) HTTP\/1\.1$/.exec((rest.join('\n\n').split(/\r?\n/)[0] ?? '').trim());
    if (!line?.[1]) throw badRequest('[COE0015]A batch query part must be one `GET <path> HTTP/1.1` request');
    if (/^[a-z]+:\/\//i.test(line[1]) || line[1].startsWith('/'))
      throw badRequest('[COE0015]A batch part names its resource relative to the service root');
    return line[1];
  });
};

/** One part's answer: an HTTP response inside the multipart body. */
export interface PartResponse {
  status: number;
  body: unknown;
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** The multipart answer of a batch, with its content type. */
export const batchResponse = (parts: readonly PartResponse[]): { contentType: string; body: string } => {
  const boundary = `batch_${randomUUID()}`;
  const text = parts
    .map((p) => {
      const json = JSON.stringify(p.body);
      return [
        `--${boundary}`,
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        '',
        `HTTP/1.1 ${p.status} ${REASONS[p.status] ?? 'Error'}`,
        'Content-Type: application/json;charset=utf-8',
        `Content-Length: ${Buffer.byteLength(json)}`,
        '',
        json,
        '',
      ].join('\r\n');
    })
    .join('');
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: `${text}--${boundary}--\r\n` };
};
