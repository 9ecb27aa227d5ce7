import { many, one, opt, ref, type ComplexSpec } from './types.js';

const version = { name: 'version', kind: 'string' } as const;

/** Response types the sandbox emits (subsets of the public schema, same names and order). */
export const responseTypes: Record<string, ComplexSpec> = {
  Get_Workers_ResponseType: {
    fields: [
      opt('Request_References', ref('Worker_Request_ReferencesType')),
      opt('Request_Criteria', ref('Worker_Request_CriteriaType')),
      opt('Response_Filter', ref('Response_FilterType')),
      opt('Response_Group', ref('Worker_Response_GroupType')),
      opt('Response_Results', ref('Response_ResultsType')),
      opt('Response_Data', ref('Workers_Response_DataType')),
    ],
    attributes: [version],
  },
  Workers_Response_DataType: { fields: [many('Worker', ref('WorkerType'))] },
  WorkerType: {
    fields: [
      opt('Worker_Reference', ref('WorkerObjectType')),
      opt('Worker_Descriptor', 'string'),
      opt('Worker_Data', ref('Worker_DataType')),
    ],
  },
  Worker_DataType: {
    fields: [
      opt('Worker_ID', 'string'),
      opt('User_ID', 'string'),
      opt('Personal_Data', ref('Personal_Information_DataType')),
      opt('Employment_Data', ref('Worker_Employment_Information_DataType')),
      opt('Compensation_Data', ref('Worker_Compensation_DataType')),
      opt('Organization_Data', ref('Worker_Organization_DataType')),
      opt('Management_Chain_Data', ref('Worker_Management_Chain_DataType')),
      opt('Transaction_Log_Entry_Data', ref('Event_Target_Transaction_Log_Entry_DataType')),
      opt('Worker_Goal_Data', ref('Worker_Goal_DataType')),
      opt('User_Account_Data', ref('System_User_for_Worker_DataType')),
    ],
  },
  // The element names with two underscores are Human_Resources.wsdl's own spelling.
  System_User_for_Worker_DataType: {
    fields: [
      one('User_Name', 'string'),
      opt('User_Language__Reference', ref('User_LanguageObjectType')),
      opt('Preferred_Communication_Language_Reference', ref('User_LanguageObjectType')),
      opt('Locale__Reference', ref('LocaleObjectType')),
      opt('Default_Display_Language_Reference', ref('User_LanguageObjectType')),
    ],
  },
  Personal_Information_DataType: {
    fields: [opt('Name_Data', ref('Person_Name_DataType')), opt('Contact_Data', ref('Contact_Information_DataType'))],
  },
  Person_Name_DataType: { fields: [opt('Legal_Name_Data', ref('Legal_Name_DataType'))] },
  Legal_Name_DataType: {
    fields: [{ name: 'Name_Detail_Data', type: ref('Person_Name_Detail_DataType'), min: 1, max: 1 }],
  },
  Person_Name_Detail_DataType: {
    fields: [
      { name: 'Country_Reference', type: ref('CountryObjectType'), min: 1, max: 1 },
      opt('First_Name', 'string'),
      opt('Last_Name', 'string'),
    ],
    attributes: [{ name: 'Formatted_Name', kind: 'string' }],
  },
  Contact_Information_DataType: { fields: [many('Email_Address_Data', ref('Email_Address_Information_DataType'))] },
  Email_Address_Information_DataType: {
    fields: [
      opt('Email_Address', 'string'),
      many('Usage_Data', ref('Communication_Method_Usage_Information_DataType')),
    ],
  },
  Communication_Method_Usage_Information_DataType: {
    fields: [many('Type_Data', ref('Communication_Usage_Type_DataType'), 1)],
    attributes: [{ name: 'Public', kind: 'boolean' }],
  },
  Communication_Usage_Type_DataType: {
    fields: [{ name: 'Type_Reference', type: ref('Communication_Usage_TypeObjectType'), min: 1, max: 1 }],
    attributes: [{ name: 'Primary', kind: 'boolean' }],
  },
  Worker_Employment_Information_DataType: {
    fields: [
      many('Worker_Job_Data', ref('Worker_Job_DataType')),
      opt('Worker_Status_Data', ref('Worker_Status_Detail_DataType')),
    ],
  },
  Worker_Job_DataType: {
    fields: [opt('Position_Data', ref('Position_Detail_DataType'))],
    attributes: [{ name: 'Primary_Job', kind: 'boolean' }],
  },
  Position_Detail_DataType: {
    fields: [
      opt('Position_ID', 'string'),
      opt('Business_Title', 'string'),
      opt('Start_Date', 'date'),
      opt('Job_Profile_Summary_Data', ref('Job_Profile_in_Position_Summary_DataType')),
      opt('Business_Site_Summary_Data', ref('Location_Summary_DataType')),
    ],
    attributes: [{ name: 'Effective_Date', kind: 'date' }],
  },
  Job_Profile_in_Position_Summary_DataType: {
    fields: [
      opt('Job_Profile_Reference', ref('Job_ProfileObjectType')),
      opt('Management_Level_Reference', ref('Management_LevelObjectType')),
      many('Job_Family_Reference', ref('Job_Family_BaseObjectType')),
      opt('Job_Profile_Name', 'string'),
    ],
  },
  Location_Summary_DataType: { fields: [opt('Location_Reference', ref('LocationObjectType')), opt('Name', 'string')] },
  Worker_Status_Detail_DataType: {
    fields: [
      opt('Active', 'boolean'),
      opt('Hire_Date', 'date'),
      opt('Terminated', 'boolean'),
      opt('Termination_Date', 'date'),
    ],
  },
  Worker_Compensation_DataType: {
    fields: [
      opt('Compensation_Effective_Date', 'date'),
      many('Compensation_Guidelines_Data', ref('Compensatable_Guidelines_DataType')),
    ],
  },
  Compensatable_Guidelines_DataType: {
    fields: [opt('Compensation_Grade_Reference', ref('Compensation_GradeObjectType'))],
  },
  Worker_Organization_DataType: {
    fields: [many('Worker_Organization_Data', ref('Worker_Organization_Membership_DataType'))],
  },
  Worker_Organization_Membership_DataType: {
    fields: [
      { name: 'Organization_Reference', type: ref('OrganizationObjectType'), min: 1, max: 1 },
      { name: 'Organization_Data', type: ref('Organization_Summary_DataType'), min: 1, max: 1 },
    ],
  },
  Organization_Summary_DataType: {
    fields: [
      opt('Organization_Reference_ID', 'string'),
      opt('Organization_Name', 'string'),
      opt('Organization_Type_Reference', ref('Organization_TypeObjectType')),
    ],
  },
  Worker_Management_Chain_DataType: {
    fields: [opt('Worker_Supervisory_Management_Chain_Data', ref('Worker_Supervisory_Management_Chain_DataType'))],
  },
  Worker_Supervisory_Management_Chain_DataType: {
    fields: [many('Management_Chain_Data', ref('Management_Chain_DataType'))],
  },
  Management_Chain_DataType: {
    fields: [
      opt('Organization_Reference', ref('OrganizationObjectType')),
      many('Manager_Reference', ref('WorkerObjectType')),
    ],
  },
  Event_Target_Transaction_Log_Entry_DataType: {
    fields: [many('Transaction_Log_Entry', ref('Transaction_Log_EntryType'))],
  },
  Transaction_Log_EntryType: {
    fields: [
      opt('Transaction_Log_Reference', ref('Transaction_LogObjectType')),
      opt('Transaction_Log_Data', ref('Transaction_Log_DataType')),
    ],
  },
  Transaction_Log_DataType: {
    fields: [
      opt('Transaction_Log_Description', 'string'),
      opt('Transaction_Effective_Moment', 'dateTime'),
      opt('Transaction_Entry_Moment', 'dateTime'),
      many('Transaction_Log_Type_Reference', ref('Transaction_Log_TypeObjectType')),
      opt('Is_Rescind_Or_Rescinded', 'boolean'),
      opt('Is_Correction_Or_Corrected', 'boolean'),
    ],
  },
  Worker_Goal_DataType: { fields: [many('Goal', ref('Worker_GoalType'))] },
  Worker_GoalType: {
    fields: [opt('Goal_Reference', ref('GoalObjectType')), many('Goal_Data', ref('Goal_Detail_DataType'))],
  },
  Goal_Detail_DataType: {
    fields: [
      opt('Goal_Reference_ID', 'string'),
      opt('Goal', 'string'),
      opt('Description', 'string'),
      opt('Due_Date', 'date'),
      opt('Completion_Status_Reference', ref('Component_CompletionObjectType')),
      opt('Completion_Date', 'date'),
    ],
  },
  Get_Job_Profiles_ResponseType: {
    fields: [
      opt('Response_Filter', ref('Response_FilterType')),
      opt('Response_Results', ref('Response_ResultsType')),
      opt('Response_Data', ref('Job_Profile_Response_DataType')),
    ],
    attributes: [version],
  },
  Job_Profile_Response_DataType: { fields: [many('Job_Profile', ref('Job_Profile_Get_DataType'))] },
  Job_Profile_Get_DataType: {
    fields: [
      opt('Job_Profile_Reference', ref('Job_ProfileObjectType')),
      opt('Job_Profile_Data', ref('Job_Profile_DataType')),
    ],
  },
  Job_Profile_DataType: {
    fields: [
      opt('Job_Code', 'string'),
      opt('Effective_Date', 'date'),
      opt('Job_Profile_Basic_Data', ref('Job_Profile_Basic_DataType')),
      opt('Job_Profile_Compensation_Data', ref('Job_Profile_Compensation_DataType')),
    ],
  },
  Job_Profile_Basic_DataType: {
    fields: [
      opt('Inactive', 'boolean'),
      opt('Job_Title', 'string'),
      opt('Management_Level_Reference', ref('Management_LevelObjectType')),
      opt('Job_Level_Reference', ref('Job_LevelObjectType')),
      many('Job_Family_Data', ref('Job_Profile_Job_Family_DataType')),
    ],
  },
  Job_Profile_Job_Family_DataType: {
    fields: [{ name: 'Job_Family_Reference', type: ref('Job_Family_BaseObjectType'), min: 1, max: 1 }],
  },
  Job_Profile_Compensation_DataType: {
    fields: [opt('Compensation_Grade_Reference', ref('Compensation_GradeObjectType'))],
  },
  Edit_Worker_Additional_Data_ResponseType: {
    fields: [
      opt('Event_Reference', ref('Unique_IdentifierObjectType')),
      opt('Worker_Reference', ref('WorkerObjectType')),
      opt('Effective_Date', 'date'),
      many('Additional_Data', ref('Effective_Dated_Web_Service_Additional_DataType')),
    ],
    attributes: [version],
  },
  Manage_Goals_ResponseType: {
    fields: [
      opt('Worker_Goal_Event_Reference', ref('Unique_IdentifierObjectType')),
      many('Worker_Goal_Detail_Reference', ref('GoalObjectType')),
    ],
    attributes: [version],
  },
};

export const responseElements: Record<string, { element: string; type: string }> = {
  Get_Workers: { element: 'Get_Workers_Response', type: 'Get_Workers_ResponseType' },
  Get_Job_Profiles: { element: 'Get_Job_Profiles_Response', type: 'Get_Job_Profiles_ResponseType' },
  Edit_Worker_Additional_Data: {
    element: 'Edit_Worker_Additional_Data_Response',
    type: 'Edit_Worker_Additional_Data_ResponseType',
  },
  Manage_Goals: { element: 'Manage_Goals_Response', type: 'Manage_Goals_ResponseType' },
};

/** Which operations each service serves in the sandbox. */
export const serviceOperations: Record<string, readonly string[]> = {
  Human_Resources: ['Get_Workers', 'Get_Job_Profiles'],
  Staffing: ['Edit_Worker_Additional_Data'],
  Performance_Management: ['Manage_Goals'],
};
