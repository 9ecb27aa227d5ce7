import { createRequire } from 'node:module';
import type pino from 'pino';
import { knownSecrets, redactText, redactValue } from '../http/redact.js';
import type { Logger } from '../logger.js';
import { stripControls } from '../state/safe-text.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
/** pino's numbers for the levels used. */
const RANK: Readonly<Record<Level, number>> = { debug: 20, info: 30, warn: 40, error: 50 };

/**
 * pino, loaded on first use: it costs about 25 ms of CPU to load (docs/performance.md, "CLI start-up") and most runs
 * write no line at the default level. pino is CommonJS left to node_modules (scripts/build.ts), so `require` loads it
 * at once, synchronously, where the first line is written; its type is the package's own.
 */
const loadPino = (): typeof pino => createRequire(import.meta.url)('pino');

/**
 * The CLI's logger: pino to stderr, warnings and up by default, everything with --verbose. Credentials are masked
 * twice: pino's `redact` removes credential-shaped keys, and every line is scrubbed of the secret values resolved.
 */
export const createCliLogger = (opts: { verbose: boolean; json: boolean }): Logger => {
  const level: Level = opts.verbose ? 'debug' : 'warn';
  const destination = {
    write(line: string) {
      // pino escapes C0 controls in its JSON; C1 controls (8-bit CSI) it leaves, so they are removed here.
      process.stderr.write(stripControls(redactText(line, knownSecrets())));
    },
  };
  let log: pino.Logger | undefined;
  const logger = (): pino.Logger => {
    if (log) return log;
    const create = loadPino();
    log = create(
      {
        level,
        base: undefined,
        timestamp: opts.json ? create.stdTimeFunctions.isoTime : false,
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
    return log;
  };
  const at = (l: Level) => (msg: string, fields?: Record<string, unknown>) => {
    // Below the level nothing is written (pino would drop it): nothing to load or redact.
    if (RANK[l] < RANK[level]) return;
    const safe = fields === undefined ? undefined : redactValue(fields, knownSecrets());
    if (safe !== undefined && typeof safe === 'object' && safe !== null) logger()[l](safe, msg);
    else logger()[l](msg);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};
