import type {
  Config,
  Employee,
  EmployeeEvaluation,
  RunIssue,
  Change,
  GoalIdentity,
  ManualChange,
} from '../../schemas/index.js';
import type { ConnectorSession, EmployeeRecord, ReadOptions } from '../connector.js';
import {
  buildPlan,
  buildPolicy,
  fallbackCredentialName,
  fingerprintOf,
  goalMarkerPrefix,
  goalReferencePrefix,
  goalTitle,
  goalTitles,
  sha256,
  stableStringify,
  unnamedCredentials,
  type EmployeeDecision,
  type EmployeeEvidence,
  type Policy,
} from '../core/index.js';
import type { Plan } from '../../schemas/index.js';
import { ConfigError } from '../errors.js';
import { describeTypo, gradeSourceMismatch, policyNameTypos } from './policy-names.js';
import { judgeManualChanges, type WriteHistory } from './manual-changes.js';
import { partitionByScope, type ResolvedScope } from './scope.js';
import { evaluateRecord } from './evaluate-record.js';

/** What src/evidence hands the engine: each employee's evidence, and what could not be matched. */
export interface EvidenceSource {
  bundleFor(employeeKey: string): EmployeeEvidence;
  issues: RunIssue[];
  counts: Record<string, number>;
}

export type EvidenceLoader = (employees: readonly EmployeeRecord['employee'][]) => Promise<EvidenceSource>;

export interface OrgEvaluation {
  policy: Policy;
  asOf: string;
  readOptions: ReadOptions;
  records: EmployeeRecord[];
  decisions: EmployeeDecision[];
  evaluations: EmployeeEvaluation[];
  /** All changes, noops included. */
  changes: Change[];
  plan: Plan;
  evidenceCounts: Record<string, number>;
  evidence: EvidenceSource;
  warnings: string[];
  /** Employees read but outside the run's scope: not evaluated, not written. */
  outOfScope: number;
  /** Those employees, so `explain` can say why nothing is written for one of them. */
  outsideScope: Employee[];
  /** The scope's label, or null when the run covers everyone. */
  scope: string | null;
  /**
   * The changes as diffed, before manual changes were judged: whether the HRIS holds what fluencyflow wants (the
   * reconciliation of a killed run's intents asks this).
   */
  diffed: Change[];
  /** Values people changed by hand, or that differ without history (also in `plan.manualChanges`). */
  manualChanges: ManualChange[];
}

export const employeeKey = (connector: string, id: string): string => `${connector}:${id}`;

const goalIdentityFor = (policy: Policy): GoalIdentity => ({
  cycleId: policy.cycle.id,
  title: goalTitle(policy),
  titles: goalTitles(policy),
  markerPrefix: goalMarkerPrefix(policy),
  referenceIdPrefix: goalReferencePrefix(policy),
});

export const readOptionsFor = (policy: Policy, asOf: string): ReadOptions => ({
  asOf,
  cycle: policy.cycle,
  goal: goalIdentityFor(policy),
});

/** The policy parts of the config, hashed: a plan records which policy made it. */
export const policyHashOf = (config: Config, scopeKey?: string | null): string =>
  sha256(
    stableStringify({
      ladder: config.ladder,
      grades: config.grades,
      goal: config.goal,
      // A plan made under another manual-change policy is stale; the default leaves the hash as it was.
      ...(config.onManualChange === 'keep' ? {} : { onManualChange: config.onManualChange }),
      cycle: config.cycle,
      promotion: config.promotion,
      gaming: config.gaming,
      credentials: config.credentials,
      // A plan made under another scope is stale; without a scope the hash is what it always was.
      ...(scopeKey ? { scope: scopeKey } : {}),
    }),
  ).slice(0, 16);

/**
 * Reads every connector, matches evidence, runs the pure policy for every employee and diffs against what the HRIS
 * holds: the whole "plan" computation, shared by plan, apply, report, status and explain.
 */
