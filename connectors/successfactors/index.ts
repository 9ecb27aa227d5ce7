/** The SAP SuccessFactors connector (OData v2, OAuth 2.0 SAML bearer). */
import type { ConnectorDefinition } from '../../src/connector.js';
import { successfactorsConfigSchema, type SuccessFactorsConfig } from './config.js';
import { SUCCESSFACTORS_VARIATIONS } from './variations.js';
import { createSession } from './session.js';
import { starterConfig } from './starter-config.js';

/** The sandbox (an HTTP server) loads only when one is started, never with the connector. */
const startSandbox: ConnectorDefinition['sandbox']['start'] = async (options) =>
  (await import('./sandbox/index.js')).startSuccessFactorsSandbox(options);

export const successfactorsConnector: ConnectorDefinition<SuccessFactorsConfig> = {
  type: 'successfactors',
  title: 'SAP SuccessFactors',
  configSchema: successfactorsConfigSchema,
  create: (config, context) => createSession(config, context),
  starterConfig,
  sandbox: { start: startSandbox, variations: SUCCESSFACTORS_VARIATIONS },
  docsPage: 'docs/connectors/successfactors.md',
  demo: { id: 'eu', share: 0.3, domain: 'eu.example.com', firstId: 50000, employeeNumbers: true },
};

export type { SuccessFactorsConfig } from './config.js';
