import { many, one, opt, ref, referenceTypes, type ComplexSpec } from './types.js';

/** Reference and shared types, with the ID types of the public HR v33.1 schema. */
export const commonTypes: Record<string, ComplexSpec> = {
  ...referenceTypes('Worker', ['WID', 'Employee_ID', 'Contingent_Worker_ID']),
  ...referenceTypes('Job_Profile', ['WID', 'Job_Profile_ID']),
  ...referenceTypes('Job_Family_Base', ['WID', 'Job_Family_ID', 'Job_Family_Group_ID']),
  ...referenceTypes('Job_Level', ['WID', 'Job_Level_ID']),
  ...referenceTypes('Management_Level', ['WID', 'Management_Level_ID']),
  ...referenceTypes('Compensation_Grade', ['WID', 'Compensation_Grade_ID']),
  ...referenceTypes('Goal', ['WID', 'Goal_Reference_ID']),
  ...referenceTypes('Goal_Category', ['WID', 'Goal_Category_ID']),
  ...referenceTypes('Component_Completion', ['WID', 'Component_Completion_ID']),
  ...referenceTypes('Organization', [
    'WID',
    'Organization_Reference_ID',
    'Cost_Center_Reference_ID',
    'Company_Reference_ID',
  ]),
  ...referenceTypes('Organization_Type', ['WID', 'Organization_Type_ID']),
  ...referenceTypes('Communication_Usage_Type', ['WID', 'Communication_Usage_Type_ID']),
  ...referenceTypes('Country', ['WID', 'ISO_3166-1_Alpha-2_Code', 'ISO_3166-1_Alpha-3_Code']),
  ...referenceTypes('Location', ['WID', 'Location_ID']),
  ...referenceTypes('Transaction_Log', ['WID']),
  ...referenceTypes('Transaction_Log_Type', [
    'WID',
    'Business_Process_Type',
    'Event_Lite_Type_ID',
    'Reorganization_Activity_Type',
  ]),
  ...referenceTypes('Unique_Identifier', ['WID']),
  ...referenceTypes('Subscriber', ['WID', 'Integration_Service_Name', 'Integration_System_ID']),
  ...referenceTypes('User_Language', ['WID', 'User_Language_ID']),
  ...referenceTypes('Locale', ['WID', 'Locale_ID']),
  Response_FilterType: {
    fields: [
      opt('As_Of_Effective_Date', 'date'),
      opt('As_Of_Entry_DateTime', 'dateTime'),
      opt('Page', 'decimal', 999_999_999_999),
      opt('Count', 'decimal', 999),
    ],
  },
  Response_ResultsType: {
    fields: [
      opt('Total_Results', 'decimal'),
      opt('Total_Pages', 'decimal'),
      opt('Page_Results', 'decimal'),
      opt('Page', 'decimal'),
    ],
  },
  Business_Process_ParametersType: {
    fields: [
      opt('Auto_Complete', 'boolean'),
      opt('Run_Now', 'boolean'),
      opt('Comment_Data', ref('Business_Process_Comment_DataType')),
    ],
  },
  Business_Process_Comment_DataType: {
    fields: [opt('Comment', 'string'), opt('Worker_Reference', ref('WorkerObjectType'))],
  },
  Validation_FaultType: { fields: [many('Validation_Error', ref('Validation_ErrorType'))] },
  Validation_ErrorType: { fields: [opt('Message', 'string'), opt('Detail_Message', 'string'), opt('Xpath', 'string')] },
  Processing_FaultType: { fields: [opt('Detail_Message', 'string')] },
  Authentication_FaultType: { fields: [opt('Detail_Message', 'string')] },
  Effective_Dated_Web_Service_Additional_DataType: { fields: [many('any', 'any')] },
  Worker_Custom_Object_DataType: {
    fields: [
      one('Effective_Date', 'date'),
      one('Worker_Reference', ref('WorkerObjectType')),
      one('Business_Object_Additional_Data', ref('Effective_Dated_Web_Service_Additional_DataType')),
    ],
  },
};
