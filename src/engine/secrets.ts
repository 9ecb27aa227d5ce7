import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SecretRef } from '../../schemas/index.js';
import { ConfigError } from '../errors.js';
import { registerSecret } from '../http/redact.js';

/** Resolves `{env}` / `{file}` and registers the value so every printer masks it. */
export const secretResolver =
  (baseDir: string, env: NodeJS.ProcessEnv = process.env) =>
  async (ref: SecretRef): Promise<string> => {
    if ('env' in ref) {
      const value = env[ref.env];
      if (value === undefined || value === '')
        throw new ConfigError(`the environment variable ${ref.env} is not set`, { where: `env ${ref.env}`, hint: `Export ${ref.env} before running.` });
      registerSecret(value);
      return value;
    }
    const path = resolve(baseDir, ref.file);
    try {
      const value = (await readFile(path, 'utf8')).trim();
      registerSecret(value);
      return value;
    } catch (e) {
      throw new ConfigError(`cannot read the secret file ${ref.file}`, { where: ref.file, cause: e });
    }
  };

/** The same as `secretResolver`, at once: for the state store's password, needed while the store opens. */
export const resolveSecretSync = (ref: SecretRef, baseDir: string, env: NodeJS.ProcessEnv = process.env): string => {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined || value === '')
      throw new ConfigError(`the environment variable ${ref.env} is not set`, { where: `env ${ref.env}`, hint: `Export ${ref.env} before running.` });
    registerSecret(value);
    return value;
  }
  try {
    const value = readFileSync(resolve(baseDir, ref.file), 'utf8').trim();
    registerSecret(value);
    return value;
  } catch (e) {
    throw new ConfigError(`cannot read the secret file ${ref.file}`, { where: ref.file, cause: e });
  }
};
