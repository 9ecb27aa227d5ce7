import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SecretRef } from '../../schemas/index.js';
import { ConfigError } from '../errors.js';
import { registerSecret } from '../http/redact.js';

/**
 * Resolves `{env}` / `{file}` and registers the value so every printer masks it. Synchronous: the state store's
 * password is needed while the store opens, and a secret file is a few bytes.
 */
export const resolveSecretSync = (ref: SecretRef, baseDir: string, env: NodeJS.ProcessEnv = process.env): string => {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined || value === '')
      throw new ConfigError(`the environment variable ${ref.env} is not set`, {
        where: `env ${ref.env}`,
        hint: `Export ${ref.env} before running.`,
      });
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

/** `resolveSecretSync` for callers that take an async resolver (the connectors' secrets). */
export const secretResolver =
  (baseDir: string, env: NodeJS.ProcessEnv = process.env) =>
  async (ref: SecretRef): Promise<string> =>
    resolveSecretSync(ref, baseDir, env);
