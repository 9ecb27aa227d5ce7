import { z } from 'zod';
import { ensureEvidenceSchema } from './evidence-store.js';
import type { Db } from './store.js';

export interface CachedDocument {
  url: string;
  /** HTTP status of the fetch (200, or 404/410 for a hosted assertion that is gone). */
  status: number;
  /** The body as text: JSON or a compact JWS. */
  body: string;
  fetchedAt: string;
}

const row = z.object({ url: z.string(), status: z.number(), body: z.string(), fetched_at: z.string() });

/**
 * Documents fetched at import (DID documents, JWK sets, issuer profiles, keys, status and revocation lists,
 * hosted assertions), kept with their fetch time so later imports verify offline.
 */
export class RemoteDocumentCache {
  constructor(readonly db: Db) {
    ensureEvidenceSchema(db);
  }

  get(url: string): CachedDocument | null {
    const raw = this.db
      .prepare('SELECT url, status, body, fetched_at FROM evidence_remote_documents WHERE url = ?')
      .get(url);
    if (raw === undefined) return null;
    const r = row.parse(raw);
    return { url: r.url, status: r.status, body: r.body, fetchedAt: r.fetched_at };
  }

  put(doc: CachedDocument): void {
    this.db
      .prepare(
        `INSERT INTO evidence_remote_documents (url, status, body, fetched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(url) DO UPDATE SET status = excluded.status, body = excluded.body,
           fetched_at = excluded.fetched_at`,
      )
      .run(doc.url, doc.status, doc.body, doc.fetchedAt);
  }
}
