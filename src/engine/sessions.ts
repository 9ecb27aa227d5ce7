import { join } from 'node:path';
import type { Config } from '../../schemas/index.js';
import type { ConnectorDefinition, ConnectorSession } from '../connector.js';
import { ConfigError } from '../errors.js';
import { z } from 'zod';
import { AdaptiveLimiter } from '../http/adaptive-limiter.js';
import type { HttpSettings } from '../http/settings.js';
import type { Logger } from '../logger.js';
import { configErrorFrom } from './load-config.js';
import { secretResolver } from './secrets.js';

export type Registry = Readonly<Record<string, ConnectorDefinition>>;

export interface SessionOptions {
  config: Config;
  configPath: string;
  configDir: string;
  registry: Registry;
  logger: Logger;
  http: HttpSettings;
  env?: NodeJS.ProcessEnv;
  locate?: (path: readonly PropertyKey[]) => number | null;
  /** The engine's clock, epoch milliseconds. */
  now: () => number;
  /** The engine's default as-of date (config `asOf` or today in the cycle's zone). */
  asOf: () => string;
}

/** A connector block's `concurrency` (every built-in connector has one); 4 where it has none. */
const concurrencyOf = (config: unknown): number =>
  z.object({ concurrency: z.number().int().min(1) }).safeParse(config).data?.concurrency ?? 4;

/** One adaptive limiter per connector, shared by every request of its session (`src/http/adaptive-limiter.ts`). */
const httpFor = (http: HttpSettings, connector: string, config: unknown): HttpSettings => ({
  ...http,
  limiter: new AdaptiveLimiter({
    max: concurrencyOf(config),
    maxPauseMs: http.maxRetryAfterMs,
    remainingMs: () => http.guard?.remainingMs(),
    ...(http.sleep ? { sleep: http.sleep } : {}),
    onThrottle: (info) => http.onThrottle?.({ ...info, connector }),
  }),
});

/** Validates each connector block against its connector's own schema and opens a session for it. */
export const openSessions = (o: SessionOptions): ConnectorSession[] =>
  o.config.connectors.map((raw, i) => {
    // Own keys only: a type such as `constructor` names no connector, not a method every object has.
    const def = Object.hasOwn(o.registry, raw.type) ? o.registry[raw.type] : undefined;
    if (!def) {
      const line = o.locate?.(['connectors', i, 'type']);
      throw new ConfigError(
        `${o.configPath}${line ? `:${line}` : ''}: connectors[${i}].type: unknown HRIS "${raw.type}" (known: ` +
          `${Object.keys(o.registry).join(', ')})`,
        { where: `connectors[${i}].type` },
      );
    }
    const parsed = def.configSchema.safeParse(raw);
    if (!parsed.success) throw configErrorFrom(o.configPath, parsed.error, o.locate ?? (() => null), ['connectors', i]);
    return def.create(parsed.data, {
      logger: o.logger,
      resolveSecret: secretResolver(o.configDir, o.env),
      baseDir: o.configDir,
      cacheDir: join(o.configDir, '.fluencyflow', 'cache', raw.id),
      http: httpFor(o.http, raw.id, parsed.data),
      configPath: `connectors[${i}]`,
      now: o.now,
      asOf: o.asOf,
    });
  });
