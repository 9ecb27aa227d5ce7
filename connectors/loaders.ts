/**
 * Each connector's module by type, imported on demand: the CLI loads only the connectors a config names (a plan
 * against BambooHR never reads the Workday, SuccessFactors or CSV drop code; docs/performance.md). The same types as
 * the registry in `index.ts` (which the library, `import 'fluencyflow'`, loads whole); a test keeps the two equal.
 * Adding a fourth HRIS: one line here and one there; nothing in src/ changes.
 */
import type { ConnectorDefinition } from '../src/connector.js';

export const connectorLoaders: Readonly<Record<string, () => Promise<ConnectorDefinition>>> = {
  bamboohr: async () => (await import('./bamboohr/index.js')).bamboohrConnector,
  successfactors: async () => (await import('./successfactors/index.js')).successfactorsConnector,
  workday: async () => (await import('./workday/index.js')).workdayConnector,
  'csv-drop': async () => (await import('./csv-drop/index.js')).csvDropConnector,
};
