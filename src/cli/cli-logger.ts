import pino from 'pino';
import { knownSecrets, redactText, redactValue } from '../http/redact.js';
import type { Logger } from '../logger.js';
import { stripControls } from '../state/safe-text.js';

/**
 * The CLI's logger: pino to stderr, warnings and up by default, everything with --verbose. Credentials are masked
 * twice: pino's `redact` removes credential-shaped keys, and every line is scrubbed of the secret values resolved.
 */
export const createCliLogger = (opts: { verbose: boolean; json: boolean }): Logger => {
  const destination = {
    write(line: string) {
      // pino escapes C0 controls in its JSON; C1 controls (8-bit CSI) it leaves, so they are removed here.
      process.stderr.write(stripControls(redactText(line, knownSecrets())));
    },
  };
  const log = pino(
    {
      level: opts.verbose ? 'debug' : 'warn',
      base: undefined,
      timestamp: opts.json ? pino.stdTimeFunctions.isoTime : false,
      redact: {
        paths: [
          '*.password',
          '*.apiKey',
          '*.authorization',
          '*.Authorization',
          '*.token',
          '*.assertion',
          '*.privateKey',
          'headers.*',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) => {
    const safe = fields === undefined ? undefined : redactValue(fields, knownSecrets());
    if (safe !== undefined && typeof safe === 'object' && safe !== null) log[level](safe, msg);
    else log[level](msg);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};
