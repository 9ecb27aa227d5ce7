import type { ConnectorDefinition } from '../../src/connector.js';
import { workdayConfigSchema, type WorkdayConfig } from './config.js';
import { createWorkdaySession } from './session.js';
import { workdayStarterConfig } from './starter-config.js';
import { startWorkdaySandbox } from './sandbox/index.js';
import { WORKDAY_VARIATIONS } from './sandbox/tenant.js';

/** Workday over SOAP (node-soap): Get_Workers, Get_Job_Profiles, Manage_Goals, Edit_Worker_Additional_Data, customObject/v2 reads. */
export const workdayConnector: ConnectorDefinition<WorkdayConfig> = {
  type: 'workday',
  title: 'Workday',
  configSchema: workdayConfigSchema,
  create: (config, context) => createWorkdaySession(config, context),
  starterConfig: workdayStarterConfig,
  // alternate-list-options: a custom object field can be a custom list, readable through customObjectDefinition/v1.
  sandbox: { start: startWorkdaySandbox, variations: WORKDAY_VARIATIONS },
  docsPage: 'docs/connectors/workday.md',
};
