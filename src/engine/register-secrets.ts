import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { secretRef } from '../../schemas/index.js';
import { registerSecret } from '../http/redact.js';

/**
 * Registers every secret the config refers to (`{env}` / `{file}` anywhere in it) before anything else runs, so a
 * secret that reaches an error some other way (an evidence path naming the key file) is masked wherever it is
 * printed or stored, even by commands that never open a connector. Unreadable ones are left to the connector.
 */
export const registerConfigSecrets = (config: unknown, baseDir: string, env: NodeJS.ProcessEnv): void => {
  const visit = (value: unknown, depth: number): void => {
    if (depth > 12 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
      return;
    }
    const ref = secretRef.safeParse(value);
    if (ref.success && Object.keys(value).length === 1) {
      if ('env' in ref.data) {
        const v = env[ref.data.env];
        if (v) registerSecret(v);
      } else {
        try {
          registerSecret(readFileSync(resolve(baseDir, ref.data.file), 'utf8').trim());
        } catch {
          // the connector reports a missing secret file with its own error
        }
      }
      return;
    }
    for (const v of Object.values(value)) visit(v, depth + 1);
  };
  visit(config, 0);
};
