/**
 * A CSV-drop session: resolves the signing key once (when files are signed), then reads the drop folder afresh
 * for every read, apply and revert (the files are local; the HRIS may import between two calls).
 */
import type { ConnectorContext, ConnectorSession } from '../../src/connector.js';
import { ConfigError } from '../../src/errors.js';
import { registerSecret } from '../../src/http/index.js';
import { applyChanges } from './apply.js';
import { runCheck, runDiscover, valueChoices } from './check.js';
import type { CsvDropConfig } from './config.js';
import { readEmployees, type DropContext } from './read.js';
import { revertChanges } from './revert.js';

export const createSession = (config: CsvDropConfig, context: ConnectorContext): ConnectorSession => {
  const configPath = context.configPath;
  const warnings: string[] = [];
  const warn = (sentence: string): void => {
    if (warnings.includes(sentence)) return;
    warnings.push(sentence);
    context.logger.warn(sentence, { connector: config.id });
  };

  let keyP: Promise<string | null> | undefined;
  const key = (): Promise<string | null> =>
    (keyP ??= (async () => {
      if (config.signature === undefined) return null;
      const value = (await context.resolveSecret(config.signature.key)).trim();
      const where = `${configPath}.signature.key`;
      if (value === '') throw new ConfigError(`${where}: the signing key is empty`, { connector: config.id, where });
      registerSecret(value);
      return value;
    })());

  const ctx: DropContext = { config, configPath, baseDir: context.baseDir, key, warn };

  return {
    id: config.id,
    type: 'csv-drop',
    maxBatchSize: config.batchSize,
    check: () => runCheck(ctx),
    discover: () => runDiscover(ctx, context.asOf()),
    resolveValues: async () => valueChoices(config, configPath),
    readEmployees: (options) => readEmployees(ctx, options),
    apply: (changes, options) => applyChanges(ctx, changes, options),
    goalRemoval: 'delete',
    revert: (changes, options) => revertChanges(ctx, changes, options),
    warnings: () => [...warnings],
    close: async () => {},
  };
};
