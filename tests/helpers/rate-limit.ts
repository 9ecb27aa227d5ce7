/**
 * A rate limit in front of a sandbox, as the tenant's API gateway applies it to every caller together: a token
 * bucket of R requests per second (bursts up to R); a request over it is answered 429 with `Retry-After: 1` and
 * BambooHR's error shape, without reaching the sandbox. Loopback only.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { keepAliveAgents } from '../../src/http/index.js';

export interface RateLimitedFront {
  /** The sandbox's base URL with the front's port. */
  baseUrl: string;
  /** Requests passed on and refused so far. */
  counts(): { passed: number; refused: number };
  close(): Promise<void>;
}

export const rateLimitedFront = async (sandboxBaseUrl: string, perSecond: number): Promise<RateLimitedFront> => {
  const target = new URL(sandboxBaseUrl);
  let tokens = perSecond;
  let last = performance.now();
  let passed = 0;
  let refused = 0;
  // As a gateway keeps its upstream connections: not Node's global agent, whose late timers let the front write a
  // passed request into a socket the sandbox has just closed (the request then fails without reaching it).
  const { httpAgent } = keepAliveAgents();
  const take = (): boolean => {
    const now = performance.now();
    tokens = Math.min(perSecond, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const refuse = (res: ServerResponse) => {
    refused++;
    const body = JSON.stringify({ error: { code: 'TooManyRequests', message: 'Rate limit exceeded' } });
    res.writeHead(429, {
      'Content-Type': 'application/json; charset=utf-8',
      'Retry-After': '1',
      'X-BambooHR-Message': 'Rate limit exceeded',
    });
    res.end(body);
  };
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    passed++;
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: httpAgent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };
  const server = createServer((req, res) => (take() ? forward(req, res) : refuse(res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    counts: () => ({ passed, refused }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        httpAgent.destroy();
        server.close(() => resolve());
      }),
  };
};
