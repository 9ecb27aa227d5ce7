/**
 * Every worker's eligibility instance in pages through WQL (workday.md §13): `SELECT <worker>, <eligible>, <reason>
 * FROM <data source>`, 100 rows a call (the `GET /data` maximum), instead of one customObject/v2 call per worker.
 * The data source is tenant set-up (`wql.dataSource`, docs/connectors/workday.md "Bulk reads"). Without it, or
 * when the tenant refuses the query (no such data source or field, no WQL domain), the caller reads per worker
 * and the session warns once, naming the set-up that is missing.
 */
import { WQL_PAGE_MAX, type WorkdayClient } from './client.js';
import type { WorkdayConfig } from './config.js';
import { SETUP_DOC, idOfRef, isMissingSetup, wqlPages } from './wql-pages.js';

/** Instances by worker WID, in the shape a customObject/v2 read gives (`{eligible, reason}` by field alias). */
export type EligibilityByWid = ReadonlyMap<string, Record<string, unknown>>;

/** The WQL query the connector sends (also what `check` runs with `limit=1`). */
export const eligibilityQuery = (config: WorkdayConfig, wql: NonNullable<WorkdayConfig['wql']>): string =>
  `SELECT ${wql.workerField}, ${config.fields.eligible}, ${config.fields.reason} FROM ${wql.dataSource}`;

/**
 * The instances of every worker, or null (after one warning) when the bulk path is not set up. Errors other than a
 * missing set-up (network, 5xx after retries) are thrown: a half-read would look like flags that are not there.
 */
export const readEligibilityByWql = async (deps: {
  config: WorkdayConfig;
  client: WorkdayClient;
  configPath: string;
  warn: (m: string) => void;
}): Promise<EligibilityByWid | null> => {
  const { config, client, configPath } = deps;
  const wql = config.wql;
  if (wql === undefined) {
    deps.warn(
      `${configPath}.wql is not set: eligibility flags are read with one customObject/v2 call per worker; set up the ` +
        `WQL data source (${SETUP_DOC}) to read them ${WQL_PAGE_MAX} workers a call`,
    );
    return null;
  }
  const query = eligibilityQuery(config, wql);
  const out = new Map<string, Record<string, unknown>>();
  try {
    for await (const rows of wqlPages(client, query))
      for (const row of rows) {
        const wid = idOfRef(row[wql.workerField]);
        if (wid === null) continue;
        const { eligible, reason } = config.fields;
        out.set(wid, { [eligible]: row[eligible], [reason]: row[reason] });
      }
    return out;
  } catch (e) {
    if (!isMissingSetup(e)) throw e;
    deps.warn(
      `${configPath}.wql.dataSource: the WQL data source ${wql.dataSource} cannot be read (${e.code}: ${e.message}); ` +
        `eligibility flags are read with one customObject/v2 call per worker until it is set up (${SETUP_DOC})`,
    );
    return null;
  }
};
