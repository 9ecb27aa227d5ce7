import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Config, EvidenceRowError } from '../../schemas/index.js';
import {
  EvidenceStore,
  type SourceInfo,
  type StoredCertification,
  type StoredEnrolment,
  type SubjectKind,
} from '../state/evidence-store.js';
import type { StateStore } from '../state/state-store.js';
import { RemoteDocumentCache } from '../state/evidence-remote-cache.js';
import type { EvidenceKind } from './evidence-config.js';
import {
  badgeFiles,
  readBadges,
  readCertifications,
  readEnrolments,
  scanGithubCopilot,
  scanM365Copilot,
  scanUsage,
  unreadable,
  type BadgeReadOptions,
  type DocumentSource,
  type TrustKeys,
} from './readers/index.js';
import { UsagePacker } from './stored-usage/index.js';
import { hashFileInWorker } from './hash-worker.js';
import { summariseUsage, type UsageScan } from './usage/index.js';

export interface ImportResult {
  kind: EvidenceKind;
  /** The source key: kind and path. Importing it again replaces what it supplied. */
  source: string;
  file: string;
  /** True when the content was already imported (nothing was written). */
  unchanged: boolean;
  read: number;
  loaded: number;
  badRows: number;
  /** The first bad rows, with file and line. */
  errors: EvidenceRowError[];
  /** Badges: outcome of each credential's proof at import, and requests made to fetch keys and lists. */
  verification?: Record<string, number>;
  requests?: number;
  /** Use only: subjects and active days stored. */
  subjects?: number;
  days?: number;
}

export interface ImportOptions {
  kind: EvidenceKind;
  /** Relative paths resolve against `configDir`. */
  file: string;
  store: StateStore | EvidenceStore;
  config: Pick<Config, 'credentials'> & { evidence?: Partial<Pick<Config['evidence'], 'trust' | 'network'>> };
  configDir: string;
  /** The cycle's time zone. */
  zone: string;
  /** Aggregation tuning for very large usage files (tests make it spill). */
  aggregator?: { partitions?: number; memoryBudget?: number };
  /** The fetch badges' keys and status lists use when `evidence.network` allows it (tests count calls). */
  fetch?: typeof fetch;
  now?: () => Date;
}

const KEEP_ERRORS = 100;

const usageScanners: Partial<Record<EvidenceKind, { scan: UsageScan; kind: SubjectKind }>> = {
  usage: { scan: scanUsage, kind: 'any' },
  'm365-copilot': { scan: scanM365Copilot, kind: 'any' },
  'github-copilot': { scan: scanGithubCopilot, kind: 'account' },
};

/** Size and modification time of a file, or of a folder's badge files together. */
const fingerprint = async (path: string, file: string): Promise<{ size: number; mtimeMs: number; files: string[] }> => {
  const files = await badgeFiles(path).catch((e: unknown) => {
    throw unreadable(file, e);
  });
  let size = files.length;
  let mtimeMs = 0;
  for (const f of files) {
    const s = await stat(f);
    size += s.size;
    mtimeMs = Math.max(mtimeMs, s.mtimeMs);
  }
  return { size, mtimeMs, files };
};

/**
 * Imports one evidence file into the state store, idempotently: the source is keyed by kind and path; the same
 * size and modification time, or the same content, is a no-op; new content replaces everything the source
 * supplied before, in one transaction. Bad rows are counted and returned with their lines; the rest loads.
 */
