import { excerpt } from '../state/safe-text.js';
import { isAbsolute, resolve } from 'node:path';
import type { CertificationRecord, Config, EnrolmentRecord, RunIssue } from '../../schemas/index.js';
import { EvidenceStore, type StoredCertification } from '../state/evidence-store.js';
import type { StateStore } from '../state/state-store.js';
import { emptyBundle, type EvidenceBundle } from './bundle.js';
import { badgeCredential, credentialAliases, credentialIdFor } from './credential-id.js';
import { epochDay, NO_DAY } from './dates.js';
import { configuredFiles, identityFiles } from './evidence-config.js';
import {
  AMBIGUOUS,
  buildIdentityIndex,
  parseHashed,
  UNMATCHED,
  type EmployeeIdentity,
  type HashAlg,
  type IdentityIndex,
} from './identity.js';
import { HASH_BUDGET } from './limits.js';
import { decideOutcome } from './outcome.js';
import { readIdentities } from './readers/index.js';
import { importEvidence, storedErrors, type ImportResult } from './import.js';
import { MatchReport } from './match-report.js';
import { forEachPacked, UsageArena } from './stored-usage/index.js';

export interface LoadEvidenceOptions {
  config: Config;
  configDir: string;
  store: StateStore | EvidenceStore;
  employees: readonly EmployeeIdentity[];
  /** The cycle's time zone. */
  zone: string;
  /** Use after this day is left out, so a plan `--as-of` an earlier day does not change when newer use arrives. */
  asOf: string;
  /**
   * Most salted e-mail hashes to compute for Open Badges recipients (each salt costs one hash per employee); default
   * HASH_BUDGET.
   */
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

/** Two lookups of one credential's identities: the same employee, one of them, or ambiguous when they disagree. */
const agree = (a: number, b: number): number => {
  if (a === AMBIGUOUS || b === AMBIGUOUS) return AMBIGUOUS;
  if (a === UNMATCHED) return b;
  if (b === UNMATCHED || a === b) return a;
  return AMBIGUOUS;
};

/**
 * Issue times (per key, oldest first) that fall in a window of `minutes` in which one key signed at least
 * `credentials` credentials: a sliding window over each key's times.
 */
export const keyBursts = (
  rows: readonly { keyId: string; issuedAt: string }[],
  t: { credentials: number; minutes: number },
): Set<string> => {
  const out = new Set<string>();
  const span = t.minutes * 60_000;
  let start = 0;
  for (let end = 0; end < rows.length; end++) {
    const row = rows[end];
    if (row === undefined) continue;
    const at = Date.parse(row.issuedAt);
    while (start < end && (rows[start]?.keyId !== row.keyId || at - Date.parse(rows[start]?.issuedAt ?? '') > span))
      start++;
    if (end - start + 1 >= t.credentials)
      for (let i = start; i <= end; i++) out.add(`${rows[i]?.keyId ?? ''}\u0000${rows[i]?.issuedAt ?? ''}`);
  }
  return out;
};

/** Credential outcomes as counts (`credentialsVerified`, `credentialsForged`, ...), for status and the run summary. */
const outcomeCounts = (outcomes: Record<string, number>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(outcomes).map(([k, v]) => [
      `credentials${k
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('')}`,
      v,
    ]),
  );

const issue = (code: string, message: string, where: string | null): RunIssue => ({
  code,
  message,
  connector: null,
  employeeId: null,
  where,
});

/**
 * Imports the config's evidence files into the state store (idempotently), then matches everything the store
 * holds to the employees: certifications and enrolments grouped per employee, use kept packed until asked for.
 */
export const loadEvidence = async (opts: LoadEvidenceOptions): Promise<LoadedEvidence> => {
  const { config } = opts;
  const store = opts.store instanceof EvidenceStore ? opts.store : new EvidenceStore(opts.store.db);
  const issues: RunIssue[] = [];
  const imports: ImportResult[] = [];
  for (const f of configuredFiles(config))
    imports.push(
      await importEvidence({ kind: f.kind, file: f.file, store, config, configDir: opts.configDir, zone: opts.zone }),
    );

  let badRows = 0;
  for (const s of store.sources()) {
    badRows += s.badRows;
    const errors = storedErrors(s.summary).slice(0, ROW_ISSUES_PER_FILE);
    for (const e of errors) issues.push(issue('EVIDENCE_BAD_ROW', e.message, `${e.file}:${e.line}`));
    if (s.badRows > errors.length)
      issues.push(
        issue(
          'EVIDENCE_BAD_ROWS',
          `${s.badRows} rows of ${s.file} could not be read (the first ${errors.length} are listed)`,
          s.file,
        ),
      );
  }

  const accounts: [string, string][] = [];
  for (const f of identityFiles(config)) {
    const r = await readIdentities(isAbsolute(f) ? f : resolve(opts.configDir, f), f);
    accounts.push(...r.pairs);
    for (const e of r.errors.slice(0, ROW_ISSUES_PER_FILE))
      issues.push(issue('EVIDENCE_BAD_ROW', e.message, `${e.file}:${e.line}`));
  }
  const index = buildIdentityIndex(opts.employees, { domainAliases: config.evidence.domainAliases, accounts });
  for (const a of index.badAccounts.slice(0, ROW_ISSUES_PER_FILE))
    issues.push(
      issue(
        'EVIDENCE_IDENTITY_UNMATCHED',
        `account ${excerpt(a.account)} maps to ${excerpt(a.employee)}, ` +
          `which ${a.problem === 'ambiguous' ? 'names more than one employee' : 'matches no employee'}`,
        'evidence.identities',
      ),
    );

  const report = new MatchReport();
  const aliases = credentialAliases(config.credentials);
  const certs = new Map<number, CertificationRecord[]>();
  const enrols = new Map<number, EnrolmentRecord[]>();
  const levels = new Set(config.ladder.map((l) => l.id.toLowerCase()));
  let certCount = 0;
  let certMatched = 0;

  const outcomes: Record<string, number> = {};
  const tally = (o: string) => (outcomes[o] = (outcomes[o] ?? 0) + 1);
  const mode = config.evidence.verification;
  const bursts = keyBursts(store.keyIssuance(), config.evidence.signals.keyBurst);
  const addCert = (c: StoredCertification & { file: string }, who: number) => {
    if (who < 0) {
      if (c.verification !== null && c.verification !== undefined) tally('unmatched');
      return report.note(c.file, c.subjectKind, c.subject, who);
    }
    // A badge mapped by its class id is named by the ladder id (the policy knows no badge URLs); a CSV row keeps its
    // names.
    const cred =
      c.classIds.length > 0
        ? badgeCredential({ classIds: c.classIds, name: c.credential, issuer: c.issuer }, aliases)
        : {
            issuer: c.issuer,
            credential: c.credential,
            credentialId: credentialIdFor(c.issuer, c.credential, aliases),
          };
    const decided = decideOutcome(c, opts.asOf, mode, config.evidence.trust);
    tally(decided.outcome);
    // The policy never counts a withheld credential (`revoked`); a status that starts later ends it the day before.
    const lastDay =
      decided.lastDay !== null && (c.expiresOn === null || decided.lastDay < c.expiresOn)
        ? decided.lastDay
        : c.expiresOn;
    const record: CertificationRecord = {
      employee: c.subject,
      issuer: cred.issuer,
      credential: cred.credential,
      issuedOn: c.issuedOn,
      expiresOn: lastDay,
      verificationUrl: c.verificationUrl,
      revoked: c.verification === null || c.verification === undefined ? c.revoked : !decided.counts,
      source: `${c.place ?? c.file}:${c.line}`,
      credentialId: cred.credentialId,
      check: {
        outcome: decided.outcome,
        detail: decided.detail,
        counts: decided.counts,
        ...(c.keyId && c.issuedAt && bursts.has(`${c.keyId}\u0000${c.issuedAt}`)
          ? { signals: ['key-burst' as const] }
          : {}),
      },
    };
    certMatched++;
    const list = certs.get(who);
    if (list === undefined) certs.set(who, [record]);
    else list.push(record);
  };
  // Every identity a credential names may match (a 3.0 subject lists several); two employees are ambiguous.
  const pending: {
    c: StoredCertification & { file: string };
    direct: number;
    hashes: { identity: string; salt: string | null }[];
  }[] = [];
  for (const c of store.certifications()) {
    certCount++;
    const ids = c.identities ?? [{ identity: c.subject, kind: c.subjectKind, salt: c.salt }];
    const direct = ids
      .filter((i) => i.kind !== 'email-hash')
      .reduce((who, i) => agree(who, index.resolve(i.identity, i.kind)), UNMATCHED);
    const hashes = ids.filter((i) => i.kind === 'email-hash');
    if (hashes.length === 0) addCert(c, direct);
    else pending.push({ c, direct, hashes });
  }
  // Salted hashes cost one hash per e-mail spelling per salt: spend the budget on the most common salts first, one
  // salt at a time, keeping only the recipients asked about (60,000 salts cost the budget, never 60,000 tables).
  const budget = opts.hashBudget ?? HASH_BUDGET;
  const wanted = new Map<string, { alg: HashAlg; salt: string; hexes: Set<string> }>();
  for (const p of pending)
    for (const h of p.hashes) {
      const parsed = parseHashed(h.identity);
      if (parsed === null) continue;
      const key = `${parsed.alg}$${h.salt ?? ''}`;
      const entry = wanted.get(key) ?? { alg: parsed.alg, salt: h.salt ?? '', hexes: new Set<string>() };
      entry.hexes.add(parsed.hex);
      wanted.set(key, entry);
    }
  const matched = new Map<string, number>();
  let cost = 0;
  let saltsSkipped = 0;
  for (const [key, w] of [...wanted].sort((a, b) => b[1].hexes.size - a[1].hexes.size)) {
    if (cost + index.hashCostPerSalt > budget && cost > 0) {
      saltsSkipped++;
      continue;
    }
    cost += index.hashCostPerSalt;
    for (const [hex, who] of index.matchHashes(w.alg, w.salt, w.hexes)) matched.set(`${key}$${hex}`, who);
    matched.set(key, UNMATCHED);
  }
  let skipped = 0;
  for (const p of pending) {
    let who = p.direct;
    let unpriced = false;
    for (const h of p.hashes) {
      const parsed = parseHashed(h.identity);
      if (parsed === null) continue;
      const key = `${parsed.alg}$${h.salt ?? ''}`;
      if (!matched.has(key)) unpriced = true;
      else who = agree(who, matched.get(`${key}$${parsed.hex}`) ?? UNMATCHED);
    }
    if (unpriced && p.direct === UNMATCHED) skipped++;
    addCert(p.c, who);
  }
  if (skipped > 0)
    issues.push(
      issue(
        'EVIDENCE_HASH_BUDGET',
        `${skipped} Open Badges assertions with salted recipients were not matched: ` +
          `their ${saltsSkipped} distinct salts would take more than the ${budget} e-mail hashes a plan may ` +
          `spend (${index.hashCostPerSalt} per salt); export plain recipients or map them in ` +
          'evidence.identities',
        null,
      ),
    );

  let enrolCount = 0;
  let enrolMatched = 0;
  for (const e of store.enrolments()) {
    enrolCount++;
    const who = index.resolve(e.subject, e.subjectKind);
    if (who < 0) {
      report.note(e.file, e.subjectKind, e.subject, who);
      continue;
    }
    if (!levels.has(e.level.toLowerCase()))
      issues.push(
        issue(
          'EVIDENCE_UNKNOWN_LEVEL',
          `enrolment in level ${excerpt(e.level)}, which the ladder does not have`,
          `${e.file}:${e.line}`,
        ),
      );
    enrolMatched++;
    const record: EnrolmentRecord = {
      employee: e.subject,
      level: e.level,
      programme: e.programme,
      enrolledOn: e.enrolledOn,
      source: `${e.file}:${e.line}`,
    };
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
      return {
        certifications: certs.get(i) ?? [],
        enrolments: enrols.get(i) ?? [],
        usage: arena.usageOf(i, lastDay === NO_DAY ? Infinity : lastDay),
      };
    },
    issues,
    counts: {
      ...counts,
      certifications: certCount,
      enrolments: enrolCount,
      usageSubjects: usageRows,
      ...outcomeCounts(outcomes),
    },
    imports,
    index,
  };
};
