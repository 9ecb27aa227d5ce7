/**
 * The registry of HRIS connectors. Adding a fourth HRIS: add its folder and one line here; nothing in src/ changes.
 */
import type { ConnectorDefinition } from '../src/connector.js';
import { bamboohrConnector } from './bamboohr/index.js';
import { csvDropConnector } from './csv-drop/index.js';
import { successfactorsConnector } from './successfactors/index.js';
import { workdayConnector } from './workday/index.js';

export const connectors: Readonly<Record<string, ConnectorDefinition>> = {
  bamboohr: bamboohrConnector,
  successfactors: successfactorsConnector,
  workday: workdayConnector,
  'csv-drop': csvDropConnector,
};

export const connectorTypes = (): string[] => Object.keys(connectors);

/** The connector of a type, by own key: `constructor` or `toString` names no connector. */
export const connectorOf = (type: string): ConnectorDefinition | undefined =>
  Object.hasOwn(connectors, type) ? connectors[type] : undefined;
