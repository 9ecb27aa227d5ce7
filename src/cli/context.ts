import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import { createEngine, type Engine } from '../engine/engine.js';
import { loadConfigFile, type LoadedConfig } from '../engine/load-config.js';
import { featureMigrations } from '../state/all-migrations.js';
import type { HttpSettings } from '../http/settings.js';
import { createCliLogger } from './cli-logger.js';
import type { Output } from './output.js';
import { registryFor } from './connector-registry.js';
import { createProgress } from './progress.js';

export interface GlobalOptions {
  config?: string;
  json?: boolean;
  verbose?: boolean;
  asOf?: string;
  /** `--scope` (plan and apply). */
  scope?: string;
}

export interface CommandContext {
  out: Output;
  loaded: LoadedConfig;
  engine: Engine;
  progress: ReturnType<typeof createProgress>;
}

/**
 * Loads the config and builds the engine the way every command needs it, with only the connectors the config names
 * (`registryFor`).
 */
export const openContext = async (
  out: Output,
  opts: GlobalOptions,
  extra: { env?: NodeJS.ProcessEnv; http?: Partial<HttpSettings>; now?: () => DateTime; actor?: string } = {},
): Promise<CommandContext> => {
  const loaded = loadConfigFile(resolve(opts.config ?? 'fluencyflow.yaml'));
  const registry = await registryFor(loaded.config.connectors.map((c) => c.type));
  const progress = createProgress(out);
  const engine = createEngine({
    config: loaded.config,
    configPath: loaded.path,
    configDir: loaded.dir,
    locate: loaded.locate,
    registry,
    logger: createCliLogger({ verbose: opts.verbose === true, json: opts.json === true }),
    // The evidence readers (CSV, NDJSON, a hashing worker) load when evidence is read, after the HRIS answered.
    loadEvidence: async ({ store, employees, asOf }) => {
      const { loadEvidenceForEngine } = await import('../engine/evidence-adapter.js');
      return loadEvidenceForEngine({ config: loaded.config, configDir: loaded.dir, store, employees, asOf });
    },
    migrations: featureMigrations,
    onProgress: (phase, done, total) => progress.update(phase, done, total),
    ...(opts.scope !== undefined ? { scope: opts.scope } : {}),
    ...(extra.env ? { env: extra.env } : {}),
    ...(extra.http ? { http: extra.http } : {}),
    ...(extra.now ? { now: extra.now } : {}),
    ...(extra.actor ? { actor: extra.actor } : {}),
  });
  return { out, loaded, engine, progress };
};

/** `--as-of` must be a real date. */
export const parseAsOf = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const d = DateTime.fromISO(value, { zone: 'UTC' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !d.isValid)
    throw new Error(`--as-of takes a date yyyy-mm-dd, not "${value}"`);
  return value;
};
