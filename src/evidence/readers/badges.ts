import { isUtf8 } from 'node:buffer';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CertificationRecord, EvidenceRowError } from '../../../schemas/index.js';
import type { SubjectKind } from '../../state/evidence-store.js';
import type { RemoteDocumentCache } from '../../state/evidence-remote-cache.js';
import { badgeDocuments, type BadgeDoc } from './badge-docs.js';
import { badgeCredential, credentialAliases } from '../credential-id.js';
import { rowError } from './csv.js';
import { DayResolver } from '../dates.js';
import { ExportDirectory, isDirectoryDoc, unwrapVc } from './export-directory.js';
import { EvidenceError } from '../../errors.js';
import { openInput, readBounded, unreadable } from './files.js';
import { BADGE_FILE_BYTES } from '../limits.js';
import { parseAssertion, type Assertion, type Recipient } from './open-badges.js';
import { displayName, type ReaderOptions } from './reader-options.js';
import { DocumentSource, type NetworkOptions } from './verify/documents.js';
import type { TrustKeys } from './verify/keys.js';
import { verifyCredential, type Verification } from './verify/verify-credential.js';

/** An Open Badges credential as a certification, with every identity it names and how its proof held up. */
type BadgeRecord = CertificationRecord & {
  subjectKind: SubjectKind;
  salt: string | null;
  /** Every identity the credential names (the first is `employee`); any one may match. */
  recipients: Recipient[];
  classIds: string[];
  /** The badge's own name and issuer (issuer and credential above are after the `credentials` map). */
  badgeName: string;
  badgeIssuer: string;
  mapped: boolean;
  issuedAt: string | null;
  proof: Verification;
};
export type BadgeItem = { record: BadgeRecord } | { error: EvidenceRowError };

export interface BadgeReadOptions extends ReaderOptions {
  /** Keys listed in `evidence.trust`, the fetch cache in the state store, and whether the network may be used. */
  verify?: { trust?: TrustKeys; cache?: RemoteDocumentCache | null; network?: NetworkOptions } | false;
  /** Sees the document source once the folder's directory is built (for its request count). */
  onDocuments?: (docs: DocumentSource) => void;
}

const BADGE_FILE = /\.(json|jsonld|ndjson|jws|jwt)(\.gz)?$/i;
/** Folders up to this size are read once; larger ones twice (directory first, then credentials). */
const KEEP_IN_MEMORY = 32 << 20;
const BATCH = 64;

/**
 * The badge files of a path: the file itself, or every `.json`, `.jsonld`, `.ndjson`, `.jws`, `.jwt` (gzipped or not)
 * under a folder.
 */
export const badgeFiles = async (path: string): Promise<string[]> => {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const names = await readdir(path, { recursive: true });
  return names
    .filter((n) => BADGE_FILE.test(n))
    .sort()
    .map((n) => join(path, n));
};

type FileDocs = { file: string; docs: BadgeDoc[] } | { file: string; error: EvidenceRowError };

const readFileDocs = async (
  f: string,
  file: string,
  onRawChunk?: (c: Buffer) => void,
): Promise<FileDocs & { bytes: number }> => {
  let bytes: Buffer;
  try {
    const tooBig = () =>
      new EvidenceError(
        `${file}: larger than ${BADGE_FILE_BYTES >> 20} MB (the limit for one badge file; ` +
          'split the export into several files in a folder)',
        { where: file },
      );
    bytes = await readBounded((await openInput(f, onRawChunk)).stream, BADGE_FILE_BYTES, tooBig);
  } catch (e) {
    throw unreadable(file, e);
  }
  if (!isUtf8(bytes))
    return { file, bytes: bytes.length, error: rowError(file, 1, 'not valid UTF-8 (save the file as UTF-8)') };
  return { file, bytes: bytes.length, docs: badgeDocuments(bytes.toString('utf8').replace(/^\uFEFF/, '')) };
};

type Pending = { a: Assertion; value: unknown; token: string | null; file: string; line: number };

