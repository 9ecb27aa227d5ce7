/**
 * Many reads at once: their pages asked for together in `POST /odata/v2/$batch` calls (one GET part per read), so
 * a page of 1,000 people read in `in` chunks of 200 ids across four entity sets costs one call, not twenty. SAP
 * advises batch (or `in`) over many requests because each request opens a login session on the server (KBA 2735876);
 * a batch holds at most 180 requests (KBA 2614934).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ResponseShapeError } from '../../src/errors.js';
import { answer, routeOf } from './answer.js';
import type { HttpClient } from '../../src/http/index.js';
import { batchRequestBody, boundaryOf, parseBatchAnswer, type PartAnswer } from './multipart.js';
import { chunk, queryString, type QueryOptions } from './odata.js';

const ODATA = 'odata/v2/';

/** The most GET parts one `$batch` may carry (KBA 2614934: "The request count exceeds ... : 180"). */
const BATCH_MAX_PARTS = 180;

export interface ReadSpec {
  entitySet: string;
  query: QueryOptions;
}

/** One page of any collection: its rows unparsed (each caller parses them with its schema) and the next link. */
const pageAnswer = z.object({ d: z.object({ results: z.array(z.unknown()), __next: z.string().optional() }) });
type Page = z.infer<typeof pageAnswer>;

interface Pending {
  spec: number;
  /** Relative to the service root: `EmpJob?$format=json&...`. */
  path: string;
  route: string;
}

// https://userapps.support.sap.com/sap/support/knowledge/en/2489065 (server paging: `__next` followed verbatim)
/** One page on its own, through the transport's retry rules and error translation. */
const getOne = async (http: HttpClient, p: Pending): Promise<Page> => {
  const res = await http.request({ method: 'GET', url: `${ODATA}${p.path}`, route: p.route, idempotent: true });
  return answer(http, pageAnswer, res.data, p.route);
};

const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

// https://www.odata.org/documentation/odata-version-2-0/batch-processing/
// https://userapps.support.sap.com/sap/support/knowledge/en/2614934 (at most 180 requests per batch)
/**
 * `POST $batch` with one GET part per page. A batch of GETs changes nothing, so it is idempotent. A part that
 * failed (a 4xx or 5xx of its own, or an unreadable body) is asked again on its own, where the transport's retry
 * rules and the connector's error translation apply as to any read.
 */
const getBatch = async (http: HttpClient, group: readonly Pending[]): Promise<Page[]> => {
  if (group.length === 1 && group[0]) return [await getOne(http, group[0])];
  const boundary = `batch_${randomUUID()}`;
  const res = await http.request({
    method: 'POST',
    url: `${ODATA}$batch`,
    route: 'POST $batch',
    idempotent: true,
    data: batchRequestBody(
      boundary,
      group.map((p) => p.path),
    ),
    headers: { 'Content-Type': `multipart/mixed;boundary=${boundary}`, Accept: 'multipart/mixed' },
    responseType: 'text',
  });
  const contentType = String(res.headers['content-type'] ?? '');
  const answerBoundary = boundaryOf(contentType);
  const parts: PartAnswer[] | null =
    answerBoundary !== null && typeof res.data === 'string' ? parseBatchAnswer(answerBoundary, res.data) : null;
  if (parts?.length !== group.length) {
    const message = 'SuccessFactors POST $batch: the answer is not one multipart part per request';
    throw new ResponseShapeError(message, { connector: http.connector, where: 'POST $batch' });
  }
  const out: Page[] = [];
  for (const [i, p] of group.entries()) {
    const part = parts[i];
    const page = part && part.status === 200 ? pageAnswer.safeParse(jsonOf(part.body)) : null;
    out.push(page?.success ? page.data : await getOne(http, p));
  }
  return out;
};

/**
 * A `__next` link (followed verbatim: KBA 2489065) as a path relative to the service root, on the client's own origin
 * and under the service only: anything else is not an answer SuccessFactors gives.
 */
export const nextPath = (http: HttpClient, next: string): string => {
  const root = new URL(ODATA, http.axios.defaults.baseURL ?? 'http://invalid/');
  const url = new URL(next, root);
  const wrong =
    url.origin !== root.origin
      ? `another origin (${url.origin})`
      : !url.pathname.startsWith(root.pathname)
        ? `outside the service (${url.pathname})`
        : null;
  if (wrong === null) return `${url.pathname.slice(root.pathname.length)}${url.search}`;
  const where = 'GET __next';
  throw new ResponseShapeError(`SuccessFactors: a __next link points to ${wrong}`, {
    connector: http.connector,
    where,
  });
};

/**
 * Every row of each read, in the order of `specs`, unparsed. The first pages of all reads go out together (in
 * batches of `batchSize` parts, at most 180), then the next pages of those that have more, until none has; a
 * single page left is a plain GET.
 */
export const readAll = async (
  http: HttpClient,
  specs: readonly ReadSpec[],
  batchSize: number,
): Promise<unknown[][]> => {
  const out: unknown[][] = specs.map(() => []);
  let pending: Pending[] = specs.map((s, spec) => ({
    spec,
    path: `${s.entitySet}${queryString(s.query)}`,
    route: routeOf(s.entitySet),
  }));
  const size = Math.min(Math.max(1, batchSize), BATCH_MAX_PARTS);
  while (pending.length > 0) {
    const pages: Page[] = [];
    for (const group of chunk(pending, size)) pages.push(...(await getBatch(http, group)));
    const next: Pending[] = [];
    pending.forEach((p, i) => {
      const page = pages[i];
      if (!page) return;
      out[p.spec]?.push(...page.d.results);
      if (page.d.__next !== undefined) next.push({ ...p, path: nextPath(http, page.d.__next) });
    });
    pending = next;
  }
  return out;
};
