import { isUtf8 } from 'node:buffer';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { CertificationRecord, EvidenceRowError } from '../../schemas/index.js';
import type { SubjectKind } from '../state/evidence-store.js';
import { badgeCredential, credentialAliases } from './credential-id.js';
import { rowError } from './csv.js';
import { DayResolver } from './dates.js';
import { openInput, unreadable } from './files.js';
import { displayName, type ReaderOptions } from './reader-options.js';
import { parseAssertion } from './open-badges.js';

/** An Open Badges assertion as a certification, with who it names (plain e-mail, e-mail hash, other id). */
export type BadgeRecord = CertificationRecord & {
  subjectKind: SubjectKind;
  salt: string | null;
  classIds: string[];
  /** The badge's own name and issuer (issuer and credential above are after the `credentials` map). */
  badgeName: string;
  badgeIssuer: string;
  mapped: boolean;
};
export type BadgeItem = { record: BadgeRecord } | { error: EvidenceRowError };

const BADGE_FILE = /\.(json|jsonld|ndjson)(\.gz)?$/i;

/** The badge files of a path: the file itself, or every `.json`, `.jsonld`, `.ndjson` (gzipped or not) under a folder. */
export const badgeFiles = async (path: string): Promise<string[]> => {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const names = await readdir(path, { recursive: true });
  return names
    .filter((n) => BADGE_FILE.test(n))
    .sort()
    .map((n) => join(path, n));
};

/** One file's JSON documents: a single assertion, an array of them, or one per line (NDJSON). */
const documents = (text: string): { line: number; value: unknown; error?: string }[] => {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map((v: unknown) => ({ line: 1, value: v })) : [{ line: 1, value }];
  } catch {
    return text.split('\n').flatMap((raw, i) => {
      if (raw.trim() === '') return [];
      try {
        return [{ line: i + 1, value: JSON.parse(raw) as unknown }];
      } catch (err) {
        return [{ line: i + 1, value: null, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` }];
      }
    });
  }
};

/**
 * Streams Open Badges 2.0 assertions and 3.0 `OpenBadgeCredential`s (JSON or JSON-LD; one file or a folder of
 * them, as Credly, Accredible and other issuers export): a certification per assertion, its credential id from
 * the badge class through the config's `credentials` map. Revoked assertions are kept with `revoked: true`.
 */
export async function* readBadges(path: string, opts: ReaderOptions = {}): AsyncGenerator<BadgeItem> {
  const aliases = credentialAliases(opts.credentials);
  const days = new DayResolver(opts.zone ?? 'UTC');
  const files = await badgeFiles(path);
  for (const f of files) {
    const file = files.length === 1 && f === path ? displayName(path, opts) : `${displayName(path, opts)}/${relative(path, f)}`;
    let bytes: Buffer;
    try {
      bytes = await buffer((await openInput(f, opts.onRawChunk)).stream);
    } catch (e) {
      throw unreadable(file, e);
    }
    if (!isUtf8(bytes)) {
      yield { error: rowError(file, 1, 'not valid UTF-8 (save the file as UTF-8)') };
      continue;
    }
    const docs = documents(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    for (const [i, doc] of docs.entries()) {
      const where = docs.length > 1 && doc.line === 1 ? `item ${i + 1}: ` : '';
      if (doc.error !== undefined) {
        yield { error: rowError(file, doc.line, where + doc.error) };
        continue;
      }
      const a = parseAssertion(doc.value, days);
      if ('error' in a) {
        yield { error: rowError(file, doc.line, where + a.error) };
        continue;
      }
      const cred = badgeCredential({ classIds: a.classIds, name: a.name, issuer: a.issuer }, aliases);
      yield {
        record: {
          employee: a.identity,
          issuer: cred.issuer,
          credential: cred.credential,
          issuedOn: a.issuedOn,
          expiresOn: a.expiresOn,
          verificationUrl: a.verificationUrl,
          revoked: a.revoked,
          source: `${file}:${doc.line}`,
          credentialId: cred.credentialId,
          subjectKind: a.kind,
          salt: a.salt,
          classIds: a.classIds,
          badgeName: a.name,
          badgeIssuer: a.issuer,
          mapped: cred.mapped,
        },
      };
    }
  }
}
