import { resolve } from 'node:path';
import { loadConfigFile } from '../../engine/load-config.js';
import { UsageError } from '../../errors.js';
import { createCliLogger } from '../cli-logger.js';
import type { GlobalOptions } from '../context.js';
import type { Output } from '../output.js';

/** `serve [--port N] [--host H]`: runs until SIGTERM or SIGINT, then lets the run in progress finish; exit 0. */
export const serveCommand = async (
  out: Output,
  opts: GlobalOptions & { port?: string; host?: string },
): Promise<number> => {
  const port = opts.port === undefined ? undefined : Number(opts.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new UsageError(`--port ${opts.port ?? ''}: expected a port number from 0 to 65535`);
  const loaded = loadConfigFile(resolve(opts.config ?? 'fluencyflow.yaml'));
  const { startService } = await import('../../serve/service.js');
  const service = await startService({
    loaded,
    env: process.env,
    // The service's log says what each run did (info and up); --verbose adds the debug lines.
    logger: createCliLogger({ verbose: opts.verbose === true, json: true }),
    ...(port === undefined ? {} : { port }),
    ...(opts.host === undefined ? {} : { host: opts.host }),
  });
  if (out.json) out.data({ url: service.url, schedule: service.scheduler.upcoming() });
  else {
    out.line(`fluencyflow serve listening on ${service.url} (page /, probes /healthz /readyz, metrics /metrics)`);
    for (const u of service.scheduler.upcoming()) out.line(`  next ${u.trigger} run: ${u.at}`);
  }
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  out.line('Stopping: the run in progress finishes first.');
  await service.stop();
  return 0;
};
