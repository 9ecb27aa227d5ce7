/**
 * OData V2 `$batch` bodies for GET requests only: the request (one `application/http` part per GET) and the reading
 * of the answer (one part per request, in order). Pure: no I/O.
 * https://www.odata.org/documentation/odata-version-2-0/batch-processing/
 */

/** One answer of a batch: its HTTP status and its body as text. */
export interface PartAnswer {
  status: number;
  body: string;
}

const CRLF = '\r\n';

/** The multipart body of GET requests, each path relative to the service root (`EmpJob?$filter=...`). */
export const batchRequestBody = (boundary: string, paths: readonly string[]): string =>
  paths
    .map((path) =>
      [
        `--${boundary}`,
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        '',
        `GET ${path} HTTP/1.1`,
        'Accept: application/json',
        '',
        '',
      ].join(CRLF),
    )
    .join('') + `--${boundary}--${CRLF}`;

/** The boundary a `multipart/mixed` content type names, or null. */
export const boundaryOf = (contentType: string): string | null => {
  const m = /boundary=("?)([^";]+)\1/i.exec(contentType);
  return m?.[2]?.trim() ?? null;
};

/** Header block and the rest, split at the first blank line (CRLF or LF). */
const splitHead = (text: string): [string, string] | null => {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : null;
};

/**
 * The answers of a batch, in order, or null when the text is not a multipart answer with that boundary. A part
 * that is not one HTTP response (a changeset) makes the whole answer unreadable: this reader asks GETs only.
 */
export const parseBatchAnswer = (boundary: string, text: string): PartAnswer[] | null => {
  const delimiter = `--${boundary}`;
  const pieces = text.split(delimiter);
  // pieces[0] is the preamble; the closing delimiter leaves a piece starting with `--`.
  const closed = pieces.length >= 2 && (pieces[pieces.length - 1] ?? '').startsWith('--');
  if (!closed) return null;
  const out: PartAnswer[] = [];
  for (const piece of pieces.slice(1, -1)) {
    const part = splitHead(piece.replace(/^\r?\n/, ''));
    if (!part || !/content-type:\s*application\/http/i.test(part[0])) return null;
    const response = splitHead(part[1]);
    const status = response ? /^HTTP\/1\.[01] (\d{3})/.exec(response[0].trimStart()) : null;
    if (!response || !status) return null;
    out.push({ status: Number(status[1]), body: response[1].replace(/\r?\n$/, '') });
  }
  return out;
};
