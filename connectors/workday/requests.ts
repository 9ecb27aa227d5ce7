import type { GoalChange } from '../../schemas/index.js';
import type { WorkdayConfig } from './config.js';
import { composeDescription } from './goal-text.js';
import type { WorkdayValues } from './values.js';
import { escapeXml } from './xml-text.js';

/**
 * Request bodies as node-soap arguments. Key order is element order (node-soap writes keys as given), so each builder
 * lists elements in the schema's sequence; attributes are written with their `wd:` prefix.
 */
const workerRef = (employeeId: string) => ({ ID: { attributes: { 'wd:type': 'Employee_ID' }, $value: employeeId } });
const autoComplete = { Auto_Complete: true, Run_Now: true };

export interface PageArgs {
  asOf: string;
  /** Fixed for every page of one read, so the result set cannot shift between pages. */
  entryMoment: string;
  page: number;
  count: number;
}

const filter = (p: PageArgs) => ({
  As_Of_Effective_Date: p.asOf,
  As_Of_Entry_DateTime: p.entryMoment,
  Page: p.page,
  Count: p.count,
});

/** Get_Workers for everyone (or the listed workers), with what the connector maps. */
export const getWorkersArgs = (
  config: WorkdayConfig,
  p: PageArgs,
  options: { employeeIds?: readonly string[]; full: boolean },
) => ({
  attributes: { 'wd:version': config.version },
  ...(options.employeeIds
    ? {
        Request_References: {
          attributes: { 'wd:Skip_Non_Existing_Instances': 'true' },
          Worker_Reference: options.employeeIds.map(workerRef),
        },
      }
    : {}),
  Response_Filter: filter(p),
  Response_Group: options.full
    ? {
        Include_Reference: true,
        Include_Personal_Information: true,
        Include_Employment_Information: true,
        Include_Compensation: config.grade === 'compensationGrade',
        Include_Organizations: true,
        Include_Management_Chain_Data: true,
        Include_Goals: true,
        Include_Transaction_Log_Data: true,
        Include_User_Account: true,
      }
    : {
        Include_Reference: true,
        Include_Employment_Information: true,
        Include_Compensation: config.grade === 'compensationGrade',
      },
});

/**
 * One Transaction_Log_Criteria_Data: log entries entered in `updated` or taking effect in `effective` (both bounds
 * included; xsd:dateTime). One range per request: the schema does not say how several criteria combine.
 */
export interface LogWindow {
  updated?: { from: string; through: string };
  effective?: { from: string; through: string };
}

const logCriteria = (w: LogWindow) => ({
  Transaction_Log_Criteria_Data: {
    Transaction_Date_Range_Data: {
      ...(w.updated ? { Updated_From: w.updated.from, Updated_Through: w.updated.through } : {}),
      ...(w.effective ? { Effective_From: w.effective.from, Effective_Through: w.effective.through } : {}),
    },
  },
});

/**
 * Get_Workers for the workers with a transaction log entry in the window: their references, and with `log` their
 * transaction log (which kinds of business process they had).
 */
export const changedWorkersArgs = (config: WorkdayConfig, p: PageArgs, window: LogWindow, log: boolean) => ({
  attributes: { 'wd:version': config.version },
  Request_Criteria: logCriteria(window),
  Response_Filter: filter(p),
  Response_Group: log ? { Include_Reference: true, Include_Transaction_Log_Data: true } : { Include_Reference: true },
});

/** Get_Workers for the listed workers' goals only. */
export const workerGoalsArgs = (config: WorkdayConfig, p: PageArgs, employeeIds: readonly string[]) => ({
  attributes: { 'wd:version': config.version },
  Request_References: {
    attributes: { 'wd:Skip_Non_Existing_Instances': 'true' },
    Worker_Reference: employeeIds.map(workerRef),
  },
  Response_Filter: filter(p),
  Response_Group: { Include_Reference: true, Include_Goals: true },
});

