/**
 * The one fault-injection mechanism every sandbox shares: a list of `SandboxFault` rules consulted per request, in
 * front of the sandbox's own handler. Faults act on the transport (status, delay, reset, the bytes of the answer), so
 * the handler behind stays as strict as ever; error answers use the provider's own shape through `renderError`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SandboxFault, SandboxFaultKind } from '../connector.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface FaultInjectorOptions {
  /** Whether a request writes (searches sent as POST are reads). */
  isWrite(req: IncomingMessage): boolean;
  /** The provider's error answer for a status (its content type and body). */
  renderError(status: number, message: string): { contentType: string; body: string; headers?: Record<string, string> };
  /** Forgets every issued token (absent: the provider has no tokens, `token-expired` changes nothing). */
  expireTokens?: () => void;
  /** The wall clock, for Retry-After as an HTTP date. */
  now?: () => number;
  /** The status the provider throttles with (`rate-limit`; default 429). */
  throttleStatus?: () => 429 | 503;
  /** A monotonic clock in milliseconds for the `rate-limit` bucket (default `performance.now`). */
  monotonic?: () => number;
}

export interface FaultInjector {
  wrap(listener: Listener): Listener;
  /** Replaces the rules; an empty list also drops the connections held by `timeout` and `frozen`. */
  set(faults: readonly SandboxFault[] | undefined): void;
  /** Hits so far per kind. */
  hits(): Partial<Record<SandboxFaultKind, number>>;
  /** Drops every held connection (call before closing the server). */
  release(): void;
}

/** mulberry32: a small, seeded, uniform generator in [0, 1) (faults and test kills repeat with their seed). */
export const seededRandom = (seed: number): (() => number) => {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

interface Rule {
  fault: SandboxFault;
  random: () => number;
  matched: number;
  hits: number;
  /** `frozen`: true once hit, from then on every matching request hangs. */
  tripped: boolean;
  /** `rate-limit`: tokens in the bucket and when it was last filled. */
  bucket: { tokens: number; at: number };
}

const MESSAGES: Readonly<Record<number, string>> = {
  429: 'Too many requests: retry after the time in Retry-After',
  503: 'Service temporarily unavailable: retry after the time in Retry-After',
  500: 'Internal server error',
};

const matches = (fault: SandboxFault, write: boolean): boolean =>
  (fault.on ?? 'any') === 'any' || (fault.on === 'write') === write;

/** Unknown fields added to every JSON object, as a newer API version could answer. */
const driftJson = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(driftJson);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = driftJson(v);
  out.x_addedInNewerVersion = 'unknown to older clients';
  return out;
};

/** An unknown element added as the first child of every `wd:`, `d:` or `m:` element with children (XML answers). */
const driftXml = (xml: string): string =>
  xml.replace(/(<(wd|d|m):([A-Za-z_]+)(\s[^>]*)?>)(?=<)/g, (_all, open: string, prefix: string) => {
    const added = `${prefix}:Added_In_Newer_Version`;
    return `${open}<${added}>1</${added}>`;
  });

const drifted = (body: string): string => {
  try {
    return JSON.stringify(driftJson(JSON.parse(body)));
  } catch {
    return body.trimStart().startsWith('<') ? driftXml(body) : body;
  }
};

const chunkText = (chunk: unknown): string =>
  typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';