export const importEvidence = async (opts: ImportOptions): Promise<ImportResult> => {
  const path = isAbsolute(opts.file) ? opts.file : resolve(opts.configDir, opts.file);
  const rel = relative(opts.configDir, path);
  const file = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
  const key = `${opts.kind}:${file}`;
  const store = opts.store instanceof EvidenceStore ? opts.store : new EvidenceStore(opts.store.db);
  const prior = store.source(key);
  const fp = await fingerprint(path, file);
  const base = { kind: opts.kind, source: key, file };
  // Badges are verified with the trusted keys and network setting of the config: a change of those re-verifies.
  const verifyKey =
    opts.kind === 'badges'
      ? createHash('sha256')
          .update(JSON.stringify([opts.config.evidence?.trust ?? null, opts.config.evidence?.network ?? false]))
          .digest('hex')
      : null;
  const sameVerify = verifyKey === null || summaryField(prior?.summary, 'verifyKey') === verifyKey;
  if (prior !== null && prior.size === fp.size && prior.mtimeMs === fp.mtimeMs && sameVerify)
    return unchangedResult(base, prior);

  const hash = createHash('sha256');
  // A single large file is hashed on another core while it is parsed; folders and small files here.
  const scanner = usageScanners[opts.kind];
  const hashing =
    scanner !== undefined && fp.files.length === 1 && fp.files[0] === path ? hashFileInWorker(path) : null;
  // Awaited once the file is read; a read that fails first must not leave this rejection unhandled.
  hashing?.catch(() => undefined);
  const errors: EvidenceRowError[] = [];
  let bad = 0;
  const onError = (e: EvidenceRowError) => {
    bad++;
    if (errors.length < KEEP_ERRORS) errors.push(e);
  };
  const seen: { docs: DocumentSource | null } = { docs: null };
  const readerOpts: BadgeReadOptions = {
    zone: opts.zone,
    credentials: opts.config.credentials,
    file,
    onRawChunk: hashing === null ? (c) => hash.update(c) : undefined,
    verify: {
      trust: trustKeys(opts.config.evidence?.trust),
      cache: new RemoteDocumentCache(store.db),
      network: { allowed: opts.config.evidence?.network ?? false, fetch: opts.fetch, now: opts.now },
    },
    onDocuments: (d) => (seen.docs = d),
  };
  const info = async (read: number, loaded: number, extra: Record<string, unknown> = {}): Promise<SourceInfo> => ({
    key,
    kind: opts.kind,
    file,
    sha256: hashing === null ? hash.digest('hex') : await hashing,
    size: fp.size,
    mtimeMs: fp.mtimeMs,
    rowsRead: read,
    rowsLoaded: loaded,
    badRows: bad,
    summary: { errors, ...extra },
  });

  if (scanner === undefined) {
    const certs: StoredCertification[] = [];
    const enrols: StoredEnrolment[] = [];
    const verification: Record<string, number> = {};
    for await (const item of recordsOf(opts.kind, path, readerOpts)) {
      if ('error' in item) onError(item.error);
      else if ('enrolment' in item) enrols.push(item.enrolment);
      else {
        certs.push(item.certification);
        const v = item.certification.status ?? item.certification.verification;
        if (v !== undefined && v !== null) verification[v] = (verification[v] ?? 0) + 1;
      }
    }
    const extra = verifyKey === null ? {} : { verifyKey, verification };
    const s = await info(certs.length + enrols.length + bad, certs.length + enrols.length, extra);
    const checked = verifyKey === null ? {} : { verification, requests: seen.docs?.requests ?? 0 };
    if (prior !== null && prior.sha256 === s.sha256 && sameVerify)
      return { ...touched(store, base, prior, fp), ...checked };
    store.replace(s, (w) => {
      for (const c of certs) w.certification(c);
      for (const e of enrols) w.enrolment(e);
    });
    return { ...base, unchanged: false, read: s.rowsRead, loaded: s.rowsLoaded, badRows: bad, errors, ...checked };
  }

  const summary = await summariseUsage(path, {
    scan: scanner.scan,
    reader: readerOpts,
    keepErrors: KEEP_ERRORS,
    aggregator: opts.aggregator,
  });
  try {
    bad = summary.badRows;
    errors.push(...summary.errors);
    const { loaded } = summary;
    const s = await info(loaded + bad, loaded, { subjects: summary.subjects });
    if (prior !== null && prior.sha256 === s.sha256) return touched(store, base, prior, fp);
    let subjects = 0;
    let days = 0;
    store.replace(s, (w) => {
      const packer = new UsagePacker(w, scanner.kind);
      summary.forEach((subject, d, events, minutes) => {
        packer.add(subject, d, events, minutes);
        subjects++;
        days += d.length;
      });
      packer.flush();
    });
    return { ...base, unchanged: false, read: s.rowsRead, loaded, badRows: bad, errors, subjects, days };
  } finally {
    summary.dispose();
    // Lets the event loop run once, so buffers the summary released are freed before the caller allocates more.
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
  }
};

