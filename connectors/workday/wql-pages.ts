/**
 * What the WQL bulk reads (flags: eligibility-read.ts, notes: notes-read.ts) share: paging `GET /data` 100 rows a
 * call (workday.md §13), telling a missing tenant set-up from a failing tenant, and reading a worker reference.
 */
import { FluencyError } from '../../src/errors.js';
import { WQL_PAGE_MAX, type WorkdayClient } from './client.js';

export const SETUP_DOC = 'docs/connectors/workday.md, "Bulk reads"';

/** Errors that mean the set-up is not there (or not visible to the user), as opposed to a failing tenant. */
const MISSING_SETUP = new Set(['FF_REJECTED', 'FF_NOT_FOUND', 'FF_FORBIDDEN']);

export const isMissingSetup = (e: unknown): e is FluencyError => e instanceof FluencyError && MISSING_SETUP.has(e.code);

/** The WID of a WQL instance reference (`{id, descriptor}`), or null. */
export const idOfRef = (v: unknown): string | null => {
  const id = typeof v === 'object' && v !== null ? Reflect.get(v, 'id') : undefined;
  return typeof id === 'string' ? id : null;
};

// https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (wql v1: GET /data)
/** The pages of a WQL query from `offset` on, until a short page or the answer's `total` (else `total`). */
export async function* wqlPages(
  client: Pick<WorkdayClient, 'wql'>,
  query: string,
  from: { offset: number; total: number } = { offset: 0, total: Infinity },
): AsyncGenerator<Record<string, unknown>[]> {
  for (let offset = from.offset; ;) {
    const page = await client.wql(query, { limit: WQL_PAGE_MAX, offset });
    yield page.data;
    offset += page.data.length;
    if (page.data.length < WQL_PAGE_MAX || offset >= (page.total ?? from.total)) return;
  }
}
