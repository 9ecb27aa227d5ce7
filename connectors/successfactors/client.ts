/**
 * One function per SuccessFactors endpoint. Every response is parsed by its zod schema here; nothing above this
 * file sees the wire shape. Base: `https://{apiServer}/odata/v2/` (DESIGN §8).
 */
import { z } from 'zod';
import { ResponseShapeError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/index.js';
import { answer, parsedRows, routeOf } from './answer.js';
import { nextPath, readAll, type ReadSpec } from './batch-read.js';
import { parseEntityMetadata, type EntityMeta } from './metadata.js';
import { chunk, dedupeBy, inFilter, literal, queryString, type QueryOptions } from './odata.js';
import {
  collectionOf,
  eligibilityRow,
  empJobRow,
  exceptionRow,
  goalEnumRow,
  goalPlanRow,
  goalRow,
  jobCodeRow,
  payGradeRow,
  picklistValueRow,
  tokenResponse,
  upsertResponse,
  userRow,
  type EligibilityRow,
  type EmpJobRow,
  type ExceptionRow,
  type GoalEnumRow,
  type GoalRow,
  type JobCodeRow,
  type PayGradeRow,
  type PicklistValueRow,
  type UpsertResult,
  type UserRow,
} from './wire-schemas.js';
import {
  ELIGIBILITY_READ,
  EMPJOB_EXPAND,
  EMPJOB_SELECT,
  EXCEPTION_FIELDS,
  GOALENUM_SELECT,
  GOALPLAN_SELECT,
  GOAL_SELECT,
  JOBCODE_SELECT,
  PAYGRADE_SELECT,
  PICKLIST_VALUE_SELECT,
  USER_SELECT,
} from './wire-names.js';

const ODATA = 'odata/v2/';

// https://userapps.support.sap.com/sap/support/knowledge/en/2489065
/** Reads every page of a collection, following `__next` verbatim (KBA 2489065) on the same origin only. */
async function* pagesOf<T extends z.ZodType>(
  http: HttpClient,
  entitySet: string,
  query: QueryOptions,
  row: T,
): AsyncGenerator<z.infer<T>[]> {
  const schema = collectionOf(row);
  const route = routeOf(entitySet);
  let path: string | undefined = `${entitySet}${queryString(query)}`;
  while (path !== undefined) {
    const res = await http.request({ method: 'GET', url: `${ODATA}${path}`, route, idempotent: true });
    const body = answer(http, schema, res.data, route);
    yield body.d.results;
    path = body.d.__next === undefined ? undefined : nextPath(http, body.d.__next);
  }
}

const all = async <T extends z.ZodType>(
  http: HttpClient,
  entitySet: string,
  query: QueryOptions,
  row: T,
): Promise<z.infer<T>[]> => {
  const out: z.infer<T>[] = [];
  for await (const page of pagesOf(http, entitySet, query, row)) out.push(...page);
  return out;
};

// https://userapps.support.sap.com/sap/support/knowledge/en/3462403
/** `POST /oauth/token` with the SAML bearer assertion (KBA 3462403). Form fields, never Basic auth. */
export const requestToken = async (
  http: HttpClient,
  form: { companyId: string; clientId: string; assertion: string },
): Promise<z.infer<typeof tokenResponse>> => {
  const body = new URLSearchParams({
    company_id: form.companyId,
    client_id: form.clientId,
    grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
    assertion: form.assertion,
  }).toString();
  const res = await http.request({
    method: 'POST',
    url: 'oauth/token',
    route: 'POST oauth/token',
    idempotent: true,
    data: body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return answer(http, tokenResponse, res.data, 'POST oauth/token');
};

// https://api.sap.com/api/PLTUserManagement/overview (inactive users: KBA 2166571)
/** Users page by page, active and inactive (`status in 't','f'`: KBA 2166571). */
export const listUsers = (http: HttpClient, pageSize: number): AsyncGenerator<UserRow[]> =>
  pagesOf(http, 'User', { select: USER_SELECT, filter: "status in 't','f'", pageSize }, userRow);

/** How chunked reads are paged and batched: rows per page, ids per `in` filter, GET parts per `$batch`. */
export interface ReadPaging {
  pageSize: number;
  chunkSize: number;
  batchSize: number;
}

/** Rows of one entity set, parsed by their schema (FF_UNEXPECTED_RESPONSE naming the set when one does not fit). */
/** One read per chunk of ids. */
const chunkedSpecs = (
  entitySet: string,
  ids: readonly string[],
  chunkSize: number,
  query: (ids: string[]) => QueryOptions,
): ReadSpec[] => chunk(ids, chunkSize).map((c) => ({ entitySet, query: query(c) }));

// https://api.sap.com/api/ECEmploymentInformation/overview (all slices: KBA 2638422)
/** Every EmpJob time slice of these users (`fromDate`/`toDate`: KBA 2638422), with pay grade and job code. */
const jobHistorySpecs = (userIds: readonly string[], o: ReadPaging): ReadSpec[] =>
  chunkedSpecs('EmpJob', userIds, o.chunkSize, (ids) => ({
    select: EMPJOB_SELECT,
    expand: EMPJOB_EXPAND,
    filter: inFilter('userId', ids),
    pageSize: o.pageSize,
    fromDate: '1900-01-01',
    toDate: '9999-12-31',
  }));

const jobRowsOf = (http: HttpClient, rows: unknown[]): EmpJobRow[] =>
  dedupeBy(parsedRows(http, rows, empJobRow, 'EmpJob'), (r) => `${r.userId}|${r.startDate}|${r.seqNumber}`);

// https://api.sap.com/api/ECFoundationOrganization/overview
/** These job codes as in force on the as-of date (job function = job family, job level). */
export const listJobCodesAsOf = async (
  http: HttpClient,
  codes: readonly string[],
  asOfDate: string,
  o: ReadPaging,
): Promise<JobCodeRow[]> => {
  const specs = chunkedSpecs('FOJobCode', codes, o.chunkSize, (ids) => ({
    select: JOBCODE_SELECT,
    filter: inFilter('externalCode', ids),
    asOfDate,
    pageSize: o.pageSize,
  }));
  const rows = (await readAll(http, specs, o.batchSize)).flat();
  return dedupeBy(parsedRows(http, rows, jobCodeRow, 'FOJobCode'), (r) => r.externalCode);
};

// https://api.sap.com/api/ECFoundationOrganization/overview
/** Pay grades in force on the as-of date, with `paygradeLevel` (the grade order). */
export const listPayGrades = async (http: HttpClient, asOfDate: string): Promise<PayGradeRow[]> =>
  dedupeBy(
    await all(http, 'FOPayGrade', { select: PAYGRADE_SELECT, asOfDate, pageSize: 1000 }, payGradeRow),
    (r) => r.externalCode,
  );

// https://api.sap.com/api/PerformanceandGoalsPMGM/overview
export const listGoalPlans = (http: HttpClient) =>
  all(http, 'GoalPlanTemplate', { select: GOALPLAN_SELECT }, goalPlanRow);

// https://api.sap.com/api/PerformanceandGoalsPMGM/overview
/** The plan's enum values (category, state...). */
export const listGoalEnums = (http: HttpClient, planId: number): Promise<GoalEnumRow[]> =>
  all(http, 'GoalEnum', { select: GOALENUM_SELECT, filter: `planId eq ${planId}` }, goalEnumRow);

// https://api.sap.com/api/FoundationPlatformPLT/overview (PickListValueV2; effective dated through its picklist)
/** The options of an MDF picklist as of a date, active and inactive (inactive ones may not be written). */
export const listPicklistValues = async (
  http: HttpClient,
  picklistId: string,
  asOfDate: string,
): Promise<PicklistValueRow[]> => {
  const query = { select: PICKLIST_VALUE_SELECT, filter: `PickListV2_id eq ${literal(picklistId)}`, asOfDate };
  return dedupeBy(await all(http, 'PickListValueV2', query, picklistValueRow), (r) => r.externalCode);
};

// https://api.sap.com/api/FoundationPlatformPLT/overview (`<EntitySet>/$metadata`: one set's EDMX, sap: annotations)
/** `GET <EntitySet>/$metadata`: keys, property types, picklists and what the API user may create or upsert. */
export const getEntityMetadata = async (http: HttpClient, entitySet: string): Promise<EntityMeta | null> => {
  const route = `GET ${entitySet.replace(/_\d+$/, '_<plan>')}/$metadata`;
  const res = await http.request({
    method: 'GET',
    url: `${ODATA}${entitySet}/$metadata`,
    route,
    idempotent: true,
    headers: { Accept: 'application/xml' },
    responseType: 'text',
  });
  try {
    return parseEntityMetadata(answer(http, z.string(), res.data, route), entitySet);
  } catch (e) {
    if (e instanceof ResponseShapeError) throw e;
    // The XML parser's own complaint about a cut or broken document, shortened (never the document).
    const why = e instanceof Error ? e.message.slice(0, 120) : 'unreadable';
    const message = `SuccessFactors ${route}: the answer is not a readable EDMX document`;
    throw new ResponseShapeError(message, { connector: http.connector, where: why });
  }
};

// https://api.sap.com/api/PerformanceandGoalsPMGM/overview
const goalSpecs = (planId: number, userIds: readonly string[], o: ReadPaging & { name?: string }): ReadSpec[] =>
  chunkedSpecs(`Goal_${planId}`, userIds, o.chunkSize, (ids) => ({
    select: GOAL_SELECT,
    filter:
      o.name === undefined ? inFilter('userId', ids) : `${inFilter('userId', ids)} and ${inFilter('name', [o.name])}`,
    pageSize: o.pageSize,
  }));

const goalRowsOf = (http: HttpClient, planId: number, rows: unknown[]): GoalRow[] =>
  dedupeBy(parsedRows(http, rows, goalRow, `Goal_${planId}`), (r) => r.id);

/** Goals of many users, one read per chunk of ids; `name` narrows to the standard title when given. */
export const findGoals = async (
  http: HttpClient,
  planId: number,
  userIds: readonly string[],
  o: ReadPaging & { name?: string },
): Promise<GoalRow[]> =>
  goalRowsOf(http, planId, (await readAll(http, goalSpecs(planId, userIds, o), o.batchSize)).flat());

// https://api.sap.com/api/PerformanceandGoalsPMGM/overview (Goal_<planId> is sap:deletable)
// https://userapps.support.sap.com/sap/support/knowledge/en/2976724 (custom MDF objects over OData)
/** `DELETE <EntitySet>(<key>)`: 204 No Content; an entity that is not there answers 404. */
export const deleteEntity = async (http: HttpClient, entitySet: string, key: string): Promise<void> => {
  await http.request({
    method: 'DELETE',
    url: `${ODATA}${entitySet}(${key})`,
    route: `DELETE ${entitySet.replace(/_\d+$/, '_<plan>')}`,
    idempotent: true,
  });
};

// https://userapps.support.sap.com/sap/support/knowledge/en/2976724 (custom MDF objects over OData)
const eligibilitySpecs = (object: string, userIds: readonly string[], o: ReadPaging): ReadSpec[] =>
  chunkedSpecs(object, userIds, o.chunkSize, (ids) => ({
    select: ELIGIBILITY_READ,
    filter: inFilter('externalCode', ids),
    pageSize: o.pageSize,
  }));

// https://userapps.support.sap.com/sap/support/knowledge/en/2976724
const exceptionSpecs = (object: string, userIds: readonly string[], o: ReadPaging): ReadSpec[] =>
  chunkedSpecs(object, userIds, o.chunkSize, (ids) => ({
    select: EXCEPTION_FIELDS,
    filter: inFilter('cust_userId', ids),
    pageSize: o.pageSize,
  }));

/** What fluencyflow reads of a set of people besides their User rows. */
export interface PeopleRows {
  jobs: EmpJobRow[];
  goals: GoalRow[];
  flags: EligibilityRow[];
  notes: ExceptionRow[];
}

/**
 * The job history, goals, flag and notes of these users: the `in` reads of all four entity sets asked for
 * together, so a page of 1,000 people costs one `$batch` call (plus one per round of further pages).
 */
export const readPeople = async (
  http: HttpClient,
  userIds: readonly string[],
  objects: { goalPlanId: number; mdfObject: string; exceptionObject: string },
  o: ReadPaging,
): Promise<PeopleRows> => {
  const groups = [
    jobHistorySpecs(userIds, o),
    goalSpecs(objects.goalPlanId, userIds, o),
    eligibilitySpecs(objects.mdfObject, userIds, o),
    exceptionSpecs(objects.exceptionObject, userIds, o),
  ];
  const rows = await readAll(http, groups.flat(), o.batchSize);
  const [jobs, goals, flags, notes] = groups.map((g, i) => {
    const start = groups.slice(0, i).reduce((n, x) => n + x.length, 0);
    return rows.slice(start, start + g.length).flat();
  });
  return {
    jobs: jobRowsOf(http, jobs ?? []),
    goals: goalRowsOf(http, objects.goalPlanId, goals ?? []),
    flags: dedupeBy(parsedRows(http, flags ?? [], eligibilityRow, objects.mdfObject), (r) => r.externalCode),
    notes: dedupeBy(parsedRows(http, notes ?? [], exceptionRow, objects.exceptionObject), (r) => r.externalCode),
  };
};

// https://www.odata.org/documentation/odata-version-2-0/json-format/ (service document: `{ d: { EntitySets } }`)
/** `GET /odata/v2/`: the names of the entity sets the API user can see, for "did you mean" on a mistyped object. */
export const listEntitySets = async (http: HttpClient): Promise<string[]> => {
  const res = await http.request({
    method: 'GET',
    url: `${ODATA}?$format=json`,
    route: 'GET service document',
    idempotent: true,
  });
  return z.object({ d: z.object({ EntitySets: z.array(z.string()) }) }).parse(res.data).d.EntitySets;
};

// https://userapps.support.sap.com/sap/support/knowledge/en/2546923 (an unknown entity set answers
// COE_ENTITY_NOT_FOUND)
/** A cheap existence probe of an entity set (one row, one property). */
export const probe = async (http: HttpClient, entitySet: string, property: string): Promise<void> => {
  await http.request({
    method: 'GET',
    url: `${ODATA}${entitySet}${queryString({ select: [property], top: 1 })}`,
    route: `GET ${entitySet}`,
    idempotent: true,
  });
};

// https://userapps.support.sap.com/sap/support/knowledge/en/2936182
/**
 * `POST /odata/v2/upsert?strictTransactionIsolate=true`: at most 1000 records (KBA 3145174), each independent
 * (KBA 2936182). Answers 200 even when records fail: the caller reads every result.
 */
export const upsert = async (
  http: HttpClient,
  records: readonly Record<string, unknown>[],
  o: { idempotent: boolean } = { idempotent: true },
): Promise<UpsertResult[]> => {
  if (records.length > 1000) throw new RangeError('an upsert takes at most 1000 records');
  // A batch that creates goals is not idempotent: the transport never resends it after an ambiguous failure.
  const res = await http.request({
    method: 'POST',
    url: `${ODATA}upsert?$format=json&strictTransactionIsolate=true`,
    route: 'POST upsert',
    idempotent: o.idempotent,
    data: records,
    headers: { 'Content-Type': 'application/json' },
  });
  return answer(http, upsertResponse, res.data, 'POST upsert').d;
};

// https://api.sap.com/api/PLTUserManagement/overview
/** These users (active and inactive), one read per chunk of ids. */
export const listUsersByIds = async (
  http: HttpClient,
  userIds: readonly string[],
  o: ReadPaging,
): Promise<UserRow[]> => {
  const specs = chunkedSpecs('User', userIds, o.chunkSize, (ids) => ({
    select: USER_SELECT,
    filter: `status in 't','f' and ${inFilter('userId', ids)}`,
    pageSize: o.pageSize,
  }));
  const rows = (await readAll(http, specs, o.batchSize)).flat();
  return dedupeBy(parsedRows(http, rows, userRow, 'User'), (r) => r.userId);
};
