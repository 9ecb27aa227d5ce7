import { many, one, opt, ref, type ComplexSpec } from './types.js';

const version = { name: 'version', kind: 'string' } as const;

/**
 * Request types of the operations the sandbox serves: the public schema's element names, order, cardinalities and
 * attributes (HR v33.1 for Get_Workers / Get_Job_Profiles, Staffing v26.1 for Edit_Worker_Additional_Data, the
 * research notes' Manage_Goals order). Optional elements the sandbox does not implement are left out, so a request
 * that sends them is refused rather than silently ignored.
 */
export const requestTypes: Record<string, ComplexSpec> = {
  Get_Workers_RequestType: {
    fields: [
      opt('Request_References', ref('Worker_Request_ReferencesType')),
      opt('Request_Criteria', ref('Worker_Request_CriteriaType')),
      opt('Response_Filter', ref('Response_FilterType')),
      opt('Response_Group', ref('Worker_Response_GroupType')),
    ],
    attributes: [version],
  },
  Worker_Request_ReferencesType: {
    fields: [many('Worker_Reference', ref('WorkerObjectType'), 1)],
    attributes: [
      { name: 'Skip_Non_Existing_Instances', kind: 'boolean' },
      { name: 'Ignore_Invalid_References', kind: 'boolean' },
    ],
  },
  Worker_Request_CriteriaType: {
    fields: [
      many('Transaction_Log_Criteria_Data', ref('Transaction_Log_CriteriaType')),
      opt('Exclude_Inactive_Workers', 'boolean'),
      opt('Exclude_Employees', 'boolean'),
      opt('Exclude_Contingent_Workers', 'boolean'),
    ],
  },
  // A choice of Transaction_Type_References or Subscriber_Reference in the schema; the handler refuses both at once.
  Transaction_Log_CriteriaType: {
    fields: [
      opt('Transaction_Date_Range_Data', ref('Effective_And_Updated_DateTime_DataType')),
      opt('Transaction_Type_References', ref('Transaction_Type_ReferencesType')),
      opt('Subscriber_Reference', ref('SubscriberObjectType')),
    ],
  },
  Effective_And_Updated_DateTime_DataType: {
    fields: [
      opt('Updated_From', 'dateTime'),
      opt('Updated_Through', 'dateTime'),
      opt('Effective_From', 'dateTime'),
      opt('Effective_Through', 'dateTime'),
    ],
  },
  Transaction_Type_ReferencesType: {
    fields: [many('Transaction_Type_Reference', ref('Transaction_Log_TypeObjectType'))],
  },
  Job_Profile_Request_CriteriaType: {
    fields: [many('Transaction_Log_Criteria_Data', ref('Transaction_Log_CriteriaType'))],
  },
  Worker_Response_GroupType: {
    fields: [
      opt('Include_Reference', 'boolean'),
      opt('Include_Personal_Information', 'boolean'),
      opt('Include_Employment_Information', 'boolean'),
      opt('Include_Compensation', 'boolean'),
      opt('Include_Organizations', 'boolean'),
      opt('Include_Management_Chain_Data', 'boolean'),
      opt('Include_Goals', 'boolean'),
      opt('Include_Transaction_Log_Data', 'boolean'),
      opt('Include_User_Account', 'boolean'),
    ],
  },
  Get_Job_Profiles_RequestType: {
    fields: [
      opt('Request_References', ref('Job_Profile_Request_ReferencesType')),
      opt('Request_Criteria', ref('Job_Profile_Request_CriteriaType')),
      opt('Response_Filter', ref('Response_FilterType')),
      opt('Response_Group', ref('Job_Profile_Response_GroupType')),
    ],
    attributes: [version],
  },
  Job_Profile_Request_ReferencesType: {
    fields: [many('Job_Profile_Reference', ref('Job_ProfileObjectType'), 1)],
    attributes: [{ name: 'Skip_Non_Existing_Instances', kind: 'boolean' }],
  },
  Job_Profile_Response_GroupType: {
    fields: [
      opt('Include_Reference', 'boolean'),
      opt('Include_Job_Profile_Basic_Data', 'boolean'),
      opt('Include_Job_Profile_Compensation_Data', 'boolean'),
    ],
  },
  Edit_Worker_Additional_Data_RequestType: {
    fields: [
      opt('Business_Process_Parameters', ref('Business_Process_ParametersType')),
      one('Worker_Custom_Object_Data', ref('Worker_Custom_Object_DataType')),
    ],
    attributes: [version],
  },
  Manage_Goals_RequestType: {
    fields: [
      opt('Business_Process_Parameters', ref('Business_Process_ParametersType')),
      one('Manage_Goals_Data', ref('Manage_Goals_DataType')),
    ],
    attributes: [version, { name: 'Add_Only', kind: 'boolean', required: true }],
  },
  Manage_Goals_DataType: {
    fields: [
      one('Worker_Reference', ref('WorkerObjectType')),
      many('Worker_Goal_Detail_Data', ref('Worker_Goal_Detail_DataType'), 1),
    ],
  },
  Worker_Goal_Detail_DataType: {
    fields: [
      opt('Goal_Reference', ref('GoalObjectType')),
      opt('Goal_Reference_ID', 'string'),
      opt('Name', 'string'),
      opt('Description', 'string'),
      many('Goal_Category_Reference', ref('Goal_CategoryObjectType')),
      opt('Goal_Weight', 'decimal'),
      opt('Due_Date', 'date'),
      opt('Status_Reference', ref('Component_CompletionObjectType')),
      opt('Completion_Date', 'date'),
      opt('Goal_Archived', 'boolean'),
    ],
  },
};

/** Root elements of the requests, by operation. */
export const requestElements: Record<string, { element: string; type: string }> = {
  Get_Workers: { element: 'Get_Workers_Request', type: 'Get_Workers_RequestType' },
  Get_Job_Profiles: { element: 'Get_Job_Profiles_Request', type: 'Get_Job_Profiles_RequestType' },
  Edit_Worker_Additional_Data: {
    element: 'Edit_Worker_Additional_Data_Request',
    type: 'Edit_Worker_Additional_Data_RequestType',
  },
  Manage_Goals: { element: 'Manage_Goals_Request', type: 'Manage_Goals_RequestType' },
};

/** The full element order of Worker_Goal_Detail_Data from the research notes (Manage_Goals, about v28.1). */
export const MANAGE_GOALS_DETAIL_ORDER = [
  'Goal_Reference',
  'Goal_Reference_ID',
  'Name',
  'Description',
  'Relates_To_Reference',
  'Goal_Category_Reference',
  'Organization_Goal_Reference',
  'Goal_Weight',
  'Due_Date',
  'Status_Reference',
  'Completion_Date',
  'Goal_Comment_Data',
  'Worker_Goal_Milestone_Detail_Data',
  'Goal_Amount_Data',
  'Goal_Percent_Data',
  'Goal_Unit_Data',
  'Goal_Archived',
] as const;
