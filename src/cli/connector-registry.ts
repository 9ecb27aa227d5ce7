import { connectorLoaders } from '../../connectors/loaders.js';
import type { ConnectorDefinition } from '../connector.js';
import type { Registry } from '../engine/sessions.js';

/**
 * The engine's registry for a config: only the connector types it names, each module imported now, so a command
 * against one HRIS never loads (nor compiles) another's code (docs/performance.md). A type no connector has loads
 * every connector instead, so the engine's error for it still lists all the known types.
 */
export const registryFor = async (types: readonly string[]): Promise<Registry> => {
  const known = types.every((t) => Object.hasOwn(connectorLoaders, t));
  const wanted = known ? [...new Set(types)] : Object.keys(connectorLoaders);
  const loaded = await Promise.all(
    wanted.map(async (type): Promise<[string, ConnectorDefinition]> => {
      const load = connectorLoaders[type];
      if (!load) throw new Error(`no connector loader for "${type}"`);
      return [type, await load()];
    }),
  );
  return Object.fromEntries(loaded);
};
