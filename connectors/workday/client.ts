import type { z } from 'zod';
import type { ConnectorContext } from '../../src/connector.js';
import { createHttpClient, type HttpClient } from '../../src/http/index.js';
import { FluencyError, ResponseShapeError } from '../../src/errors.js';
import type { Credentials } from './auth.js';
import type { WorkdayConfig } from './config.js';
import type { Endpoints } from './endpoints.js';
import type { SoapCaller } from './soap-client.js';
import { toError } from './to-error.js';
import {
  customObjectCollection,
  customObjectInstance,
  fieldTypeDetail,
  getJobProfilesResponse,
  getWorkersResponse,
  listValue,
  objectDefinition,
  objectField,
  restCollection,
  restInstance,
  wqlData,
  wqlInstance,
  writeResponse,
} from './wire-schemas.js';

const parseAs = <T extends z.ZodType>(connector: string, schema: T, data: unknown, where: string): z.output<T> => {
  const r = schema.safeParse(data);
  if (!r.success)
    throw new ResponseShapeError(`${where}: the response does not have the expected shape`, {
      connector,
      where: r.error.issues.map((i) => `${where}.${i.path.join('.')}`).join(', '),
    });
  return r.data;
};

export interface WorkdayClient {
  getWorkers(args: object): Promise<z.output<typeof getWorkersResponse>>;
  getJobProfiles(args: object): Promise<z.output<typeof getJobProfilesResponse>>;
  manageGoals(args: object, options: { idempotent: boolean }): Promise<void>;
  editWorkerAdditionalData(args: object): Promise<void>;
  customObject(alias: string, workerWid: string): Promise<Record<string, unknown>>;
  customObjectInstances(alias: string, workerWid: string): Promise<Record<string, unknown>[]>;
  /** Deletes one custom object instance (single-instance: by the worker's WID); false when it was not there. */
  deleteCustomObject(alias: string, id: string): Promise<boolean>;
  /** The tenant's goal statuses (prompt values of Manage Goals). */
  goalStatuses(): Promise<z.output<typeof restInstance>[]>;
  objectDefinitions(): Promise<z.output<typeof objectDefinition>[]>;
  objectFields(definitionId: string): Promise<z.output<typeof objectField>[]>;
  fieldType(id: string): Promise<z.output<typeof fieldTypeDetail>>;
  listValues(fieldTypeId: string): Promise<z.output<typeof listValue>[]>;
  /**
   * Creates or updates up to 100 custom object instances in one call (`bulk=true`, `updateIfExists=true`); sent again
   * after an ambiguous failure unless `idempotent` is false.
   */
  writeCustomObjects(
    alias: string,
    instances: readonly Record<string, unknown>[],
    options?: { idempotent: boolean },
  ): Promise<void>;
  /**
   * One instance of a multi-instance object by its id or by `{workerWID};{referenceIdAlias}={value}` (the form the
   * REST directory gives for a definition with a Reference ID); null when the tenant has none by that id (404).
   */
  customObjectById(alias: string, id: string): Promise<Record<string, unknown> | null>;
  /** One page of a WQL query's rows. */
  wql(query: string, page: { limit: number; offset: number }): Promise<z.output<typeof wqlData>>;
  /** The WQL data sources with this alias the user may see (none: not there, or not visible to the user). */
  wqlDataSources(alias: string): Promise<z.output<typeof wqlInstance>[]>;
  /** The fields with this alias of a WQL data source. */
  wqlFields(dataSourceId: string, alias: string): Promise<z.output<typeof wqlInstance>[]>;
}

/** The most instances a `bulk=true` custom object write takes (customObjectDataSingleInstance_v2). */
export const BULK_WRITE_MAX = 100;
/** The largest WQL page (wql_v1 `GET /data`: `limit` "The maximum is 100"). */
export const WQL_PAGE_MAX = 100;