/**
 * Streams Open Badges 2.0 assertions and 3.0 `OpenBadgeCredential`s (JSON, JSON-LD, JSON lines, signed `.jws` /
 * `.jwt`; one file or a folder of them, as Credly, Accredible and other issuers export). The folder is read for
 * its BadgeClasses, issuer profiles, keys and status lists first; then each credential is parsed, resolved
 * against them and verified. Each bad record is reported with its file and line (and item, in a JSON array).
 */
export async function* readBadges(path: string, opts: BadgeReadOptions = {}): AsyncGenerator<BadgeItem> {
  const aliases = credentialAliases(opts.credentials);
  const days = new DayResolver(opts.zone ?? 'UTC');
  const files = await badgeFiles(path);
  const nameOf = (f: string) =>
    files.length === 1 && f === path ? displayName(path, opts) : `${displayName(path, opts)}/${relative(path, f)}`;
  const directory = new ExportDirectory();
  const kept = new Map<string, FileDocs>();
  let keptBytes = 0;
  for (const f of files) {
    const read = await readFileDocs(f, nameOf(f), opts.onRawChunk);
    if ('docs' in read)
      for (const d of read.docs)
        if ('value' in d && isDirectoryDoc(d.token === null ? d.value : unwrapVc(d.value)))
          directory.add(d.value, d.token, `${read.file}:${d.line}`);
    keptBytes += read.bytes;
    if (keptBytes <= KEEP_IN_MEMORY) kept.set(f, read);
  }
  const verify = opts.verify === false ? null : (opts.verify ?? {});
  const docs = new DocumentSource(directory, verify?.cache ?? null, verify?.network);
  opts.onDocuments?.(docs);
  const ctx = { docs, trust: verify?.trust ?? new Map(), days, keyCache: new Map(), listCache: new Map() };
  const unchecked: Verification = {
    verification: 'unverifiable',
    detail: 'not checked',
    issuerId: null,
    keyId: null,
    status: null,
    statusFrom: null,
  };

  const toRecord = (p: Pending, check: Verification): BadgeItem => {
    const cred = badgeCredential({ classIds: p.a.classIds, name: p.a.name, issuer: p.a.issuer }, aliases);
    const first = p.a.recipients[0] ?? { identity: '', kind: 'any', salt: null };
    return {
      record: {
        employee: first.identity,
        issuer: cred.issuer,
        credential: cred.credential,
        issuedOn: p.a.issuedOn,
        expiresOn: p.a.expiresOn,
        verificationUrl: p.a.verificationUrl,
        revoked: check.status !== null,
        source: `${p.file}:${p.line}`,
        credentialId: cred.credentialId,
        subjectKind: first.kind,
        salt: first.salt,
        recipients: p.a.recipients,
        classIds: p.a.classIds,
        badgeName: p.a.name,
        badgeIssuer: p.a.issuer,
        mapped: cred.mapped,
        issuedAt: p.a.issuedAt,
        proof: check,
      },
    };
  };
  let batch: Pending[] = [];
  const flush = async (): Promise<BadgeItem[]> => {
    const checks =
      verify === null
        ? batch.map(() => unchecked)
        : await Promise.all(batch.map((p) => verifyCredential(p.a, p.value, p.token, ctx)));
    const out = batch.map((p, i) => toRecord(p, checks[i] ?? unreachable()));
    batch = [];
    return out;
  };

  for (const f of files) {
    const read = kept.get(f) ?? (await readFileDocs(f, nameOf(f)));
    if ('error' in read) {
      yield { error: read.error };
      continue;
    }
    for (const doc of read.docs) {
      const where = doc.item !== null ? `item ${doc.item}: ` : '';
      if ('error' in doc) {
        yield { error: rowError(read.file, doc.line, where + doc.error) };
        continue;
      }
      const value = doc.token === null ? doc.value : unwrapVc(doc.value);
      if (isDirectoryDoc(value)) continue;
      const a = parseAssertion(value, days, directory);
      if ('error' in a) {
        yield { error: rowError(read.file, doc.line, where + a.error) };
        continue;
      }
      batch.push({ a, value, token: doc.token, file: read.file, line: doc.line });
      if (batch.length >= BATCH) yield* await flush();
    }
    yield* await flush();
  }
}

const unreachable = (): never => {
  throw new Error('a verification is missing');
};
