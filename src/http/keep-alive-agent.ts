/**
 * Keep-alive agents that never hand a request a socket the server may already have closed.
 *
 * A server closes a kept-alive connection after its own idle timeout (5 s in Node and Apache httpd, 60-75 s in load
 * balancers and nginx). Node's agent drops an idle socket with a timer, but a busy process runs that timer late and can
 * write the next request into a socket whose close is already on its way: the request is reset, and for a create
 * the outcome is unknown (the client cannot prove the server never read it, so it is never resent). These agents
 * measure the idle time with the clock at the moment a socket would be reused, and close it instead when it has
 * been idle for the free-socket limit, whatever the timers did.
 * https://nodejs.org/docs/latest-v20.x/api/http.html#class-httpagent
 */
import { Agent as HttpAgent, type AgentOptions, type ClientRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

declare module 'node:http' {
  // Called by `http.request` to give the request a socket; in Node's Agent since v0.x, missing from @types/node.
  interface Agent {
    addRequest(req: ClientRequest, options: RequestOptions): void;
  }
}

/**
 * The longest a socket may wait in the pool. The shortest keep-alive among common servers is 5 s; 2 s leaves 3 s
 * for a loaded process to read the answer whose end starts the idle count. A shorter `Keep-Alive: timeout=N` hint
 * from the server lowers it further (Node's agent takes one second off the hint).
 */
const FREE_SOCKET_MS = 2000;

/** Idle bookkeeping shared by the http and https agents. */
class IdleSockets {
  private readonly since = new WeakMap<Duplex, number>();

  constructor(private readonly clock: () => number) {}

  /**
   * What `keepSocketAlive` answers: Node's own answer (whether the socket may be kept; its typings say void), with a
   * kept socket's idle time starting now.
   */
  kept(socket: Duplex, nodeAnswer: unknown): boolean {
    if (nodeAnswer === false) return false;
    this.since.set(socket, this.clock());
    return true;
  }

  /** Takes the sockets idle for their limit out of the pool and closes them, before the pool hands one out. */
  evictStale(pools: HttpAgent['freeSockets'], fallbackMs: number): void {
    const now = this.clock();
    for (const pool of Object.values(pools)) {
      if (pool === undefined) continue;
      for (let i = pool.length - 1; i >= 0; i--) {
        const socket = pool[i];
        if (socket === undefined) continue;
        // Node sets the free socket's timeout to the agent's limit, or to the server's hint less a second.
        const timeout = socket instanceof Socket ? socket.timeout : undefined;
        const limit = timeout !== undefined && timeout > 0 ? timeout : fallbackMs;
        const idleSince = this.since.get(socket);
        if (idleSince === undefined || now - idleSince < limit) continue;
        // Out of the pool now: the agent takes a free socket without looking whether it was destroyed, and the close
        // (which does its own bookkeeping) only comes on a later tick.
        pool.splice(i, 1);
        socket.destroy();
      }
    }
  }
}

export interface KeepAliveAgentOptions {
  /** Free-socket limit in milliseconds (FREE_SOCKET_MS unless a test sets it). */
  freeSocketMs?: number;
  /** Monotonic milliseconds (injected in tests). */
  clock?: () => number;
}

const agentOptions = (freeSocketMs: number): AgentOptions => ({
  keepAlive: true,
  timeout: freeSocketMs,
  scheduling: 'lifo',
});

class FreshHttpAgent extends HttpAgent {
  private readonly idle: IdleSockets;
  constructor(
    private readonly freeSocketMs: number,
    clock: () => number,
  ) {
    super(agentOptions(freeSocketMs));
    this.idle = new IdleSockets(clock);
  }
  override keepSocketAlive(socket: Duplex): boolean {
    return this.idle.kept(socket, super.keepSocketAlive(socket));
  }
  override addRequest(req: ClientRequest, options: RequestOptions): void {
    this.idle.evictStale(this.freeSockets, this.freeSocketMs);
    super.addRequest(req, options);
  }
}

class FreshHttpsAgent extends HttpsAgent {
  private readonly idle: IdleSockets;
  constructor(
    private readonly freeSocketMs: number,
    clock: () => number,
  ) {
    super(agentOptions(freeSocketMs));
    this.idle = new IdleSockets(clock);
  }
  override keepSocketAlive(socket: Duplex): boolean {
    return this.idle.kept(socket, super.keepSocketAlive(socket));
  }
  override addRequest(req: ClientRequest, options: RequestOptions): void {
    this.idle.evictStale(this.freeSockets, this.freeSocketMs);
    super.addRequest(req, options);
  }
}

export interface KeepAliveAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

/** One pair of agents per HTTP client, so each connector's pool follows its own server's keep-alive. */
export const keepAliveAgents = (options: KeepAliveAgentOptions = {}): KeepAliveAgents => {
  const ms = options.freeSocketMs ?? FREE_SOCKET_MS;
  const clock = options.clock ?? (() => performance.now());
  return { httpAgent: new FreshHttpAgent(ms, clock), httpsAgent: new FreshHttpsAgent(ms, clock) };
};
