import { z } from 'zod';
import { evidenceMigrations } from './evidence-migrations.js';
import { applyMigrations, type Db } from './store.js';

export type SubjectKind = 'any' | 'email' | 'account' | 'email-hash';

const sourceRow = z.object({
  id: z.number(),
  key: z.string(),
  kind: z.string(),
  file: z.string(),
  sha256: z.string(),
  size: z.number(),
  mtime_ms: z.number(),
  imported_at: z.string(),
  rows_read: z.number(),
  rows_loaded: z.number(),
  bad_rows: z.number(),
  summary: z.string().nullable(),
});
type SourceRow = z.infer<typeof sourceRow>;

export interface SourceInfo {
  key: string;
  kind: string;
  file: string;
  sha256: string;
  size: number;
  mtimeMs: number;
  rowsRead: number;
  rowsLoaded: number;
  badRows: number;
  summary: unknown;
}

export interface StoredCertification {
  line: number;
  subject: string;
  subjectKind: SubjectKind;
  salt: string | null;
  issuer: string;
  credential: string;
  classIds: readonly string[];
  issuedOn: string;
  expiresOn: string | null;
  verificationUrl: string | null;
  revoked: boolean;
  /** Every identity the credential names, when it names more than one (any one may match). */
  identities?: readonly { identity: string; kind: SubjectKind; salt: string | null }[];
  /** Import's check of the proof (null for CSV rows: an HR export is trusted as it is). */
  verification?: 'verified' | 'unverifiable' | 'forged' | null;
  verificationDetail?: string | null;
  issuerId?: string | null;
  keyId?: string | null;
  status?: 'revoked' | 'suspended' | null;
  statusFrom?: string | null;
  /** The file inside a folder source (`export/academy.jwt`), when it is not the source itself. */
  place?: string | null;
  /** The issue time (UTC ISO) when the credential gives one. */
  issuedAt?: string | null;
}

export interface StoredEnrolment {
  line: number;
  subject: string;
  subjectKind: SubjectKind;
  level: string;
  programme: string;
  enrolledOn: string;
}

/** What a source's import writes, given the source's row id. */
export interface SourceWriter {
  certification(c: StoredCertification): void;
  enrolment(e: StoredEnrolment): void;
  /** A pack of subjects' use (see src/evidence/stored-usage/pack.ts for the layout). */
  usagePack(kind: SubjectKind, subjects: number, days: number, data: Uint8Array): void;
}

const subjectKind = z.enum(['any', 'email', 'account', 'email-hash']);
const certRow = z.object({
  file: z.string(),
  line: z.number(),
  subject: z.string(),
  subject_kind: subjectKind,
  salt: z.string().nullable(),
  issuer: z.string(),
  credential: z.string(),
  class_ids: z.string().nullable(),
  issued_on: z.string(),
  expires_on: z.string().nullable(),
  verification_url: z.string().nullable(),
  revoked: z.number(),
  verification: z.enum(['verified', 'unverifiable', 'forged']).nullable().default(null),
  verification_detail: z.string().nullable().default(null),
  issuer_id: z.string().nullable().default(null),
  key_id: z.string().nullable().default(null),
  status: z.enum(['revoked', 'suspended']).nullable().default(null),
  status_from: z.string().nullable().default(null),
  identities: z.string().nullable().default(null),
  place: z.string().nullable().default(null),
  issued_at: z.string().nullable().default(null),
});
const identityList = z.array(z.object({ identity: z.string(), kind: subjectKind, salt: z.string().nullable() }));
const enrolRow = z.object({
  file: z.string(),
  line: z.number(),
  subject: z.string(),
  subject_kind: subjectKind,
  level: z.string(),
  programme: z.string(),
  enrolled_on: z.string(),
});
const stringArray = z.array(z.string());

/** Applies the evidence migrations to a store that was opened without them (idempotent). */
export const ensureEvidenceSchema = (db: Db): void => applyMigrations(db, evidenceMigrations);

/**
 * The evidence held in the state store: sources (keyed by kind and path, with the content hash that makes a
 * re-import of the same file a no-op), certifications and enrolments row by row, and use packed per subject.
 */
export class EvidenceStore {
  constructor(
    readonly db: Db,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    ensureEvidenceSchema(db);
  }

