import type { ConnectorDefinition } from '../../src/connector.js';
import { workdayConfigSchema, type WorkdayConfig } from './config.js';
import { createSession } from './session.js';
import { starterConfig } from './starter-config.js';
import { WORKDAY_VARIATIONS } from './variations.js';

/** The sandbox (an HTTP server) loads only when one is started, never with the connector. */
const startSandbox: ConnectorDefinition['sandbox']['start'] = async (options) =>
  (await import('./sandbox/index.js')).startWorkdaySandbox(options);

/**
 * Workday over SOAP (node-soap): Get_Workers, Get_Job_Profiles, Manage_Goals, Edit_Worker_Additional_Data, and REST
 * customObject/v2 reads.
 */
export const workdayConnector: ConnectorDefinition<WorkdayConfig> = {
  type: 'workday',
  title: 'Workday',
  configSchema: workdayConfigSchema,
  create: (config, context) => createSession(config, context),
  starterConfig: starterConfig,
  // alternate-list-options: a custom object field can be a custom list, readable through customObjectDefinition/v1.
  sandbox: { start: startSandbox, variations: WORKDAY_VARIATIONS },
  docsPage: 'docs/connectors/workday.md',
  // Workday's Employee_ID is the employee number: no second number to match evidence on.
  demo: { id: 'us', share: 0.3, domain: 'us.example.com', firstId: 80000, employeeNumbers: false },
};

export type { WorkdayConfig } from './config.js';
