import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toError } from '../../../connectors/bamboohr/to-error.js';
import { FluencyError } from '../../../src/errors.js';
import { createHttpClient, defaultHttpSettings, keepAliveAgents } from '../../../src/http/index.js';

/**
 * The keep-alive race behind a partial apply under load: the server closes a connection once it has been idle for
 * its keep-alive timeout, but the client's process ran late, its free-socket timer had not fired, and it wrote the
 * next create into that connection. The request is reset before any answer, and a create's outcome is then unknown
 * (never resent). Here both sides read one fake clock, so "the process ran late" is the clock moving while no timer
 * runs: the server acts on its timeout the moment the late request arrives, exactly the wrong moment for the client.
 */
const SERVER_KEEP_ALIVE_MS = 5000;

interface RawServer {
  url: string;
  connections: () => number;
  answered: () => number;
  close: () => Promise<void>;
}

/** A raw HTTP/1.1 server (no keep-alive hint, as many are) that answers every request 201 and closes idle sockets. */
const rawServer = async (clock: () => number): Promise<RawServer> => {
  let connections = 0;
  let answered = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let idleSince: number | null = null;
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      // Its idle timeout passed: the server had closed this connection before these bytes came.
      if (idleSince !== null && clock() - idleSince >= SERVER_KEEP_ALIVE_MS) {
        socket.destroy();
        return;
      }
      buffered += chunk.toString('latin1');
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        answered++;
        const body = JSON.stringify({ id: String(answered) });
        const head = `HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
        socket.write(head + body);
        idleSince = clock();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    connections: () => connections,
    answered: () => answered,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
};

const servers: RawServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const setUp = async () => {
  let now = 0;
  const clock = () => now;
  const server = await rawServer(clock);
  servers.push(server);
  const http = createHttpClient({
    connector: 'sub',
    baseUrl: server.url,
    settings: { ...defaultHttpSettings, sleep: () => Promise.resolve() },
    translate: toError,
    agents: keepAliveAgents({ clock }),
  });
  const create = () =>
    http.request({ method: 'POST', url: 'goals', route: 'POST goals', idempotent: false, data: { title: 'x' } });
  return { server, create, advance: (ms: number) => (now += ms) };
};

describe('a kept-alive socket the server has closed is not reused', () => {
  it('a create after the server closed the idle connection opens a new one and is answered', async () => {
    const { server, create, advance } = await setUp();
    expect((await create()).status).toBe(201);
    // The process ran late: the server's keep-alive timeout passed, the client's free-socket timer did not run.
    advance(SERVER_KEEP_ALIVE_MS);
    const second = await create().catch((e: unknown) => e);
    expect(second instanceof FluencyError ? `${second.code} ${second.message}` : null).toBeNull();
    expect(server.answered()).toBe(2);
    expect(server.connections()).toBe(2);
  });

  it('a socket idle for less than the free-socket limit is still reused', async () => {
    const { server, create, advance } = await setUp();
    await create();
    advance(1000);
    await create();
    advance(1000);
    await create();
    expect(server.answered()).toBe(3);
    expect(server.connections()).toBe(1);
  });
});

/** A plain Node HTTP server in its own process (so it keeps running while this one stalls), keep-alive 2 s. */
const nodeServerScript = `
const server = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(201, { 'Content-Type': 'application/json' }); res.end('{"id":"1"}'); });
});
server.keepAliveTimeout = 2000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

describe("with real timers: the process stalls past the server's keep-alive", () => {
  it('the create after the stall is answered, on a new connection', async () => {
    const child = spawn(process.execPath, ['-e', nodeServerScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const port = await new Promise<number>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(Number(d))));
    const http = createHttpClient({
      connector: 'sub',
      baseUrl: `http://127.0.0.1:${port}/`,
      settings: { ...defaultHttpSettings, sleep: () => Promise.resolve() },
      translate: toError,
    });
    const create = () =>
      http.request({ method: 'POST', url: 'goals', route: 'POST goals', idempotent: false, data: { title: 'x' } });
    expect((await create()).status).toBe(201);
    // Blocks this thread without spinning, as a starved process is: the agent's free-socket timer (1 s, from the
    // server's `Keep-Alive: timeout=2` hint) cannot run, the server closes its end at 2 s. Node's global agent then
    // hands the next request that closed socket before it reads the close: "socket hang up" on a create.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 4500);
    const second = await create().catch((e: unknown) => e);
    expect(second instanceof FluencyError ? `${second.code} ${second.message}` : null).toBeNull();
  });
});
