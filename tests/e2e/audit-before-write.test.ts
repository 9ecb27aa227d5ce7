/**
 * Issue 12: "the record is written after the HRIS write, so kills left HRIS writes with no record". Seen from the
 * wire: a loopback proxy in front of the BambooHR sandbox looks into the state store each time a write arrives and
 * notes any write whose employee has no audit record yet. A kill at that moment would leave the write unaudited.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bamboohrConnector } from '../../connectors/bamboohr/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { runCli, workspaceFor } from '../helpers/cli.js';

const TITLE = 'AI fluency development goal FY2027';
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 60,
  seed: 29,
  standardGoalTitle: TITLE,
  cycleEnd: '2027-12-31',
});
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

/** The employee a BambooHR write is about: every write route has `employees/{id}` in its path. */
const employeeOf = (path: string): string | null => /\/employees\/([^/?]+)/.exec(path)?.[1] ?? null;

/** Whether the state store holds an audit record about the employee (read-only, as a second process would). */
const auditedNow = (db: string, employeeId: string): boolean => {
  let raw: Database.Database | undefined;
  try {
    raw = new Database(db, { readonly: true, fileMustExist: true });
    return raw.prepare('SELECT 1 FROM audit WHERE employee_id = ? LIMIT 1').get(employeeId) !== undefined;
  } catch {
    // No state store or no audit table yet: nothing is recorded about anyone.
    return false;
  } finally {
    raw?.close();
  }
};

/** A pass-through proxy to `target` that calls `onWrite` before forwarding any request that is not a read. */
const startProxy = async (target: URL, onWrite: (method: string, path: string) => void): Promise<Server> => {
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (method !== 'GET' && !path.includes('/reports/custom')) onWrite(method, path);
    const upstream = request(
      { host: target.hostname, port: target.port, method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
};

describe('the audit record comes before the HRIS write', { timeout: 600_000 }, () => {
  it('every write reaching BambooHR finds an audit record of its employee already stored', async () => {
    const sandbox: RunningSandbox = await bamboohrConnector.sandbox.start({ org, port: 0 });
    closers.push(() => sandbox.close());
    const target = new URL(sandbox.baseUrl);
    const unaudited: string[] = [];
    let writes = 0;
    let db = '';
    const proxy = await startProxy(target, (method, path) => {
      writes += 1;
      const id = employeeOf(path);
      if (id === null || !auditedNow(db, id)) unaudited.push(`${method} ${path}`);
    });
    closers.push(() => new Promise<void>((done) => proxy.close(() => done())));
    const address: AddressInfo | string | null = proxy.address();
    const port = address !== null && typeof address === 'object' ? address.port : 0;
    const proxied: RunningSandbox = {
      ...sandbox,
      connectorConfig: (id) => ({ ...sandbox.connectorConfig(id), baseUrl: `http://127.0.0.1:${String(port)}/api/` }),
    };
    const ws = workspaceFor(proxied, org);
    db = join(ws.dir, '.fluencyflow', 'state.db');
    const res = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(res.code, res.stderr).toBe(0);
    expect(writes).toBeGreaterThan(0);
    expect(unaudited.slice(0, 5), `${unaudited.length} of ${writes} writes had no audit record yet`).toEqual([]);
  });
});
