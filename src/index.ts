/**
 * The library: the same operations as the CLI, typed, for schedulers and other tools.
 *
 *   import { loadConfig, createEngine, connectors } from 'fluencyflow';
 *   const engine = createEngine(loadConfig('fluencyflow.yaml'));
 *   const { plan } = await engine.plan();
 *   await engine.apply({ plan });
 *   await engine.close();
 */
import { connectors } from '../connectors/index.js';
import { createEngine as createEngineWith, type EngineOptions } from './engine/engine.js';
import { loadEvidenceForEngine } from './engine/evidence-adapter.js';
import { featureMigrations } from './state/all-migrations.js';
import { loadConfigFile, parseConfigText, type LoadedConfig } from './engine/load-config.js';
import { silentLogger } from './logger.js';

export { connectors };
export { createEngineWith };
export type { Engine, EngineOptions, RunSummary } from './engine/engine.js';
export type { OrgEvaluation } from './engine/evaluate-org.js';
export type { ConnectorDefinition, ConnectorSession, RunningSandbox, SandboxOptions } from './connector.js';
export * from './errors.js';
export type { Logger } from './logger.js';
export { generateSyntheticOrg } from './demo/synthetic-org.js';
export * as schemas from '../schemas/index.js';

/** Reads and validates a config file; errors name the file, line and path. */
export const loadConfig = (path: string): LoadedConfig => loadConfigFile(path);
export { parseConfigText };

/** An engine for a loaded config, with the registered connectors and the evidence store. */
export const createEngine = (
  loaded: LoadedConfig,
  options: Partial<Omit<EngineOptions, 'config' | 'configPath' | 'configDir'>> = {},
) =>
  createEngineWith({
    config: loaded.config,
    configPath: loaded.path,
    configDir: loaded.dir,
    registry: connectors,
    logger: silentLogger,
    migrations: featureMigrations,
    loadEvidence: ({ store, employees, asOf }) =>
      loadEvidenceForEngine({ config: loaded.config, configDir: loaded.dir, store, employees, asOf }),
    ...options,
  });

/** Shorthand: `createEngine(loadConfig(path))`. */
export const createEngineFromFile = (
  path: string,
  options: Partial<Omit<EngineOptions, 'config' | 'configPath' | 'configDir'>> = {},
) => createEngine(loadConfig(path), options);
