import { resolve } from 'node:path';
import type { Config } from '../../schemas/index.js';
import { ConfigError } from '../errors.js';
import type { StoreTarget } from '../state/store.js';
import { resolveSecretSync } from './secrets.js';

const isPostgresUrl = (state: string): boolean => /^postgres(ql)?:\/\//i.test(state);

/**
 * Where the state store is: `state:` as a SQLite path (relative to the config), or a `postgres://user@host/db` URL
 * whose password comes from `statePassword` ({env} or {file}), never from the URL or the config itself.
 */
export const stateTarget = (config: Config, configDir: string, env: NodeJS.ProcessEnv = process.env): StoreTarget => {
  if (!isPostgresUrl(config.state)) return resolve(configDir, config.state);
  let url: URL;
  try {
    url = new URL(config.state);
  } catch (e) {
    throw new ConfigError(`state: not a valid PostgreSQL URL`, {
      where: 'state',
      cause: e,
      hint: 'Write it as postgres://USER@HOST:PORT/DATABASE.',
    });
  }
  if (url.password !== '')
    throw new ConfigError(
      'state: the PostgreSQL URL holds a password; a secret is never written inline in the config',
      {
        where: 'state',
        hint: 'Remove it from the URL and give it as statePassword: { env: NAME } or { file: PATH }.',
      },
    );
  if (url.username === '' || url.pathname.length < 2)
    throw new ConfigError('state: the PostgreSQL URL names no user or no database', {
      where: 'state',
      hint: 'Write it as postgres://USER@HOST:PORT/DATABASE.',
    });
  const password = config.statePassword === undefined ? null : resolveSecretSync(config.statePassword, configDir, env);
  return { url: config.state, password };
};