/** Get_Workers for the references of every active worker (their WIDs, to match custom object rows to them). */
export const activeWorkerRefsArgs = (config: WorkdayConfig, p: PageArgs) => ({
  attributes: { 'wd:version': config.version },
  Request_Criteria: { Exclude_Inactive_Workers: true },
  Response_Filter: filter(p),
  Response_Group: { Include_Reference: true },
});

/** Get_Job_Profiles for the profiles with a transaction log entry in the window. */
export const changedProfilesArgs = (config: WorkdayConfig, p: PageArgs, window: LogWindow) => ({
  attributes: { 'wd:version': config.version },
  Request_Criteria: logCriteria(window),
  Response_Filter: filter(p),
  Response_Group: { Include_Reference: true },
});

export const getJobProfilesArgs = (config: WorkdayConfig, p: PageArgs) => ({
  attributes: { 'wd:version': config.version },
  Response_Filter: filter(p),
  Response_Group: {
    Include_Reference: true,
    Include_Job_Profile_Basic_Data: true,
    Include_Job_Profile_Compensation_Data: true,
  },
});

/** Manage_Goals with the deterministic Goal_Reference_ID and Add_Only false: a re-run updates the same goal. */
export const manageGoalsArgs = (
  config: WorkdayConfig,
  change: GoalChange,
  values: Pick<WorkdayValues, 'goalStatus'>,
) => {
  const a = change.after;
  const before = change.before;
  const keepRef = before === null || before.referenceId === null || before.referenceId === a.referenceId;
  return {
    attributes: { 'wd:version': config.version, 'wd:Add_Only': 'false' },
    Business_Process_Parameters: autoComplete,
    Manage_Goals_Data: {
      Worker_Reference: workerRef(change.employeeId),
      Worker_Goal_Detail_Data: {
        ...(before ? { Goal_Reference: { ID: { attributes: { 'wd:type': 'WID' }, $value: before.id } } } : {}),
        ...(keepRef ? { Goal_Reference_ID: a.referenceId } : {}),
        Name: a.title,
        Description: composeDescription(a.description, a.percentComplete),
        Due_Date: a.dueDate,
        Status_Reference: {
          ID: { attributes: { 'wd:type': values.goalStatus[a.status].type }, $value: values.goalStatus[a.status].id },
        },
        Goal_Archived: false,
      },
    },
  };
};

const CUSTOM_NS = 'urn:com.workday/tenants/super/data/custom';

/** A custom list option, written by its web service alias. */
export interface ListOption {
  listAlias: string;
}

const fieldXml = (name: string, v: string | ListOption): string =>
  typeof v === 'string'
    ? `<cus:${name}>${escapeXml(v)}</cus:${name}>`
    : `<cus:${name}><cus:ID cus:type="ExtendedAlias">${escapeXml(v.listAlias)}</cus:ID></cus:${name}>`;

/** The `xsd:any` payload: one element per custom object instance, fields in the tenant's custom namespace. */
export const customObjectXml = (alias: string, instances: readonly Record<string, string | ListOption>[]): string =>
  instances
    .map((fields) => {
      const body = Object.entries(fields)
        .map(([k, v]) => fieldXml(k, v))
        .join('');
      return `<cus:${alias} xmlns:cus="${CUSTOM_NS}">${body}</cus:${alias}>`;
    })
    .join('');

/** Edit_Worker_Additional_Data, run with Auto_Complete so the business process finishes at once. */
export const editAdditionalDataArgs = (
  config: WorkdayConfig,
  employeeId: string,
  effectiveDate: string,
  payloadXml: string,
) => ({
  attributes: { 'wd:version': config.version },
  Business_Process_Parameters: autoComplete,
  Worker_Custom_Object_Data: {
    Effective_Date: effectiveDate,
    Worker_Reference: workerRef(employeeId),
    Business_Object_Additional_Data: { $xml: payloadXml },
  },
});