/** Every page of a REST collection (`limit` + `offset`, `{total, data}`). */
const allOf = async <T extends z.ZodType>(
  connector: string,
  rest: HttpClient,
  url: string,
  route: string,
  item: T,
  limit: number,
): Promise<z.output<T>[]> => {
  const out: z.output<T>[] = [];
  for (let offset = 0; ; offset += limit) {
    const res = await rest.request({ method: 'GET', url, route, idempotent: true, params: { limit, offset } });
    const page = parseAs(connector, restCollection(item), res.data, route);
    out.push(...page.data);
    if (page.data.length < limit || out.length >= (page.total ?? 0)) return out;
  }
};

/** One function per Workday endpoint; every response is parsed by its schema. */
export const createWorkdayClient = (
  config: WorkdayConfig,
  context: ConnectorContext,
  endpoints: Endpoints,
  soap: SoapCaller,
  credentials: Credentials,
): WorkdayClient => {
  const parse = <T extends z.ZodType>(schema: T, data: unknown, where: string): z.output<T> =>
    parseAs(config.id, schema, data, where);
  const restAt = (baseUrl: string): HttpClient =>
    createHttpClient({
      connector: config.id,
      baseUrl,
      settings: context.http,
      headers: { Accept: 'application/json' },
      authHeaders: () => credentials.restHeaders(),
      translate: toError,
      onUnauthorized: () => credentials.invalidate(),
    });
  const rest = restAt(endpoints.customObjects);
  const definitions = restAt(endpoints.customObjectDefinitions);
  const performance = restAt(endpoints.performance);
  const wql = restAt(endpoints.wql);
  return {
    // https://community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/v44.0/Get_Workers.html
    getWorkers: async (args) =>
      parse(
        getWorkersResponse,
        await soap.call('Human_Resources', 'Get_Workers', args, { idempotent: true }),
        'Get_Workers',
      ),
    // https://community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/v44.0/Get_Job_Profiles.html
    getJobProfiles: async (args) =>
      parse(
        getJobProfilesResponse,
        await soap.call('Human_Resources', 'Get_Job_Profiles', args, { idempotent: true }),
        'Get_Job_Profiles',
      ),
    // https://community.workday.com/sites/default/files/file-hosting/productionapi/Performance_Management/v31.2/Manage_Goals.html
    manageGoals: async (args, options) => {
      parse(writeResponse, await soap.call('Performance_Management', 'Manage_Goals', args, options), 'Manage_Goals');
    },
    // https://community.workday.com/sites/default/files/file-hosting/productionapi/Staffing/v44.0/Edit_Worker_Additional_Data.html
    editWorkerAdditionalData: async (args) => {
      // Set-style: the same effective date and values leave the same state, so a resend is harmless.
      parse(
        writeResponse,
        await soap.call('Staffing', 'Edit_Worker_Additional_Data', args, { idempotent: true }),
        'Edit_Worker_Additional_Data',
      );
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObject v2: GET
    // /customObjects/{alias}/{ID})
    customObject: async (alias, wid) => {
      const res = await rest.request({
        method: 'GET',
        url: `customObjects/${encodeURIComponent(alias)}/${encodeURIComponent(wid)}`,
        route: 'GET customObjects/{alias}/{ID}',
        idempotent: true,
      });
      return parse(customObjectInstance, res.data ?? {}, 'customObject');
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObject v2, multi-instance:
    // GET /customObjects/{alias}/{ID})
    customObjectById: async (alias, id) => {
      try {
        const res = await rest.request({
          method: 'GET',
          // The id's `;` and `=` are the documented separators: its parts are encoded, not they.
          url: `customObjects/${encodeURIComponent(alias)}/${id
            .split(/([;=])/)
            .map((p) => (p === ';' || p === '=' ? p : encodeURIComponent(p)))
            .join('')}`,
          route: 'GET customObjects/{alias}/{ID}',
          idempotent: true,
        });
        return parse(customObjectInstance, res.data ?? {}, 'customObject');
      } catch (e) {
        if (e instanceof FluencyError && e.code === 'FF_NOT_FOUND') return null;
        throw e;
      }
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObject v2: GET
    // /workers/{ID}/customObjects/{alias})
    customObjectInstances: async (alias, wid) => {
      const res = await rest.request({
        method: 'GET',
        url: `workers/${encodeURIComponent(wid)}/customObjects/${encodeURIComponent(alias)}`,
        route: 'GET workers/{ID}/customObjects/{alias}',
        idempotent: true,
      });
      return parse(customObjectCollection, res.data, 'customObject collection').data;
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObject v2: DELETE
    // /customObjects/{alias}/{ID})
    deleteCustomObject: async (alias, id) => {
      try {
        await rest.request({
          method: 'DELETE',
          url: `customObjects/${encodeURIComponent(alias)}/${encodeURIComponent(id)}`,
          route: 'DELETE customObjects/{alias}/{ID}',
          idempotent: true,
        });
        return true;
      } catch (e) {
        if (e instanceof FluencyError && e.code === 'FF_NOT_FOUND') return false;
        throw e;
      }
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (performanceEnablement v5: GET
    // /values/manageGoals/status/)
    goalStatuses: () =>
      allOf(config.id, performance, 'values/manageGoals/status/', 'GET values/manageGoals/status', restInstance, 1000),
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObjectDefinition v1: GET
    // /definitions)
    objectDefinitions: () => allOf(config.id, definitions, 'definitions', 'GET definitions', objectDefinition, 100),
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObjectDefinition v1: GET
    // /definitions/{ID}/fields)
    objectFields: (id) =>
      allOf(
        config.id,
        definitions,
        `definitions/${encodeURIComponent(id)}/fields`,
        'GET definitions/{ID}/fields',
        objectField,
        100,
      ),
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObjectDefinition v1: GET
    // /fieldTypes/{ID})
    fieldType: async (id) => {
      const res = await definitions.request({
        method: 'GET',
        url: `fieldTypes/${encodeURIComponent(id)}`,
        route: 'GET fieldTypes/{ID}',
        idempotent: true,
      });
      return parse(fieldTypeDetail, res.data, 'fieldType');
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObject v2: POST
    // /customObjects/{alias}?bulk=true)
    writeCustomObjects: async (alias, instances, options = { idempotent: true }) => {
      if (instances.length > BULK_WRITE_MAX)
        throw new RangeError(`a bulk write takes at most ${BULK_WRITE_MAX} instances`);
      // Set-style with updateIfExists: the same instances sent twice leave the same state, so a resend is harmless
      // (for a multi-instance object only once its Reference ID is known to match: note-write.ts).
      await rest.request({
        method: 'POST',
        url: `customObjects/${encodeURIComponent(alias)}`,
        route: 'POST customObjects/{alias}?bulk=true',
        idempotent: options.idempotent,
        params: { bulk: true, updateIfExists: true },
        data: instances,
        headers: { 'Content-Type': 'application/json' },
      });
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (wql v1: GET /data)
    wql: async (query, page) => {
      const res = await wql.request({
        method: 'GET',
        url: 'data',
        route: 'GET wql/data',
        idempotent: true,
        params: { query, limit: page.limit, offset: page.offset },
      });
      return parse(wqlData, res.data, 'wql data');
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (wql v1: GET /dataSources)
    wqlDataSources: async (alias) => {
      const res = await wql.request({
        method: 'GET',
        url: 'dataSources',
        route: 'GET wql/dataSources',
        idempotent: true,
        params: { alias },
      });
      return parse(restCollection(wqlInstance), res.data, 'wql dataSources').data;
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (wql v1: GET
    // /dataSources/{ID}/fields)
    wqlFields: async (id, alias) => {
      const res = await wql.request({
        method: 'GET',
        url: `dataSources/${encodeURIComponent(id)}/fields`,
        route: 'GET wql/dataSources/{ID}/fields',
        idempotent: true,
        params: { alias },
      });
      return parse(restCollection(wqlInstance), res.data, 'wql fields').data;
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObjectDefinition v1: GET
    // /fieldTypes/{ID}/listValues)
    listValues: (id) =>
      allOf(
        config.id,
        definitions,
        `fieldTypes/${encodeURIComponent(id)}/listValues`,
        'GET fieldTypes/{ID}/listValues',
        listValue,
        100,
      ),
  };
};
