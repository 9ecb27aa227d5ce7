/**
 * The exception notes of the workers that need them (a grade change in the job history read), at the fewest calls:
 * one customObject/v2 read per worker, or every instance of the exception object through WQL (`SELECT workdayID,
 * <worker>, <fields> FROM <wql.exceptionDataSource>`, 100 rows a call: workday.md §13), whichever is fewer. WQL's
 * first page gives the number of rows (`total`), so it is read once a read has more than one worker to ask about;
 * then the remaining pages are read when they are no more than the per-worker calls they save, counting the calls
 * this read already made per worker (so a full read of many pages settles on paging after a few pages at most).
 * Without the data source, or when the tenant refuses the query, per worker, with one warning naming the set-up.
 */
import pLimit from 'p-limit';
import { WQL_PAGE_MAX, type WorkdayClient } from './client.js';
import type { WorkdayConfig } from './config.js';
import { SETUP_DOC, idOfRef, isMissingSetup, wqlPages } from './wql-pages.js';

/** The exception object's instances of each worker, by WID, in the shape a customObject/v2 read gives. */
type NotesByWid = ReadonlyMap<string, Record<string, unknown>[]>;

export interface NoteReader {
  read(wids: readonly string[]): Promise<NotesByWid>;
}

/** The note fields read: the four of a note, and its Reference ID field when one is set up. */
export const noteFieldAliases = (config: WorkdayConfig): string[] => {
  const f = config.fields;
  return [f.promotionDate, f.fromGrade, f.toGrade, f.note, ...(f.noteReferenceId ? [f.noteReferenceId] : [])];
};

/** The WQL query of the notes (also what `check` runs with `limit=1`). */
export const notesQuery = (config: WorkdayConfig, source: string, workerField: string): string =>
  `SELECT ${['workdayID', workerField, ...noteFieldAliases(config)].join(', ')} FROM ${source}`;

interface ReaderDeps {
  config: WorkdayConfig;
  client: Pick<WorkdayClient, 'wql' | 'customObjectInstances'>;
  configPath: string;
  warn: (m: string) => void;
}

/** A reader for one read (or one apply batch): the rows it pages are kept for the rest of that read. */
export const noteReader = (deps: ReaderDeps): NoteReader => {
  const { config, client, configPath } = deps;
  const wql = config.wql;
  const source = wql?.exceptionDataSource;
  let usable = source !== undefined;
  let all: Map<string, Record<string, unknown>[]> | null = null;
  let first: { rows: Record<string, unknown>[]; total: number } | null = null;
  let perWorker = 0;

  const warnMissing = (why: string) =>
    deps.warn(
      `${configPath}.wql.exceptionDataSource: ${why}; exception notes are read with one customObject/v2 call per ` +
        `worker that needs them; set up the WQL data source (${SETUP_DOC}) to read them ${WQL_PAGE_MAX} a call`,
    );

  const page = async (offset: number) => {
    if (!wql || !source) throw new RangeError('no WQL data source');
    return client.wql(notesQuery(config, source, wql.workerField), { limit: WQL_PAGE_MAX, offset });
  };
  /** The first page (and `total`), or null when the tenant has no such set-up (after one warning). */
  const probe = async () => {
    try {
      const p = await page(0);
      return { rows: p.data, total: p.total ?? (p.data.length < WQL_PAGE_MAX ? p.data.length : Infinity) };
    } catch (e) {
      if (!isMissingSetup(e)) throw e;
      usable = false;
      warnMissing(`the WQL data source ${source ?? ''} cannot be read (${e.code}: ${e.message})`);
      return null;
    }
  };
  const pageAll = async (head: { rows: Record<string, unknown>[]; total: number }) => {
    const map = new Map<string, Record<string, unknown>[]>();
    const fields = noteFieldAliases(config);
    const add = (row: Record<string, unknown>) => {
      const wid = idOfRef(row[wql?.workerField ?? 'worker']);
      if (wid === null) return;
      const instance: Record<string, unknown> = { id: row['workdayID'] };
      for (const k of fields) instance[k] = row[k];
      map.set(wid, [...(map.get(wid) ?? []), instance]);
    };
    head.rows.forEach(add);
    if (head.rows.length === WQL_PAGE_MAX && head.rows.length < head.total) {
      const query = notesQuery(config, source ?? '', wql?.workerField ?? 'worker');
      for await (const rows of wqlPages(client, query, { offset: head.rows.length, total: head.total }))
        rows.forEach(add);
    }
    return map;
  };
  const oneByOne = async (wids: readonly string[]) => {
    perWorker += wids.length;
    const out = new Map<string, Record<string, unknown>[]>();
    const limit = pLimit(config.concurrency);
    await Promise.all(
      wids.map((wid) =>
        limit(async () => {
          // customObject/v2 GET /workers/{ID}/customObjects/{alias} (client.ts)
          out.set(wid, await client.customObjectInstances(config.exceptionObject, wid));
        }),
      ),
    );
    return out;
  };
  const pick = (wids: readonly string[], from: ReadonlyMap<string, Record<string, unknown>[]>) =>
    new Map(wids.map((w) => [w, from.get(w) ?? []]));

  return {
    async read(wids) {
      const unique = [...new Set(wids)];
      if (all) return pick(unique, all);
      if (unique.length === 0) return new Map();
      // One worker costs one call either way, and WQL's first page may not be the last.
      // Said when notes are needed (a read with no promotion in the window has none to read).
      if (source === undefined) warnMissing('not set');
      if (!usable || (first === null && unique.length === 1)) return oneByOne(unique);
      first ??= await probe();
      if (first === null) return oneByOne(unique);
      const remaining =
        first.rows.length < WQL_PAGE_MAX ? 0 : Math.ceil((first.total - first.rows.length) / WQL_PAGE_MAX);
      if (remaining > unique.length + perWorker) return oneByOne(unique);
      all = await pageAll(first);
      return pick(unique, all);
    },
  };
};
