/**
 * The skeleton every sandbox shares: a server on 127.0.0.1 behind the fault injector, request bodies read with a size
 * limit, the counts behind `RunningSandbox.stats()`, the counters behind the `rateLimitEvery` and `failWritesEvery`
 * quirks, and the error a handler throws. What stays in each sandbox is its provider's protocol: routes, auth, and
 * how an error is rendered (BambooHR's `{"error":{"code","message"}}`, SuccessFactors' OData error, Workday's SOAP
 * fault or REST error).
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { SandboxQuirks, SandboxStats, TenantVariation } from '../connector.js';
import type { FaultInjector } from './sandbox-faults.js';

/** An error answer thrown by a sandbox handler: its status, message and extra headers (`Retry-After`). */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Refuses a tenant variation the sandbox cannot take on (the contract suite asks only for the listed ones). */
export const assertVariations = (
  sandbox: string,
  offered: readonly TenantVariation[],
  asked: readonly TenantVariation[],
): void => {
  const missing = asked.filter((v) => !offered.includes(v));
  if (missing.length > 0) throw new Error(`the ${sandbox} sandbox has no variation ${missing.join(', ')}`);
};

/** Larger than any request fluencyflow sends (a 100-instance bulk write is a few kilobytes); BambooHR sets its own. */
const DEFAULT_BODY_LIMIT = 10_000_000;

/** The request body as text; past `limit` bytes a 413 `SandboxError` (the sandbox renders it in its own shape). */
export const readBody = async (req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > limit) throw new SandboxError(413, 'Payload too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** Sends a JSON answer; `contentType` is the provider's exact header (they differ in spacing and charset). */
export const sendJson = (
  res: ServerResponse,
  status: number,
  value: unknown,
  contentType: string,
  headers: Record<string, string> = {},
): void => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
};

export interface RequestStats {
  /** Counts one request (before anything can reject it: throttled and unauthorised requests count too). */
  request(): void;
  /** Counts one request on a route name (`GET meta/fields`, `POST Human_Resources Get_Workers`). */
  route(name: string): void;
  /** Counts one write the sandbox took. */
  write(): void;
  stats(): SandboxStats;
  reset(): void;
}

/** The counts `RunningSandbox.stats()` returns, copied out so a caller cannot change them. */
export const createRequestStats = (): RequestStats => {
  let s: SandboxStats = { requests: 0, writes: 0, byRoute: {} };
  return {
    request: () => void (s.requests += 1),
    route: (name) => void (s.byRoute[name] = (s.byRoute[name] ?? 0) + 1),
    write: () => void (s.writes += 1),
    stats: () => ({ requests: s.requests, writes: s.writes, byRoute: { ...s.byRoute } }),
    reset: () => {
      s = { requests: 0, writes: 0, byRoute: {} };
    },
  };
};

export interface QuirkCounters {
  /** Counts a request; true when `rateLimitEvery` says this one is throttled. */
  throttled(quirks: Pick<SandboxQuirks, 'rateLimitEvery'>): boolean;
  /** Counts a write; true when `failWritesEvery` says this one fails with a server error. */
  writeFails(quirks: Pick<SandboxQuirks, 'failWritesEvery'>): boolean;
  reset(): void;
}

/**
 * The counters of the two periodic quirks. They count every request and every write whether the quirk is on or not,
 * and `resetStats` leaves them alone, so "every nth" keeps its phase across a test's stats resets.
 */
export const createQuirkCounters = (): QuirkCounters => {
  let requests = 0;
  let writes = 0;
  const hit = (count: number, every: number): boolean => every > 0 && count % every === 0;
  return {
    throttled: (q) => hit(++requests, q.rateLimitEvery),
    writeFails: (q) => hit(++writes, q.failWritesEvery),
    reset: () => {
      requests = 0;
      writes = 0;
    },
  };
};

export interface LoopbackServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>/`. */
  readonly origin: string;
  /** Drops the connections the fault injector holds and every open one, then stops listening. */
  close(): Promise<void>;
}

/**
 * Starts `listener` behind the fault injector on 127.0.0.1 (never another interface) at `port` (0: any free port).
 * A port already taken rejects instead of crashing the process.
 */
export const listenLoopback = async (
  listener: RequestListener,
  options: { port?: number; faults: FaultInjector },
): Promise<LoopbackServer> => {
  const server = createServer(options.faults.wrap(listener));
  // Idle connections are kept 65 s, as the load balancers in front of real tenants keep them (60 s and more), not
  // Node's 5 s. With 5 s, a sandbox busy for seconds on one large batch ran its idle timers late, in the same turn
  // as the next request arrived on a kept connection, and reset it: the 100,000-person apply met five resets in a
  // row on an idle machine and stopped (docs/performance.md, "End to end"). The client's own limit on idle sockets
  // is tested against a 2-second server in tests/unit/http/keep-alive-race.test.ts.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    origin: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        options.faults.release();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
};