  source(key: string): SourceInfo | null {
    const raw = this.db.prepare('SELECT * FROM evidence_sources WHERE key = ?').get(key);
    return raw === undefined ? null : toInfo(sourceRow.parse(raw));
  }

  sources(): SourceInfo[] {
    return this.db
      .prepare('SELECT * FROM evidence_sources ORDER BY key')
      .all()
      .map((raw) => toInfo(sourceRow.parse(raw)));
  }

  /** Records that the file was seen again with the same content (a touched file stays a no-op next time). */
  touch(key: string, size: number, mtimeMs: number): void {
    this.db.prepare('UPDATE evidence_sources SET size = ?, mtime_ms = ? WHERE key = ?').run(size, mtimeMs, key);
  }

  /**
   * Replaces everything the source supplied, in one transaction: a failed import leaves the old data whole. Taken
   * behind the store's write lock: when another process (a second worker) stored the same content and outcome
   * meanwhile, this one writes nothing and returns false.
   */
  replace(info: SourceInfo, write: (w: SourceWriter) => void): boolean {
    const db = this.db;
    return db
      .transaction((): boolean => {
        const current = this.source(info.key);
        if (
          current !== null &&
          current.sha256 === info.sha256 &&
          JSON.stringify(current.summary) === JSON.stringify(info.summary ?? null)
        ) {
          this.touch(info.key, info.size, info.mtimeMs);
          return false;
        }
        db.prepare(
          `INSERT INTO evidence_sources
           (key, kind, file, sha256, size, mtime_ms, imported_at, rows_read, rows_loaded, bad_rows, summary)
         VALUES (@key, @kind, @file, @sha256, @size, @mtimeMs, @at, @rowsRead, @rowsLoaded, @badRows, @summary)
         ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, file = excluded.file, sha256 = excluded.sha256,
           size = excluded.size, mtime_ms = excluded.mtime_ms, imported_at = excluded.imported_at,
           rows_read = excluded.rows_read, rows_loaded = excluded.rows_loaded, bad_rows = excluded.bad_rows,
           summary = excluded.summary`,
        ).run({ ...info, at: this.now(), summary: JSON.stringify(info.summary ?? null) });
        const id = z
          .object({ id: z.number() })
          .parse(db.prepare('SELECT id FROM evidence_sources WHERE key = ?').get(info.key)).id;
        for (const table of ['evidence_certifications', 'evidence_enrolments', 'evidence_usage'])
          db.prepare(`DELETE FROM ${table} WHERE source_id = ?`).run(id);
        const cert = db.prepare(
          `INSERT INTO evidence_certifications
           (source_id, line, subject, subject_kind, salt, issuer, credential, class_ids, issued_on, expires_on,
            verification_url, revoked, verification, verification_detail, issuer_id, key_id, status, status_from,
            identities, place, issued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const enrol = db.prepare(
          'INSERT INTO evidence_enrolments (source_id, line, subject, subject_kind, level, programme, enrolled_on) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        const use = db.prepare(
          'INSERT INTO evidence_usage (source_id, subject_kind, subjects, days, data) VALUES (?, ?, ?, ?, ?)',
        );
        write({
          certification: (c) =>
            cert.run(
              id,
              c.line,
              c.subject,
              c.subjectKind,
              c.salt,
              c.issuer,
              c.credential,
              c.classIds.length ? JSON.stringify(c.classIds) : null,
              c.issuedOn,
              c.expiresOn,
              c.verificationUrl,
              c.revoked ? 1 : 0,
              c.verification ?? null,
              c.verificationDetail ?? null,
              c.issuerId ?? null,
              c.keyId ?? null,
              c.status ?? null,
              c.statusFrom ?? null,
              c.identities !== undefined && c.identities.length > 1 ? JSON.stringify(c.identities) : null,
              c.place ?? null,
              c.issuedAt ?? null,
            ),
          enrolment: (e) => enrol.run(id, e.line, e.subject, e.subjectKind, e.level, e.programme, e.enrolledOn),
          usagePack: (kind, subjects, days, data) =>
            use.run(id, kind, subjects, days, Buffer.from(data.buffer, data.byteOffset, data.byteLength)),
        });
        return true;
      })
      .immediate();
  }

  *certifications(): Generator<StoredCertification & { file: string }> {
    const rows = this.db
      .prepare(
        'SELECT s.file AS file, c.* FROM evidence_certifications c ' +
          'JOIN evidence_sources s ON s.id = c.source_id ORDER BY s.key, c.line',
      )
      .iterate();
    for (const raw of rows) {
      const r = certRow.parse(raw);
      yield {
        file: r.file,
        line: r.line,
        subject: r.subject,
        subjectKind: r.subject_kind,
        salt: r.salt,
        issuer: r.issuer,
        credential: r.credential,
        classIds: r.class_ids === null ? [] : stringArray.parse(JSON.parse(r.class_ids)),
        issuedOn: r.issued_on,
        expiresOn: r.expires_on,
        verificationUrl: r.verification_url,
        revoked: r.revoked === 1,
        identities: r.identities === null ? undefined : identityList.parse(JSON.parse(r.identities)),
        verification: r.verification,
        verificationDetail: r.verification_detail,
        issuerId: r.issuer_id,
        keyId: r.key_id,
        status: r.status,
        statusFrom: r.status_from,
        place: r.place,
        issuedAt: r.issued_at,
      };
    }
  }

  *enrolments(): Generator<StoredEnrolment & { file: string }> {
    const rows = this.db
      .prepare(
        'SELECT s.file AS file, e.* FROM evidence_enrolments e ' +
          'JOIN evidence_sources s ON s.id = e.source_id ORDER BY s.key, e.line',
      )
      .iterate();
    for (const raw of rows) {
      const r = enrolRow.parse(raw);
      yield {
        file: r.file,
        line: r.line,
        subject: r.subject,
        subjectKind: r.subject_kind,
        level: r.level,
        programme: r.programme,
        enrolledOn: r.enrolled_on,
      };
    }
  }

  /** Every stored pack of use, with the file it came from. */
  *usagePacks(): Generator<{ file: string; kind: SubjectKind; data: Buffer }> {
    const files = new Map<number, string>();
    for (const raw of this.db.prepare('SELECT id, file FROM evidence_sources').all()) {
      const r = z.object({ id: z.number(), file: z.string() }).parse(raw);
      files.set(r.id, r.file);
    }
    for (const raw of this.db
      .prepare('SELECT source_id, subject_kind, data FROM evidence_usage ORDER BY source_id, rowid')
      .iterate()) {
      const r = z.object({ source_id: z.number(), subject_kind: subjectKind, data: z.instanceof(Buffer) }).parse(raw);
      yield { file: files.get(r.source_id) ?? '', kind: r.subject_kind, data: r.data };
    }
  }

  /** Every signed credential's key and issue time (for the one-key-in-one-hour signal), oldest first. */
  keyIssuance(): { keyId: string; issuedAt: string }[] {
    return this.db
      .prepare(
        'SELECT key_id, issued_at FROM evidence_certifications ' +
          'WHERE key_id IS NOT NULL AND issued_at IS NOT NULL ORDER BY key_id, issued_at',
      )
      .all()
      .map((raw) => {
        const r = z.object({ key_id: z.string(), issued_at: z.string() }).parse(raw);
        return { keyId: r.key_id, issuedAt: r.issued_at };
      });
  }

  counts(): Record<string, number> {
    const n = (sql: string): number => z.object({ n: z.number() }).parse(this.db.prepare(sql).get()).n;
    return {
      sources: n('SELECT COUNT(*) AS n FROM evidence_sources'),
      certifications: n('SELECT COUNT(*) AS n FROM evidence_certifications'),
      enrolments: n('SELECT COUNT(*) AS n FROM evidence_enrolments'),
      usageSubjects: n('SELECT COALESCE(SUM(subjects), 0) AS n FROM evidence_usage'),
      usageDays: n('SELECT COALESCE(SUM(days), 0) AS n FROM evidence_usage'),
    };
  }
}

const toInfo = (r: SourceRow): SourceInfo => ({
  key: r.key,
  kind: r.kind,
  file: r.file,
  sha256: r.sha256,
  size: r.size,
  mtimeMs: r.mtime_ms,
  rowsRead: r.rows_read,
  rowsLoaded: r.rows_loaded,
  badRows: r.bad_rows,
  summary: r.summary === null ? null : JSON.parse(r.summary),
});
