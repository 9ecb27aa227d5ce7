/**
 * The CSV-drop connector: the HRIS of many small companies is a CSV export dropped in a (synced) folder and an
 * import that takes CSV files from another. Employees, goals, flags and notes are read from the exports plus the
 * outbox files not imported yet; changes are written as one outbox file per batch. Set-up: docs/connectors/csv-drop.md.
 */
import type { ConnectorDefinition } from '../../src/connector.js';
import { csvDropConfigSchema, type CsvDropConfig } from './config.js';
import { createSession } from './session.js';
import { starterConfig } from './starter-config.js';
import { CSV_DROP_VARIATIONS } from './variations.js';

/** The sandbox (a folder and an importer playing the HRIS) loads only when one is started. */
const startCsvDropSandbox: ConnectorDefinition['sandbox']['start'] = async (options) =>
  (await import('./sandbox/index.js')).startCsvDropSandbox(options);

export const csvDropConnector: ConnectorDefinition<CsvDropConfig> = {
  type: 'csv-drop',
  title: 'CSV drop folder',
  configSchema: csvDropConfigSchema,
  create: (config, context) => createSession(config, context),
  starterConfig,
  sandbox: { start: startCsvDropSandbox, variations: CSV_DROP_VARIATIONS },
  docsPage: 'docs/connectors/csv-drop.md',
  demo: { id: 'shop', share: 0.05, domain: 'shop.example.com', firstId: 95000, employeeNumbers: true },
};

export type { CsvDropConfig } from './config.js';