export const createFaultInjector = (options: FaultInjectorOptions): FaultInjector => {
  let rules: Rule[] = [];
  const counts: Partial<Record<SandboxFaultKind, number>> = {};
  const held = new Set<Socket>();
  const now = options.now ?? Date.now;

  const hold = (socket: Socket | null): void => {
    if (socket === null) return;
    held.add(socket);
    socket.once('close', () => held.delete(socket));
  };
  const release = (): void => {
    for (const s of held) s.destroy();
    held.clear();
  };

  const monotonic = options.monotonic ?? (() => performance.now());

  /**
   * A token bucket: null while a token is left (taken), else the throttle, with Retry-After as the whole seconds
   * until the next token.
   */
  const takeToken = (rule: Rule): SandboxFault | null => {
    const perSecond = Math.max(0.001, rule.fault.perSecond ?? 1);
    const burst = Math.max(1, rule.fault.burst ?? perSecond);
    const t = monotonic();
    rule.bucket = { tokens: Math.min(burst, rule.bucket.tokens + ((t - rule.bucket.at) * perSecond) / 1000), at: t };
    if (rule.bucket.tokens >= 1) {
      rule.bucket.tokens -= 1;
      return null;
    }
    rule.hits++;
    return { ...rule.fault, retryAfterSeconds: Math.max(1, Math.ceil((1 - rule.bucket.tokens) / perSecond)) };
  };

  const pick = (req: IncomingMessage): SandboxFault | null => {
    if (rules.length === 0) return null;
    const write = options.isWrite(req);
    for (const rule of rules) {
      const f = rule.fault;
      if (!matches(f, write)) continue;
      rule.matched++;
      if (f.kind === 'rate-limit') {
        const throttled = takeToken(rule);
        if (throttled) return throttled;
        continue;
      }
      if (rule.tripped) return f;
      // After `after` requests, a hit with chance 1/every (seeded, so a run repeats): a fixed stride would meet the
      // same request on every retry when a few callers retry in lockstep.
      if (rule.matched <= (f.after ?? 0) || rule.random() * Math.max(1, f.every ?? 1) >= 1) continue;
      if (f.times !== undefined && rule.hits >= f.times) continue;
      rule.hits++;
      if (f.kind === 'frozen') rule.tripped = true;
      return f;
    }
    return null;
  };

  const retryAfter = (f: SandboxFault): string => {
    const seconds = f.retryAfterSeconds ?? 1;
    return f.retryAfterForm === 'http-date' ? new Date(now() + seconds * 1000).toUTCString() : String(seconds);
  };

  const answerError = (req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>) => {
    const { contentType, body, headers: own } = options.renderError(status, MESSAGES[status] ?? 'Error');
    req.resume();
    req.once('end', () => {
      const length = String(Buffer.byteLength(body));
      res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': length, ...own, ...headers });
      res.end(body);
    });
  };

  /**
   * Lets the handler run, then alters its answer: headers are kept back (so a length can change) and the body is
   * collected; at `end` the fault decides what, if anything, reaches the client.
   */
  const intercept = (res: ServerResponse, kind: SandboxFaultKind): void => {
    const end = res.end.bind(res);
    const write = res.write.bind(res);
    const writeHead = res.writeHead.bind(res);
    const chunks: string[] = [];
    res.writeHead = (status: number, ...rest: unknown[]) => {
      res.statusCode = status;
      const headers = rest.find((r) => typeof r === 'object' && r !== null && !Array.isArray(r));
      if (typeof headers === 'object' && headers !== null)
        for (const [k, v] of Object.entries(headers))
          if (typeof v === 'string' || typeof v === 'number') res.setHeader(k, v);
      return res;
    };
    res.write = (chunk: unknown) => {
      chunks.push(chunkText(chunk));
      return true;
    };
    res.end = (chunk?: unknown) => {
      if (chunk !== undefined && typeof chunk !== 'function') chunks.push(chunkText(chunk));
      const body = chunks.join('');
      // Node's own end writes the status line through writeHead: the real one again, now the length may change.
      res.writeHead = writeHead;
      res.removeHeader('Content-Length');
      if (kind === 'reset-after') res.socket?.destroy();
      else if (kind === 'timeout') hold(res.socket);
      else if (kind === 'truncated') {
        write(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
        setImmediate(() => res.socket?.destroy());
      } else if (kind === 'malformed') end(body.slice(0, Math.floor(body.length / 2)));
      else end(drifted(body));
      return res;
    };
  };

  const wrap =
    (listener: Listener): Listener =>
    (req, res) => {
      const f = pick(req);
      if (f === null) return listener(req, res);
      counts[f.kind] = (counts[f.kind] ?? 0) + 1;
      switch (f.kind) {
        case 'status-429':
        case 'status-503':
          return answerError(req, res, f.kind === 'status-429' ? 429 : 503, { 'Retry-After': retryAfter(f) });
        case 'status-500':
          return answerError(req, res, 500, {});
        case 'rate-limit':
          return answerError(req, res, options.throttleStatus?.() ?? 429, { 'Retry-After': retryAfter(f) });
        case 'reset-before':
          req.socket.destroy();
          return;
        case 'frozen':
          hold(req.socket);
          return;
        case 'slow':
          setTimeout(() => listener(req, res), f.delayMs ?? 200);
          return;
        case 'token-expired':
          options.expireTokens?.();
          return listener(req, res);
        default:
          intercept(res, f.kind);
          return listener(req, res);
      }
    };

  return {
    wrap,
    set: (faults) => {
      const fresh = (fault: SandboxFault): Rule => {
        const random = seededRandom(fault.seed ?? 1);
        const bucket = { tokens: Math.max(1, fault.burst ?? fault.perSecond ?? 1), at: monotonic() };
        return { fault, random, matched: 0, hits: 0, tripped: false, bucket };
      };
      rules = (faults ?? []).map(fresh);
      if (rules.length === 0) release();
    },
    hits: () => ({ ...counts }),
    release,
  };
};
