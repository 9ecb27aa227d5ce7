import type { Change, Plan, PlanSummary, RunIssue } from '../../schemas/index.js';
import { sha256, stableStringify } from './hash.js';

const KINDS = ['goal', 'eligibility', 'exception-note'] as const;

/** Employee ids compare numeric-aware (`9` before `10`); one collator, built once. */
const idOrder = new Intl.Collator('en', { numeric: true });

/** Stable order: connector, employee id (numeric-aware), kind, key. The same inputs give a byte-identical plan. */
export const compareChanges = (a: Change, b: Change): number =>
  (a.connector === b.connector ? 0 : a.connector.localeCompare(b.connector)) ||
  idOrder.compare(a.employeeId, b.employeeId) ||
  KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) ||
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const summarise = (
  changes: readonly Change[],
  employees: number,
  judged: number,
  issues: readonly RunIssue[],
): PlanSummary => {
  const byKind: PlanSummary['byKind'] = {};
  const totals = { create: 0, update: 0, noop: 0 };
  for (const k of KINDS) byKind[k] = { create: 0, update: 0, noop: 0 };
  for (const c of changes) {
    const slot = byKind[c.kind] ?? { create: 0, update: 0, noop: 0 };
    slot[c.action]++;
    byKind[c.kind] = slot;
    totals[c.action]++;
  }
  const issueCounts: Record<string, number> = {};
  for (const i of issues) issueCounts[i.code] = (issueCounts[i.code] ?? 0) + 1;
  return { employees, judged, ...totals, byKind, issues: issueCounts };
};

/**
 * Fingerprint of what the HRIS held: one hash per employee (its record and current state), sorted and hashed again.
 * `apply plan.json` recomputes it and refuses the plan when it moved.
 */
export const fingerprintOf = (perEmployee: readonly string[]): string => sha256([...perEmployee].sort().join('\n'));

export const employeeFingerprint = (employee: unknown, current: unknown): string =>
  sha256(stableStringify({ employee, current }));

export const buildPlan = (input: {
  organization: string;
  asOf: string;
  cycle: string;
  fingerprint: string;
  policyHash: string;
  changes: Change[];
  employees: number;
  judged: number;
  issues: RunIssue[];
}): Plan => {
  const sorted = [...input.changes].sort(compareChanges);
  const issues = [...input.issues].sort(
    (a, b) =>
      a.code.localeCompare(b.code) ||
      (a.connector ?? '').localeCompare(b.connector ?? '') ||
      (a.employeeId ?? '').localeCompare(b.employeeId ?? '', 'en', { numeric: true }) ||
      a.message.localeCompare(b.message),
  );
  return {
    format: 'fluencyflow-plan/1',
    organization: input.organization,
    asOf: input.asOf,
    cycle: input.cycle,
    fingerprint: input.fingerprint,
    policyHash: input.policyHash,
    summary: summarise(sorted, input.employees, input.judged, issues),
    changes: sorted.filter((c) => c.action !== 'noop'),
    issues,
  };
};
