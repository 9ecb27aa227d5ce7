import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bamboohrConnector } from '../../connectors/bamboohr/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { StateStore } from '../../src/state/state-store.js';
import { normalised, runCli, workspaceFor } from '../helpers/cli.js';
import { engineFor } from '../helpers/engine.js';

const TITLE = 'AI fluency development goal FY2027';
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 120,
  seed: 23,
  standardGoalTitle: TITLE,
  cycleEnd: '2027-12-31',
});

/**
 * A loopback TCP proxy in front of a sandbox. `freeze()` keeps accepting connections and bytes but answers nothing
 * (a hung HRIS: requests time out after their bodies were sent); `thaw()` drops the frozen connections and
 * forwards again. `kill()` resets every connection and stops listening (connections are refused); `revive()` listens
 * on the same port again. `onChunk` sees every chunk a client sends (to stop the HRIS after some writes).
 */
const startProxy = async (target: URL, onChunk: (chunk: Buffer) => void = () => undefined) => {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (b: Buffer) => {
      if (!frozen) upstream.write(b);
      onChunk(b);
    });
    upstream.on('data', (b) => void (frozen || client.write(b)));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  const listen = (at: number) => new Promise<void>((r) => server.listen(at, '127.0.0.1', r));
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const dropAll = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}/`,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      dropAll();
      frozen = false;
    },
    kill: () => {
      server.close();
      dropAll();
    },
    revive: () => listen(port),
    close: () =>
      new Promise<void>((r) => {
        dropAll();
        if (server.listening) server.close(() => r());
        else r();
      }),
  };
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});
const start = async (): Promise<RunningSandbox> => {
  const sandbox = await bamboohrConnector.sandbox.start({ org, port: 0 });
  cleanups.push(() => sandbox.close());
  return sandbox;
};

describe('a HRIS that freezes mid-apply', { timeout: 300_000 }, () => {
  it('stops in bounded time with unknown and not-attempted changes, never failed-but-applied; the next apply completes with no duplicates', async () => {
    const reference = await start();
    const one = engineFor(reference, org);
    await one.apply();
    await one.close();

    const sandbox = await start();
    const base = new URL(String(sandbox.connectorConfig('c1').baseUrl));
    const proxy = await startProxy(base);
    cleanups.push(() => proxy.close());
    const baseUrl = new URL(base.pathname, proxy.url).toString();
    const state = join(mkdtempSync(join(tmpdir(), 'ff-dead-')), 'state.db');

    let writes = 0;
    const http = {
      // Short, but far above what a loopback request needs on a loaded machine.
      timeoutMs: 3000,
      breakerThreshold: 3,
      onRequest: (r: { method: string }) => {
        if (r.method !== 'GET' && ++writes === 12) proxy.freeze();
      },
    };
    const first = engineFor(sandbox, org, { state, http, connector: { baseUrl } });
    const { result, summary } = await first.apply({ deadlineMs: 120_000 });
    await first.close();

    // Stopped by the breaker (not the deadline), with what was not sent listed and nothing sent blindly again.
    expect(result.stopped.map((e) => e.code)).toEqual(['FF_HRIS_UNAVAILABLE']);
    expect(result.applied).toBeGreaterThan(0);
    expect(result.unknown + result.notAttempted).toBeGreaterThan(0);
    expect(result.notAttempted).toBeGreaterThan(0);
    expect(result.failures.filter((f) => f.status === 'failed' && f.code === 'FF_NETWORK')).toEqual([]);
    expect(summary.notAttempted).toBe(result.notAttempted);
    // An exit code of 3: the CLI returns it whenever a change is listed as not applied.
    expect(result.failures.length).toBe(result.failed + result.unknown + result.notAttempted);

    const store = new StateStore(state);
    const counted = store.countAuditOutcomes(summary.runId);
    store.close();
    expect(counted.unknown ?? 0).toBe(result.unknown);
    expect(counted.failed ?? 0).toBe(result.failed);

    proxy.thaw();
    const second = engineFor(sandbox, org, { state, connector: { baseUrl } });
    const fresh = await second.plan();
    const stillPlanned = new Set(fresh.changes.filter((c) => c.action !== 'noop').map((c) => c.key));
    // Whatever the first run called failed, the HRIS indeed lacks; what it applied, the HRIS holds.
    for (const f of result.failures.filter((x) => x.status === 'failed'))
      expect(stillPlanned.has(f.key), f.key).toBe(true);
    for (const [key, outcome] of result.outcomes)
      if (outcome === 'applied') expect(stillPlanned.has(key), key).toBe(false);
    const again = await second.apply();
    await second.close();
    expect(again.result.failures).toEqual([]);

    const snap = sandbox.snapshot();
    for (const [id, goals] of Object.entries(snap.goals))
      expect(goals.filter((g) => g.title === TITLE).length, `goals of ${id}`).toBeLessThanOrEqual(1);
    expect(normalised(snap)).toEqual(normalised(reference.snapshot()));
  });

  it('the CLI exits 3 when the HRIS goes down mid-apply, listing what was not attempted; once it is back, apply finishes and plan is clean', async () => {
    const sandbox = await start();
    const base = new URL(String(sandbox.connectorConfig('sub').baseUrl));
    let posts = 0;
    const proxy = await startProxy(base, (chunk) => {
      if (chunk.subarray(0, 5).toString() === 'POST ' && ++posts === 10) proxy.kill();
    });
    cleanups.push(() => proxy.close());
    const baseUrl = new URL(base.pathname, proxy.url).toString();
    const ws = workspaceFor(sandbox, org, { connectors: [{ ...sandbox.connectorConfig('sub'), baseUrl }] });

    const first = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(first.code, first.stderr).toBe(3);
    expect(first.stdout).toMatch(
      /Stopped sending to sub: FF_HRIS_UNAVAILABLE sub: 5 consecutive timeouts or connection failures/,
    );
    expect(first.stdout).toMatch(/\d+ outcome unknown, [1-9]\d* not attempted/);
    expect(first.stdout).toContain('  not attempted sub/');
    expect(first.stdout).not.toMatch(/^ {2}failed .*FF_NETWORK/m);

    await proxy.revive();
    const second = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(second.code, second.stderr).toBe(0);
    const plan = await runCli(['plan', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(plan.code, plan.stdout).toBe(0);
    for (const [id, goals] of Object.entries(sandbox.snapshot().goals))
      expect(goals.filter((g) => g.title === TITLE).length, `goals of ${id}`).toBeLessThanOrEqual(1);
  });
});
