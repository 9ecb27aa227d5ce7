import type { Migration } from './migrations.js';

/**
 * The evidence store's tables (passed to StateStore as `extraMigrations`; `ensureEvidenceSchema` also applies
 * them to a store opened without them). Append new ones; never edit an applied one.
 */
export const evidenceMigrations: Migration[] = [
  {
    id: 'evidence-001-sources-records-usage',
    sql: (d) => `
      -- One row per imported source (a file or folder, by kind and path). Re-importing the same content is a no-op;
      -- new content replaces every row the source supplied before.
      CREATE TABLE evidence_sources (
        id ${d.autoId},
        key TEXT NOT NULL UNIQUE,          -- kind + ':' + path
        kind TEXT NOT NULL,
        file TEXT NOT NULL,                -- as reports name it
        sha256 TEXT NOT NULL,
        size ${d.bigint} NOT NULL,
        mtime_ms ${d.double} NOT NULL,
        imported_at TEXT NOT NULL,
        rows_read INTEGER NOT NULL,
        rows_loaded INTEGER NOT NULL,
        bad_rows INTEGER NOT NULL,
        summary TEXT                       -- JSON: the first bad rows and other counts
      );
      -- subject_kind: any (HRIS id, employee number, work e-mail or tool account), email, account, email-hash.
      CREATE TABLE evidence_certifications (
        source_id INTEGER NOT NULL,
        line INTEGER NOT NULL,
        subject TEXT NOT NULL,
        subject_kind TEXT NOT NULL,
        salt TEXT,
        issuer TEXT NOT NULL,
        credential TEXT NOT NULL,
        class_ids TEXT,                    -- JSON array: Open Badges badge-class / achievement ids
        issued_on TEXT NOT NULL,
        expires_on TEXT,
        verification_url TEXT,
        revoked INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX evidence_certifications_source ON evidence_certifications(source_id);
      CREATE TABLE evidence_enrolments (
        source_id INTEGER NOT NULL,
        line INTEGER NOT NULL,
        subject TEXT NOT NULL,
        subject_kind TEXT NOT NULL,
        level TEXT NOT NULL,
        programme TEXT NOT NULL,
        enrolled_on TEXT NOT NULL
      );
      CREATE INDEX evidence_enrolments_source ON evidence_enrolments(source_id);
      -- Use, summed per subject per day, packed: each row holds a few thousand subjects of one source, each as
      -- (subject, varint-packed days, events and minutes). Few rows keep 1.6 million employees fast to write and read.
      CREATE TABLE evidence_usage (
        source_id INTEGER NOT NULL,
        subject_kind TEXT NOT NULL,
        subjects INTEGER NOT NULL,
        days INTEGER NOT NULL,
        data ${d.bytes} NOT NULL${d.rowOrder}
      );
      CREATE INDEX evidence_usage_source ON evidence_usage(source_id);
    `,
  },
  {
    id: 'evidence-002-verification',
    sql: `
      -- Each credential's verification at import: verified | unverifiable | forged | hr-export (CSV rows), why,
      -- who signed it (issuer id, key fingerprint), its status (revoked | suspended) and the day that holds from,
      -- and every identity it names (JSON array of {identity, kind, salt}; any one may match).
      ALTER TABLE evidence_certifications ADD COLUMN verification TEXT;
      ALTER TABLE evidence_certifications ADD COLUMN verification_detail TEXT;
      ALTER TABLE evidence_certifications ADD COLUMN issuer_id TEXT;
      ALTER TABLE evidence_certifications ADD COLUMN key_id TEXT;
      ALTER TABLE evidence_certifications ADD COLUMN status TEXT;
      ALTER TABLE evidence_certifications ADD COLUMN status_from TEXT;
      ALTER TABLE evidence_certifications ADD COLUMN identities TEXT;
      -- The file inside a folder source that the credential is in (reports say file:line, not only the folder).
      ALTER TABLE evidence_certifications ADD COLUMN place TEXT;
      -- The issue timestamp as the credential writes it (UTC ISO), for the one-key-in-one-hour gaming signal.
      ALTER TABLE evidence_certifications ADD COLUMN issued_at TEXT;
      -- Documents fetched at import (only when evidence.network allows it), so later imports verify offline.
      CREATE TABLE evidence_remote_documents (
        url TEXT PRIMARY KEY,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        fetched_at TEXT NOT NULL
      );
    `,
  },
];
