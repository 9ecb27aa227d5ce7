import { isAbsolute, resolve } from 'node:path';
import type { CertificationRecord, Config, EnrolmentRecord, RunIssue } from '../../schemas/index.js';
import { EvidenceStore, type StoredCertification } from '../state/evidence-store.js';
import type { StateStore } from '../state/state-store.js';
import { emptyBundle, type EvidenceBundle } from './bundle.js';
import { badgeCredential, credentialAliases, credentialIdFor } from './credential-id.js';
import { epochDay } from './dates.js';
import { configuredFiles, identityFiles } from './evidence-config.js';
import { buildIdentityIndex, UNMATCHED, type EmployeeIdentity, type IdentityIndex } from './identity.js';
import { readIdentities } from './identities.js';
import { importEvidence, storedErrors, type ImportResult } from './import.js';
import { MatchReport } from './match-report.js';
import { UsageArena } from './usage-arena.js';
import { forEachPacked } from './usage-pack.js';

export interface LoadEvidenceOptions {
  config: Config;
  configDir: string;
  store: StateStore | EvidenceStore;
  employees: readonly EmployeeIdentity[];
  /** The cycle's time zone. */
  zone: string;
  /** Use after this day is left out, so a plan `--as-of` an earlier day does not change when newer use arrives. */
  asOf: string;
  /** Most salted e-mail hashes to compute for Open Badges recipients (each salt costs one hash per employee). */
  hashBudget?: number;
}

export interface LoadedEvidence {
  bundleFor(employeeKey: string): EvidenceBundle;
  issues: RunIssue[];
  counts: Record<string, number>;
  imports: ImportResult[];
  index: IdentityIndex;
}

const ROW_ISSUES_PER_FILE = 20;

const issue = (code: string, message: string, where: string | null): RunIssue => ({ code, message, connector: null, employeeId: null, where });

/**
 * Imports the config's evidence files into the state store (idempotently), then matches everything the store
 * holds to the employees: certifications and enrolments grouped per employee, use kept packed until asked for.
 */
