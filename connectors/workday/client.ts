import type { z } from 'zod';
import type { ConnectorContext } from '../../src/connector.js';
import { createHttpClient, type HttpClient } from '../../src/http/index.js';
import { ResponseShapeError } from '../../src/errors.js';
import type { Credentials } from './auth.js';
import type { WorkdayConfig } from './config.js';
import type { Endpoints } from './endpoints.js';
import type { SoapCaller } from './soap-client.js';
import { toWorkdayError } from './to-error.js';
import { customObjectCollection, customObjectInstance, getJobProfilesResponse, getWorkersResponse, writeResponse } from './wire-schemas.js';

const parse = <T extends z.ZodType>(schema: T, data: unknown, where: string): z.output<T> => {
  const r = schema.safeParse(data);
  if (!r.success) throw new ResponseShapeError(`${where}: the response does not have the expected shape`, { connector: 'workday', where: r.error.issues.map((i) => `${where}.${i.path.join('.')}`).join(', ') });
  return r.data;
};

export interface WorkdayClient {
  getWorkers(args: object): Promise<z.output<typeof getWorkersResponse>>;
  getJobProfiles(args: object): Promise<z.output<typeof getJobProfilesResponse>>;
  manageGoals(args: object, options: { idempotent: boolean }): Promise<void>;
  editWorkerAdditionalData(args: object): Promise<void>;
  customObject(alias: string, workerWid: string): Promise<Record<string, unknown>>;
  customObjectInstances(alias: string, workerWid: string): Promise<Record<string, unknown>[]>;
}

/** One function per Workday endpoint; every response is parsed by its schema. */
export const createWorkdayClient = (config: WorkdayConfig, context: ConnectorContext, endpoints: Endpoints, soap: SoapCaller, credentials: Credentials): WorkdayClient => {
  const rest: HttpClient = createHttpClient({
    connector: config.id,
    baseUrl: endpoints.customObjects,
    settings: context.http,
    headers: { Accept: 'application/json' },
    authHeaders: () => credentials.restHeaders(),
    translate: (e) => toWorkdayError(e, 'customObject/v2'),
    onUnauthorized: () => credentials.invalidate(),
  });
  return {
    // https://community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/v44.0/Get_Workers.html
    getWorkers: async (args) => parse(getWorkersResponse, await soap.call('Human_Resources', 'Get_Workers', args, { idempotent: true }), 'Get_Workers'),
    // https://community.workday.com/sites/default/files/file-hosting/productionapi/Human_Resources/v44.0/Get_Job_Profiles.html
    getJobProfiles: async (args) => parse(getJobProfilesResponse, await soap.call('Human_Resources', 'Get_Job_Profiles', args, { idempotent: true }), 'Get_Job_Profiles'),
    // https://community.workday.com/sites/default/files/file-hosting/productionapi/Performance_Management/v31.2/Manage_Goals.html
    manageGoals: async (args, options) => {
      parse(writeResponse, await soap.call('Performance_Management', 'Manage_Goals', args, options), 'Manage_Goals');
    },
    // https://community.workday.com/sites/default/files/file-hosting/productionapi/Staffing/v44.0/Edit_Worker_Additional_Data.html
    editWorkerAdditionalData: async (args) => {
      // Set-style: the same effective date and values leave the same state, so a resend is harmless.
      parse(writeResponse, await soap.call('Staffing', 'Edit_Worker_Additional_Data', args, { idempotent: true }), 'Edit_Worker_Additional_Data');
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObject v2: GET /customObjects/{alias}/{ID})
    customObject: async (alias, wid) => {
      const res = await rest.request({ method: 'GET', url: `customObjects/${encodeURIComponent(alias)}/${encodeURIComponent(wid)}`, route: 'GET customObjects/{alias}/{ID}', idempotent: true });
      return parse(customObjectInstance, res.data ?? {}, 'customObject');
    },
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObject v2: GET /workers/{ID}/customObjects/{alias})
    customObjectInstances: async (alias, wid) => {
      const res = await rest.request({ method: 'GET', url: `workers/${encodeURIComponent(wid)}/customObjects/${encodeURIComponent(alias)}`, route: 'GET workers/{ID}/customObjects/{alias}', idempotent: true });
      return parse(customObjectCollection, res.data, 'customObject collection').data;
    },
  };
};
