/**
 * The BambooHR connector: REST with an API key (Basic auth), employees from one custom report, grade history
 * from the jobInfo table, goals from the performance goals API, the flag in custom fields and exception notes
 * as rows of a custom table. Set-up in the tenant: docs/connectors/bamboohr.md.
 */
import type { ConnectorDefinition } from '../../src/connector.js';
import { bamboohrConfigSchema, type BamboohrConfig } from './config.js';
import { BAMBOOHR_VARIATIONS } from './variations.js';
import { createSession } from './session.js';
import { starterConfig } from './starter-config.js';

/** The sandbox (an HTTP server) loads only when one is started, never with the connector. */
const startSandbox: ConnectorDefinition['sandbox']['start'] = async (options) =>
  (await import('./sandbox/index.js')).startBamboohrSandbox(options);

export const bamboohrConnector: ConnectorDefinition<BamboohrConfig> = {
  type: 'bamboohr',
  title: 'BambooHR',
  configSchema: bamboohrConfigSchema,
  create: (config, context) => createSession(config, context),
  starterConfig,
  sandbox: { start: startSandbox, variations: BAMBOOHR_VARIATIONS },
  docsPage: 'docs/connectors/bamboohr.md',
  // The demo's subsidiary: as many employees as asked for.
  demo: { id: 'subsidiary', share: 1, domain: 'subsidiary.example.com', firstId: 1000, employeeNumbers: true },
};

export type { BamboohrConfig } from './config.js';