export const loadEvidence = async (opts: LoadEvidenceOptions): Promise<LoadedEvidence> => {
  const { config } = opts;
  const store = opts.store instanceof EvidenceStore ? opts.store : new EvidenceStore(opts.store.db);
  const issues: RunIssue[] = [];
  const imports: ImportResult[] = [];
  for (const f of configuredFiles(config)) imports.push(await importEvidence({ kind: f.kind, file: f.file, store, config, configDir: opts.configDir, zone: opts.zone }));

  let badRows = 0;
  for (const s of store.sources()) {
    badRows += s.badRows;
    const errors = storedErrors(s.summary).slice(0, ROW_ISSUES_PER_FILE);
    for (const e of errors) issues.push(issue('EVIDENCE_BAD_ROW', e.message, `${e.file}:${e.line}`));
    if (s.badRows > errors.length) issues.push(issue('EVIDENCE_BAD_ROWS', `${s.badRows} rows of ${s.file} could not be read (the first ${errors.length} are listed)`, s.file));
  }

  const accounts: [string, string][] = [];
  for (const f of identityFiles(config)) {
    const r = await readIdentities(isAbsolute(f) ? f : resolve(opts.configDir, f), f);
    accounts.push(...r.pairs);
    for (const e of r.errors.slice(0, ROW_ISSUES_PER_FILE)) issues.push(issue('EVIDENCE_BAD_ROW', e.message, `${e.file}:${e.line}`));
  }
  const index = buildIdentityIndex(opts.employees, { domainAliases: config.evidence.domainAliases, accounts });
  for (const a of index.badAccounts.slice(0, ROW_ISSUES_PER_FILE))
    issues.push(issue('EVIDENCE_IDENTITY_UNMATCHED', `account "${a.account}" maps to "${a.employee}", which ${a.problem === 'ambiguous' ? 'names more than one employee' : 'matches no employee'}`, 'evidence.identities'));

  const report = new MatchReport();
  const aliases = credentialAliases(config.credentials);
  const certs = new Map<number, CertificationRecord[]>();
  const enrols = new Map<number, EnrolmentRecord[]>();
  const levels = new Set(config.ladder.map((l) => l.id.toLowerCase()));
  let certCount = 0;
  let certMatched = 0;

  const hashed: (StoredCertification & { file: string })[] = [];
  const addCert = (c: StoredCertification & { file: string }, who: number) => {
    if (who < 0) return report.note(c.file, c.subjectKind, c.subject, who);
    // A badge mapped by its class id is named by the ladder id (the policy knows no badge URLs); a CSV row keeps its names.
    const cred =
      c.classIds.length > 0
        ? badgeCredential({ classIds: c.classIds, name: c.credential, issuer: c.issuer }, aliases)
        : { issuer: c.issuer, credential: c.credential, credentialId: credentialIdFor(c.issuer, c.credential, aliases) };
    const record: CertificationRecord = {
      employee: c.subject,
      issuer: cred.issuer,
      credential: cred.credential,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
      verificationUrl: c.verificationUrl,
      revoked: c.revoked,
      source: `${c.file}:${c.line}`,
      credentialId: cred.credentialId,
    };
    certMatched++;
    const list = certs.get(who);
    if (list === undefined) certs.set(who, [record]);
    else list.push(record);
  };
  for (const c of store.certifications()) {
    certCount++;
    if (c.subjectKind === 'email-hash') hashed.push(c);
    else addCert(c, index.resolve(c.subject, c.subjectKind));
  }
  // Salted hashes cost one hash per employee per salt: spend the budget on the most common salts first.
  const budget = opts.hashBudget ?? 50_000_000;
  const bySalt = new Map<string, (StoredCertification & { file: string })[]>();
  for (const c of hashed) {
    const list = bySalt.get(c.salt ?? '');
    if (list === undefined) bySalt.set(c.salt ?? '', [c]);
    else list.push(c);
  }
  let skipped = 0;
  for (const [salt, list] of [...bySalt].sort((a, b) => b[1].length - a[1].length)) {
    if (index.hashesComputed + index.hashCostPerSalt > budget && index.hashesComputed > 0) {
      skipped += list.length;
      continue;
    }
    for (const c of list) addCert(c, index.resolveHash(c.subject, salt === '' ? null : salt));
  }
  if (skipped > 0)
    issues.push(issue('EVIDENCE_HASH_BUDGET', `${skipped} Open Badges assertions with salted recipients were not matched: matching them would take more than ${budget} hashes; export plain recipients or map them in evidence.identities`, null));

  let enrolCount = 0;
  let enrolMatched = 0;
  for (const e of store.enrolments()) {
    enrolCount++;
    const who = index.resolve(e.subject, e.subjectKind);
    if (who < 0) {
      report.note(e.file, e.subjectKind, e.subject, who);
      continue;
    }
    if (!levels.has(e.level.toLowerCase())) issues.push(issue('EVIDENCE_UNKNOWN_LEVEL', `enrolment in level "${e.level}", which the ladder does not have`, `${e.file}:${e.line}`));
    enrolMatched++;
    const record: EnrolmentRecord = { employee: e.subject, level: e.level, programme: e.programme, enrolledOn: e.enrolledOn, source: `${e.file}:${e.line}` };
    const list = enrols.get(who);
    if (list === undefined) enrols.set(who, [record]);
    else list.push(record);
  }

  const arena = new UsageArena(opts.employees.length);
  let usageRows = 0;
  let usageMatched = 0;
  for (const pack of store.usagePacks()) {
    const { data, kind, file } = pack;
    forEachPacked(data, (s, e, blobStart, blobEnd) => {
      usageRows++;
      const subject = data.toString('utf8', s, e);
      const who = index.resolve(subject, kind);
      if (who < 0) report.note(file, kind, subject, who);
      else {
        arena.add(who, data.subarray(blobStart, blobEnd));
        usageMatched++;
      }
    });
  }
  issues.push(...report.issues());

  const lastDay = epochDay(opts.asOf);
  const counts = {
    ...store.counts(),
    employees: opts.employees.length,
    certificationsMatched: certMatched,
    enrolmentsMatched: enrolMatched,
    usageSubjectsMatched: usageMatched,
    unmatched: report.unmatched,
    ambiguous: report.ambiguous,
    badRows,
    usageBytes: arena.bytes,
  };
  return {
    bundleFor: (key: string): EvidenceBundle => {
      const i = index.indexOfKey(key);
      if (i === UNMATCHED) return emptyBundle();
      return { certifications: certs.get(i) ?? [], enrolments: enrols.get(i) ?? [], usage: arena.usageOf(i, lastDay < 0 ? Infinity : lastDay) };
    },
    issues,
    counts: { ...counts, certifications: certCount, enrolments: enrolCount, usageSubjects: usageRows },
    imports,
    index,
  };
};
