import { connectors } from '../../connectors/index.js';
import type { RunningSandbox, SandboxQuirks } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { loadConfigFile } from '../../src/engine/load-config.js';
import { memoryLogger } from '../../src/logger.js';
import { startService } from '../../src/serve/service.js';
import { workspaceFor } from './cli.js';
import { fastHttp } from './engine.js';
import { fakeClock } from './fake-clock.js';

/** The tokens the service tests sign in with (held in environment variables, as the config requires). */
export const TOKENS = {
  alice: 'alice-token-3f9c2a7d81',
  bob: 'bob-token-b41e0c6f55',
  carol: 'carol-token-99ad03e2c4',
} as const;

/**
 * A BambooHR sandbox and `fluencyflow serve` in this process on loopback, with a fake clock before the weekly run.
 * Scheduled runs plan and apply as alice; alice and bob may approve, carol may only read.
 */
export const startServeFixture = async (
  over: { quirks?: Partial<SandboxQuirks>; config?: Record<string, unknown>; env?: Record<string, string> } = {},
) => {
  const def = connectors['bamboohr'];
  if (!def) throw new Error('bamboohr connector missing');
  const org = generateSyntheticOrg({
    asOf: '2027-06-30',
    employees: 120,
    seed: 7,
    standardGoalTitle: 'AI fluency development goal FY2027',
    cycleEnd: '2027-12-31',
  });
  const sandbox: RunningSandbox = await def.sandbox.start({ org, port: 0, quirks: over.quirks ?? {} });
  const ws = workspaceFor(sandbox, org, {
    schedule: { weekly: { day: 'monday', time: '06:00' } },
    serve: {
      actor: 'alice',
      auth: {
        tokens: [
          { name: 'alice', token: { env: 'FF_TOKEN_ALICE' }, approver: true },
          { name: 'bob', token: { env: 'FF_TOKEN_BOB' }, approver: true },
          { name: 'carol', token: { env: 'FF_TOKEN_CAROL' } },
        ],
      },
    },
    ...over.config,
  });
  const clock = fakeClock('2027-06-27T00:00:00Z');
  const logger = memoryLogger();
  const service = await startService({
    loaded: loadConfigFile(ws.config),
    env: {
      ...sandbox.env,
      FF_TOKEN_ALICE: TOKENS.alice,
      FF_TOKEN_BOB: TOKENS.bob,
      FF_TOKEN_CAROL: TOKENS.carol,
      ...over.env,
    },
    logger,
    clock,
    http: fastHttp(),
    host: '127.0.0.1',
    port: 0,
  });
  return {
    org,
    sandbox,
    ws,
    clock,
    logger,
    service,
    /** Moves the clock past the weekly run (Monday 28 June 2027, 06:00 in New York) and waits until it finished. */
    async weeklyRun(): Promise<void> {
      clock.advanceTo('2027-06-28T11:00:00Z');
      await service.runner.idle();
    },
    async close(): Promise<void> {
      await service.stop();
      await sandbox.close();
    },
  };
};
export type ServeFixture = Awaited<ReturnType<typeof startServeFixture>>;

/** Parses Prometheus's text exposition format strictly: every line a comment, blank, or `name{labels} value`. */
export const parsePrometheus = (text: string): { name: string; labels: Record<string, string>; value: number }[] => {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|\+Inf|-Inf))$/.exec(line);
    if (!m) throw new Error(`metrics line ${i + 1} is not in the exposition format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g))
      labels[l[1] ?? ''] = l[2] ?? '';
    samples.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return samples;
};
