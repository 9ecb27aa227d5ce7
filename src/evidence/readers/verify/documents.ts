import type { RemoteDocumentCache } from '../../../state/evidence-remote-cache.js';
import { compactPayload, isCompact } from '../badge-docs.js';
import { unwrapVc, type ExportDirectory } from '../export-directory.js';

/** A document found for an id: its value (a signed one decoded), where it came from and when it was fetched. */
export interface FoundDocument {
  value: unknown;
  token: string | null;
  /** HTTP status when fetched (a hosted assertion answers 410 once revoked); 200 for local copies. */
  status: number;
  /** Null for a copy in the export folder. */
  fetchedAt: string | null;
  where: string;
}

export interface NetworkOptions {
  /** Fetch what the export does not hold (off by default: `evidence.network`). */
  allowed: boolean;
  /** The fetch to use (tests count calls). */
  fetch?: typeof fetch;
  now?: () => Date;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The URL a document id is fetched from: `did:web` per https://w3c-ccg.github.io/did-method-web/ (`did:web:host`
 * -> `https://host/.well-known/did.json`, with a path -> `https://host/path/did.json`; plain http only for loopback
 * hosts, so tests need no TLS); http(s) URLs as they are, without the fragment. Null for anything else.
 */
const fetchUrlOf = (id: string): string | null => {
  const bare = id.split('#')[0] ?? id;
  if (bare.startsWith('did:web:')) {
    const parts = bare.slice('did:web:'.length).split(':').map(decodeURIComponent);
    const host = parts[0] ?? '';
    const scheme = LOOPBACK.has(host.replace(/:\d+$/, '')) ? 'http' : 'https';
    return parts.length === 1
      ? `${scheme}://${host}/.well-known/did.json`
      : `${scheme}://${host}/${parts.slice(1).join('/')}/did.json`;
  }
  return /^https?:\/\//i.test(bare) ? bare : null;
};

const decode = (body: string): { value: unknown; token: string | null } | null => {
  const text = body.trim();
  if (isCompact(text)) {
    const p = compactPayload(text);
    return 'error' in p ? null : { value: unwrapVc(p.value), token: text };
  }
  try {
    return { value: JSON.parse(text), token: null };
  } catch {
    return null;
  }
};

/**
 * Documents by id: the export folder first, then the state store's cache of earlier fetches, then (only when the
 * network is allowed) a fetch, cached with its time. Counts the requests it makes.
 */
export class DocumentSource {
  requests = 0;
  private readonly pending = new Map<string, Promise<FoundDocument | null>>();

  constructor(
    readonly directory: ExportDirectory,
    private readonly cache: RemoteDocumentCache | null,
    private readonly network: NetworkOptions = { allowed: false },
  ) {}

  get networkAllowed(): boolean {
    return this.network.allowed;
  }

  /** `remoteOnly` skips the export folder (a hosted assertion is checked against its own URL, not its copy). */
  async get(id: string, opts: { remoteOnly?: boolean } = {}): Promise<FoundDocument | null> {
    if (!opts.remoteOnly) {
      const local = this.directory.get(id.split('#')[0] ?? id);
      if (local !== undefined)
        return { value: local.value, token: local.token, status: 200, fetchedAt: null, where: local.where };
    }
    const url = fetchUrlOf(id);
    if (url === null) return null;
    const cached = this.cache?.get(url);
    if (cached) return this.found(cached.body, cached.status, cached.fetchedAt, url);
    if (!this.network.allowed) return null;
    let p = this.pending.get(url);
    if (p === undefined) {
      p = this.fetchOnce(url);
      this.pending.set(url, p);
    }
    return p;
  }

  private found(body: string, status: number, fetchedAt: string, url: string): FoundDocument | null {
    if (status !== 200) return { value: null, token: null, status, fetchedAt, where: url };
    const d = decode(body);
    return d === null ? null : { ...d, status, fetchedAt, where: url };
  }

  private async fetchOnce(url: string): Promise<FoundDocument | null> {
    const doFetch = this.network.fetch ?? fetch;
    this.requests++;
    try {
      // A document an issuer publishes (DID document, JWKS, profile, key, status list, hosted assertion).
      const res = await doFetch(url, {
        headers: { accept: 'application/json, application/ld+json, application/jwt, */*' },
        signal: AbortSignal.timeout(15_000),
      });
      const fetchedAt = (this.network.now?.() ?? new Date()).toISOString();
      const body = res.status === 200 ? await res.text() : '';
      if (res.status === 200 || res.status === 404 || res.status === 410)
        this.cache?.put({ url, status: res.status, body, fetchedAt });
      return this.found(body, res.status, fetchedAt, url);
    } catch {
      return null;
    }
  }
}
