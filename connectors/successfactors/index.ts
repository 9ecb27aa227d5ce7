/** The SAP SuccessFactors connector (OData v2, OAuth 2.0 SAML bearer). */
import type { ConnectorDefinition } from '../../src/connector.js';
import { successfactorsConfig, type SuccessFactorsConfig } from './config.js';
import { SUPPORTED_VARIATIONS } from './variations.js';
import { createSession } from './session.js';
import { starterConfig } from './starter.js';

/** The sandbox (an HTTP server) loads only when one is started, never with the connector. */
const startSandbox: ConnectorDefinition['sandbox']['start'] = async (options) =>
  (await import('./sandbox/index.js')).startSandbox(options);

export type { SuccessFactorsConfig } from './config.js';
;

export const successfactorsConnector: ConnectorDefinition<SuccessFactorsConfig> = {
  type: 'successfactors',
  title: 'SAP SuccessFactors',
  configSchema: successfactorsConfig,
  create: (config, context) => createSession(config, context),
  starterConfig,
  sandbox: { start: startSandbox, variations: SUPPORTED_VARIATIONS },
  docsPage: 'docs/connectors/successfactors.md',
};
