import { dirname, resolve } from 'node:path';
import type { LoadedConfig } from '../engine/load-config.js';
import { secretResolver } from '../engine/secrets.js';
import { ConfigError, PortInUseError, systemCodeOf } from '../errors.js';
import type { HttpSettings } from '../http/settings.js';
import type { Logger } from '../logger.js';
import { createAlertSender } from './alerts.js';
import { createAuthenticator } from './auth.js';
import { systemClock, type ServiceClock } from './clock.js';
import { createApp } from './http-app.js';
import { createMetrics } from './metrics.js';
import { createRunner } from './runner.js';
import { jobsOf, Scheduler } from './scheduler.js';

export interface ServiceOptions {
  loaded: LoadedConfig & { locate?: (path: readonly PropertyKey[]) => number | null };
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock?: ServiceClock;
  http?: Partial<HttpSettings>;
  /** Overrides `serve.host` / `serve.port` (`serve --port`). */
  host?: string;
  port?: number;
}

/**
 * `fluencyflow serve`: the schedule armed on the clock, the page, probes and metrics listening. Every secret
 * (tokens, the webhook URL, the SMTP URL) is resolved before it listens, so a missing one stops it at start.
 */
export const startService = async (o: ServiceOptions) => {
  const { config } = o.loaded;
  const serve = config.serve;
  if (serve === undefined)
    throw new ConfigError('`serve:` is missing from the config: it says who may open the page (serve.auth)', {
      where: `${o.loaded.path}: serve`,
      hint: 'See docs/deploy.md for a serve block with tokens or OIDC.',
    });
  const clock = o.clock ?? systemClock;
  const resolveSecret = secretResolver(o.loaded.dir, o.env);
  if (config.alerts?.webhook) await resolveSecret(config.alerts.webhook.url);
  if (config.alerts?.email) await resolveSecret(config.alerts.email.smtp);
  const authenticate = await createAuthenticator(serve.auth, resolveSecret);
  const metrics = createMetrics();
  const reportDir = resolve(dirname(resolve(o.loaded.dir, config.state)), 'serve-views');
  const runner = createRunner({
    loaded: o.loaded,
    env: o.env,
    clock,
    logger: o.logger,
    metrics,
    sendAlert: createAlertSender(config.alerts, resolveSecret, o.logger),
    reportDir,
    resolveSecret,
    ...(o.http ? { http: o.http } : {}),
  });
  metrics.pending(runner.approvals.pending() === null ? 0 : 1);
  const scheduler = new Scheduler(jobsOf(config), clock, (trigger) => {
    runner
      .scheduled(trigger)
      .catch((e: unknown) => o.logger.error(`${trigger} run: ${e instanceof Error ? e.message : String(e)}`));
  });
  let ready = false;
  const app = createApp({
    organization: config.organization,
    authenticate,
    runner,
    metrics,
    reportDir,
    upcoming: () => scheduler.upcoming(),
    ready: () => ready,
  });
  const host = o.host ?? serve.host;
  const port = o.port ?? serve.port;
  try {
    await app.listen({ host, port });
  } catch (e) {
    runner.close();
    if (systemCodeOf(e) === 'EADDRINUSE')
      throw new PortInUseError(`port ${port} is in use by another process`, { where: 'serve.port', cause: e });
    throw e;
  }
  scheduler.start();
  ready = true;
  const bound = app.server.address();
  const address = typeof bound === 'object' && bound !== null ? bound : null;
  const shown = address?.family === 'IPv6' ? `[${address.address}]` : (address?.address ?? host);
  const url = `http://${shown}:${address?.port ?? port}`;
  return {
    url,
    runner,
    scheduler,
    metrics,
    /** Stops the schedule and the listener, lets the run in progress finish, closes the state store. */
    async stop(): Promise<void> {
      ready = false;
      scheduler.stop();
      await app.close();
      await runner.idle();
      runner.close();
    },
  };
};
