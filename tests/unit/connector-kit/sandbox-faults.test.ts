import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxFault, SandboxSnapshot } from '../../../src/connector.js';
import { createFaultInjector } from '../../../src/connector-kit/sandbox-faults.js';
import { StateStore } from '../../../src/state/state-store.js';
import { normalised } from '../../helpers/cli.js';
import { compare, TITLE } from '../../helpers/fault-matrix.js';

/** The shared fault injector in front of a tiny handler that counts what it processed. */
let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

const start = async (
  faults: SandboxFault[],
  extra: { monotonic?: () => number; throttleStatus?: () => 429 | 503 } = {},
) => {
  const injector = createFaultInjector({
    isWrite: (req) => req.method === 'POST',
    renderError: (status, message) => ({ contentType: 'application/json', body: JSON.stringify({ status, message }) }),
    now: () => Date.UTC(2027, 5, 30, 12, 0, 0),
    ...extra,
  });
  injector.set(faults);
  let processed = 0;
  server = createServer(
    injector.wrap((_req, res) => {
      processed++;
      const body = '{"items":[{"id":1,"n":"a"}]}';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
      res.end(body);
    }),
  );
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  const call = (method = 'POST') =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string } | { error: string }>((done) => {
      const req = request({ host: '127.0.0.1', port, method, path: '/x', agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', (e) => done({ error: e.message }));
        res.on('aborted', () => done({ error: 'aborted' }));
      });
      req.on('error', (e) => done({ error: e.message }));
      req.setTimeout(1500, () => req.destroy(new Error('timeout')));
      req.end('{}');
    });
  return { injector, call, processed: () => processed };
};

const statusOf = (r: { status: number } | { error: string }): number | string => ('status' in r ? r.status : r.error);

describe('the shared sandbox fault injector', () => {
  it('throttles with Retry-After as an HTTP date, without processing the request', async () => {
    const s = await start([{ kind: 'status-503', retryAfterSeconds: 2, retryAfterForm: 'http-date' }]);
    const r = await s.call();
    expect(r).toMatchObject({ status: 503, headers: { 'retry-after': 'Wed, 30 Jun 2027 12:00:02 GMT' } });
    expect(s.processed()).toBe(0);
  });

  it('limits to a rate with a token bucket: past it, throttled until the next token, unprocessed', async () => {
    let t = 0;
    const s = await start([{ kind: 'rate-limit', perSecond: 2 }], { monotonic: () => t });
    // A full bucket: one second's worth at once.
    expect(statusOf(await s.call())).toBe(200);
    expect(statusOf(await s.call('GET'))).toBe(200);
    const past = await s.call();
    expect(past).toMatchObject({ status: 429, headers: { 'retry-after': '1' } });
    expect('body' in past && JSON.parse(past.body)).toMatchObject({ status: 429 });
    expect(s.processed()).toBe(2);
    t = 500;
    expect(statusOf(await s.call())).toBe(200);
    expect(statusOf(await s.call())).toBe(429);
    t = 10_000;
    expect([statusOf(await s.call()), statusOf(await s.call()), statusOf(await s.call())]).toEqual([200, 200, 429]);
    expect(s.processed()).toBe(5);
    expect(s.injector.hits()['rate-limit']).toBe(3);
  });

  it('throttles with the status of the provider (BambooHR accounts not yet moved to 429 answer 503)', async () => {
    const fault: SandboxFault = { kind: 'rate-limit', perSecond: 1, retryAfterForm: 'http-date' };
    const s = await start([fault], { monotonic: () => 0, throttleStatus: () => 503 });
    expect(statusOf(await s.call())).toBe(200);
    expect(await s.call()).toMatchObject({ status: 503, headers: { 'retry-after': 'Wed, 30 Jun 2027 12:00:01 GMT' } });
  });

  it('resets before processing, or after it (the write happened, no answer came)', async () => {
    const before = await start([{ kind: 'reset-before' }]);
    expect(await before.call()).toHaveProperty('error');
    expect(before.processed()).toBe(0);
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    const after = await start([{ kind: 'reset-after', on: 'write' }]);
    expect(await after.call()).toHaveProperty('error');
    expect(after.processed()).toBe(1);
    expect(await after.call('GET')).toMatchObject({ status: 200 });
  });

  it('answers malformed and drifted bodies in complete responses, and truncates others', async () => {
    const malformed = await start([{ kind: 'malformed', times: 1 }, { kind: 'drift' }]);
    const cut = await malformed.call();
    expect(cut).toMatchObject({ status: 200 });
    expect(() => JSON.parse('body' in cut ? cut.body : '')).toThrow();
    const drifted = await malformed.call();
    expect(JSON.parse('body' in drifted ? drifted.body : '{}')).toMatchObject({
      items: [{ id: 1, x_addedInNewerVersion: expect.any(String) }],
    });
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    const truncated = await start([{ kind: 'truncated' }]);
    expect(await truncated.call()).toHaveProperty('error');
  });

  it('a frozen server holds every request from its first hit until the faults are cleared', async () => {
    const s = await start([{ kind: 'frozen', after: 1 }]);
    expect(await s.call()).toMatchObject({ status: 200 });
    expect(await s.call()).toEqual({ error: 'timeout' });
    expect(s.injector.hits()).toEqual({ frozen: 1 });
    s.injector.set([]);
    expect(await s.call()).toMatchObject({ status: 200 });
  });
});

describe('the zero checks count what they must', () => {
  const snap = (over: Partial<SandboxSnapshot> = {}): SandboxSnapshot => ({
    goals: {},
    eligibility: {},
    exceptionNotes: {},
    ...over,
  });
  const goal = (id: string) => ({
    id,
    title: TITLE,
    description: 'd',
    percentComplete: 0,
    closed: false,
    dueDate: '2027-12-31',
  });

  it('a lost flag, a duplicated goal and writes without audit records', () => {
    const state = join(mkdtempSync(join(tmpdir(), 'ff-checks-')), 'state.db');
    new StateStore(state).close();
    const reference = normalised(
      snap({ goals: { e1: [goal('g1')] }, eligibility: { e1: { value: 'eligible', reason: 'r' } } }),
    );
    const final = snap({ goals: { e1: [goal('g1'), goal('g2')] } });
    expect(compare(reference, snap(), final, state)).toEqual({
      lost: 1,
      duplicates: 1,
      unaudited: 1,
      auditProblem: null,
    });
  });
});