export const evaluateOrg = async (input: {
  config: Config;
  sessions: readonly ConnectorSession[];
  asOf: string;
  loadEvidence: EvidenceLoader;
  /** Who the run covers (`resolveScope`); the others are counted and left alone. */
  scope?: ResolvedScope | null;
  /** What fluencyflow wrote before (the state store's audit log); without it nothing is judged as a manual change. */
  history?: WriteHistory;
  onProgress?: (phase: string, done: number, total: number | null) => void;
  /** Reads one connector (the engine's delta read, `read-by-delta.ts`); without it every employee is read. */
  read?: (session: ConnectorSession, options: ReadOptions, onPage: (read: number) => void) => Promise<EmployeeRecord[]>;
}): Promise<OrgEvaluation> => {
  const { config, sessions, asOf } = input;
  let hrisOrder: string[] = [];
  if (!config.grades.order) {
    for (const s of sessions) {
      const d = await s.discover();
      if (d.gradesOrdered) {
        hrisOrder = [...d.grades].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0)).map((g) => g.id);
        break;
      }
    }
  }
  const policy = buildPolicy(config, hrisOrder);
  const readOptions = readOptionsFor(policy, asOf);
  const read: EmployeeRecord[] = [];
  const issues: RunIssue[] = [];
  if (policy.gradeOrder.length === 0)
    issues.push({
      code: 'GRADE_ORDER_MISSING',
      message: 'no grade order: set grades.order in the config (the HRIS gives none)',
      connector: null,
      employeeId: null,
      where: 'grades.order',
    });
  const unnamed = unnamedCredentials(config);
  if (unnamed.length > 0) {
    const ids = unnamed.map((id) => `"${id}"`).join(', ');
    const shown = unnamed.map((id) => `"${fallbackCredentialName(id)}"`).join(', ');
    issues.push({
      code: 'CREDENTIAL_NAME_MISSING',
      message:
        `goal text: no display name for ${ids}, so goals show ${shown}; name each in credentials: ` +
        '("Display name": id)',
      connector: null,
      employeeId: null,
      where: 'credentials',
    });
  }

  for (const s of sessions) {
    if (input.read) {
      const before = read.length;
      read.push(...(await input.read(s, readOptions, (n) => input.onProgress?.(`read ${s.id}`, before + n, null))));
      continue;
    }
    for await (const page of s.readEmployees(readOptions)) {
      read.push(...page);
      input.onProgress?.(`read ${s.id}`, read.length, null);
    }
  }
  const employees = read.map((r) => r.employee);
  const typos = policyNameTypos(config, employees);
  if (typos.length > 0) {
    const [first] = typos;
    throw new ConfigError(typos.map(describeTypo).join('; '), { where: first?.where });
  }
  const mismatch = gradeSourceMismatch(config, policy.gradeRank, employees);
  if (mismatch) throw new ConfigError(mismatch.message, { where: mismatch.where });
  const warnings = sessions.flatMap((s) => s.warnings().map((w) => `${s.id}: ${w}`));
  for (const w of warnings)
    issues.push({ code: 'HRIS_WARNING', message: w, connector: null, employeeId: null, where: null });

  const scope = input.scope ?? null;
  const { kept: records, left, outOfScope, issues: scopeIssues } = partitionByScope(scope, read);
  issues.push(...scopeIssues);

  const evidence = await input.loadEvidence(records.map((r) => r.employee));
  issues.push(...evidence.issues);

  const decisions: EmployeeDecision[] = [];
  const changes: Change[] = [];
  const prints: string[] = [];
  let judged = 0;
  for (const [i, r] of records.entries()) {
    const bundle = evidence.bundleFor(employeeKey(r.employee.connector, r.employee.id));
    const { decision: d, changes: mine, fingerprint } = evaluateRecord(policy, readOptions, r, bundle);
    decisions.push(d);
    issues.push(...d.issues);
    if (d.evaluation.unjudged === null) judged++;
    changes.push(...mine);
    prints.push(fingerprint);
    if (i % 1000 === 0) input.onProgress?.('evaluate', i, records.length);
  }
  const manual = input.history
    ? judgeManualChanges({ config, changes, records, history: input.history, identity: readOptions.goal })
    : { changes, manual: [], issues: [], counts: undefined };
  const built = buildPlan({
    organization: config.organization,
    asOf,
    cycle: config.cycle.id,
    fingerprint: fingerprintOf(prints),
    policyHash: policyHashOf(config, scope?.key),
    changes: manual.changes,
    employees: records.length,
    judged,
    issues: [...issues, ...manual.issues],
  });
  const scoped: Plan = scope ? { ...built, scope: scope.label, summary: { ...built.summary, outOfScope } } : built;
  const plan: Plan = {
    ...scoped,
    ...(manual.counts ? { summary: { ...scoped.summary, manual: manual.counts }, manualChanges: manual.manual } : {}),
    ...(input.history?.adopt ? { adopt: true } : {}),
  };
  return {
    policy,
    asOf,
    readOptions,
    records,
    decisions,
    evaluations: decisions.map((d) => d.evaluation),
    changes: manual.changes,
    diffed: changes,
    plan,
    manualChanges: manual.manual,
    evidenceCounts: evidence.counts,
    evidence,
    warnings,
    outOfScope,
    outsideScope: left.map((r) => r.employee),
    scope: scope?.label ?? null,
  };
};