type RecordItem = { certification: StoredCertification } | { enrolment: StoredEnrolment } | { error: EvidenceRowError };

async function* recordsOf(kind: EvidenceKind, path: string, o: BadgeReadOptions): AsyncGenerator<RecordItem> {
  const line = (source: string) => Number(source.slice(source.lastIndexOf(':') + 1)) || 0;
  if (kind === 'enrolments') {
    for await (const item of readEnrolments(path, o))
      yield 'error' in item
        ? item
        : {
            enrolment: {
              ...item.record,
              line: line(item.record.source),
              subject: item.record.employee,
              subjectKind: 'any',
            },
          };
    return;
  }
  if (kind === 'certifications') {
    for await (const item of readCertifications(path, o))
      yield 'error' in item
        ? item
        : {
            certification: {
              ...item.record,
              line: line(item.record.source),
              subject: item.record.employee,
              subjectKind: 'any',
              salt: null,
              classIds: [],
            },
          };
    return;
  }
  for await (const item of readBadges(path, o)) {
    if ('error' in item) yield item;
    else {
      const r = item.record;
      // The badge's own names are stored: the `credentials` map is applied when evidence is loaded.
      const c = r.proof;
      yield {
        certification: {
          ...r,
          line: line(r.source),
          subject: r.employee,
          classIds: r.classIds,
          issuer: r.badgeIssuer,
          credential: r.badgeName,
          identities: r.recipients,
          verification: c.verification,
          verificationDetail: c.detail,
          issuerId: c.issuerId,
          keyId: c.keyId,
          status: c.status,
          statusFrom: c.statusFrom,
          place: r.source.slice(0, r.source.lastIndexOf(':')),
        },
      };
    }
  }
}

const unchangedResult = (
  base: { kind: EvidenceKind; source: string; file: string },
  prior: SourceInfo,
): ImportResult => ({
  ...base,
  unchanged: true,
  read: prior.rowsRead,
  loaded: prior.rowsLoaded,
  badRows: prior.badRows,
  errors: storedErrors(prior.summary),
  ...storedVerification(prior.summary),
});

/** The outcome counts a badge import kept with its source (so an unchanged re-import still reports them). */
const storedVerification = (summary: unknown): { verification?: Record<string, number>; requests?: number } => {
  const v = summaryField(summary, 'verification');
  if (typeof v !== 'object' || v === null) return {};
  return {
    verification: Object.fromEntries(Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number')),
    requests: 0,
  };
};

const touched = (
  store: EvidenceStore,
  base: { kind: EvidenceKind; source: string; file: string },
  prior: SourceInfo,
  fp: { size: number; mtimeMs: number },
): ImportResult => {
  store.touch(prior.key, fp.size, fp.mtimeMs);
  return unchangedResult(base, prior);
};

const summaryField = (summary: unknown, k: string): unknown =>
  typeof summary === 'object' && summary !== null ? Object.entries(summary).find(([key]) => key === k)?.[1] : undefined;

/** `evidence.trust` as the verifier reads it: issuer id -> the keys listed for it. */
const trustKeys = (trust: Config['evidence']['trust']): TrustKeys =>
  new Map((trust ?? []).map((t) => [t.issuer, t.keys]));

/** The bad rows kept with a source (so a run that skips an unchanged file still reports them). */
export const storedErrors = (summary: unknown): EvidenceRowError[] => {
  if (typeof summary !== 'object' || summary === null || !('errors' in summary) || !Array.isArray(summary.errors))
    return [];
  return summary.errors.filter(
    (e: unknown): e is EvidenceRowError =>
      typeof e === 'object' &&
      e !== null &&
      'file' in e &&
      'line' in e &&
      'message' in e &&
      typeof e.file === 'string' &&
      typeof e.line === 'number' &&
      typeof e.message === 'string',
  );
};
