import { stringify } from 'yaml';
import { connectorOf, connectors } from '../../../connectors/index.js';
import { generateSyntheticOrg } from '../../demo/synthetic-org.js';
import { PortInUseError, systemCodeOf, UsageError } from '../../errors.js';
import type { Output } from '../output.js';
import { exportLine } from '../shell-quote.js';

export interface SandboxCommandOptions {
  port?: string;
  employees?: string;
  seed?: string;
  asOf?: string;
  rateLimitEvery?: string;
  retryAfter?: string;
  failWritesEvery?: string;
}

const int = (v: string | undefined, name: string, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} takes a whole number, not "${v}"`);
  return n;
};

/** `sandbox <hris> [--port N] [--employees N] [--seed N]`: start one sandbox and keep it running until Ctrl-C. */
export const sandboxCommand = async (out: Output, type: string, opts: SandboxCommandOptions): Promise<number> => {
  const def = connectorOf(type);
  if (!def) throw new UsageError(`unknown HRIS "${type}" (known: ${Object.keys(connectors).join(', ')})`);
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  const org = generateSyntheticOrg({
    asOf,
    employees: int(opts.employees, '--employees', 500),
    seed: int(opts.seed, '--seed', 42),
    standardGoalTitle: `AI fluency development goal FY${asOf.slice(0, 4)}`,
  });
  const port = int(opts.port, '--port', 0);
  const sandbox = await def.sandbox
    .start({
      org,
      port,
      quirks: {
        rateLimitEvery: int(opts.rateLimitEvery, '--rate-limit-every', 0),
        retryAfterSeconds: int(opts.retryAfter, '--retry-after', 1),
        failWritesEvery: int(opts.failWritesEvery, '--fail-writes-every', 0),
      },
    })
    .catch((e: unknown) => {
      if (systemCodeOf(e) === 'EADDRINUSE')
        throw new PortInUseError(`port ${port} is in use by another process`, { where: '--port', cause: e });
      throw e;
    });
  const block = sandbox.connectorConfig('sandbox');
  if (out.json)
    out.data({ type, baseUrl: sandbox.baseUrl, employees: org.employees.length, connector: block, env: sandbox.env });
  else {
    out.line(
      `${def.title} sandbox listening on ${sandbox.baseUrl} with ${org.employees.length} synthetic employees ` +
        `(seed ${org.seed}).`,
    );
    out.line('Connector block for fluencyflow.yaml:');
    out.line(stringify({ connectors: [block] }).trimEnd());
    // These are the sandbox's own throw-away test credentials (made up at start), not a tenant's secrets.
    out.line("Environment it reads (the sandbox's own throw-away test credentials):");
    // Paste-ready for sh, bash and zsh; a multi-line key stays multi-line.
    for (const [k, v] of Object.entries(sandbox.env)) out.line(exportLine(k, v));
    out.line('Press Ctrl-C to stop.');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  return 0;
};
