/**
 * What a delta read asks SuccessFactors first: which users changed in the window, and whether a job code got a new
 * slice (then everyone is read again).
 */
import { z } from 'zod';
import type { HttpClient } from '../../src/http/index.js';
import { parsedRows } from './answer.js';
import { readAll } from './batch-read.js';
import type { QueryOptions } from './odata.js';

/** The window of a delta read, as `$filter` literals. */
export interface ChangeWindow {
  /** `datetimeoffset'…'` (UTC): rows with `lastModifiedDateTime` from it on. */
  modifiedSince: string;
  /** `datetime'…'` in the data centre's time: goals with `lastModified` (an Edm.DateTime) from it on. */
  goalModifiedSince: string;
  /** `datetime'…'` bounds of the effective dates that became current: startDate in (from, to]. */
  effectiveAfter: string;
  effectiveThrough: string;
}

// https://userapps.support.sap.com/sap/support/knowledge/en/2735876 (query only what changed since the last run)
// https://api.sap.com/api/ECEmploymentInformation/overview (EmpJob lastModifiedDateTime, startDate)
// https://api.sap.com/api/PerformanceandGoalsPMGM/overview (Goal_<planId> lastModified)
// https://userapps.support.sap.com/sap/support/knowledge/en/2976724 (custom MDF objects: lastModifiedDateTime)
/**
 * Users with anything fluencyflow reads changed in the window: User and EmpJob rows modified since, EmpJob slices
 * that became effective in (from, to] (entered long ago, current now: no new modification time), goals of the plan
 * and the two MDF objects modified since. One query per entity set, paged; the five asked for in one `$batch`.
 */
export const listChangedUserIds = async (
  http: HttpClient,
  window: ChangeWindow,
  objects: { goalPlanId: number; mdfObject: string; exceptionObject: string },
  o: { pageSize: number; batchSize: number },
): Promise<string[]> => {
  const since = `lastModifiedDateTime ge ${window.modifiedSince}`;
  const effective = `(startDate gt ${window.effectiveAfter} and startDate le ${window.effectiveThrough})`;
  const reads: { entitySet: string; key: string; query: QueryOptions }[] = [
    { entitySet: 'User', key: 'userId', query: { filter: `status in 't','f' and ${since}` } },
    {
      entitySet: 'EmpJob',
      key: 'userId',
      query: { filter: `${since} or ${effective}`, fromDate: '1900-01-01', toDate: '9999-12-31' },
    },
    {
      entitySet: `Goal_${objects.goalPlanId}`,
      key: 'userId',
      query: { filter: `lastModified ge ${window.goalModifiedSince}` },
    },
    { entitySet: objects.mdfObject, key: 'externalCode', query: { filter: since } },
    { entitySet: objects.exceptionObject, key: 'cust_userId', query: { filter: since } },
  ];
  const specs = reads.map((r) => ({
    entitySet: r.entitySet,
    query: { ...r.query, select: [r.key], pageSize: o.pageSize },
  }));
  const rows = await readAll(http, specs, o.batchSize);
  const ids = new Set<string>();
  reads.forEach((r, i) => {
    const keyRow = z.object({ [r.key]: z.string() }).passthrough();
    for (const row of parsedRows(http, rows[i] ?? [], keyRow, r.entitySet)) {
      const id = row[r.key];
      if (typeof id === 'string') ids.add(id);
    }
  });
  return [...ids].sort();
};

// https://api.sap.com/api/ECFoundationOrganization/overview (FOJobCode is effective dated)
/** Whether a job code has a slice that became effective in (from, to]: then every holder's job family may differ. */
export const jobCodesChangedIn = async (
  http: HttpClient,
  window: Pick<ChangeWindow, 'effectiveAfter' | 'effectiveThrough'>,
): Promise<boolean> => {
  const filter = `startDate gt ${window.effectiveAfter} and startDate le ${window.effectiveThrough}`;
  const query = { select: ['externalCode'], filter, top: 1, fromDate: '1900-01-01', toDate: '9999-12-31' };
  const [rows = []] = await readAll(http, [{ entitySet: 'FOJobCode', query }], 1);
  return parsedRows(http, rows, z.object({ externalCode: z.string() }).passthrough(), 'FOJobCode').length > 0;
};
