import type { Change, Config, PlanSummary } from '../../schemas/index.js';
import type { EmployeeRecord } from '../connector.js';
import { buildPolicy, compareChanges, fingerprintOf, type EmployeeEvidence } from '../core/index.js';
import { UsageError } from '../errors.js';
import { evaluateRecord } from './evaluate-record.js';
import { policyHashOf, readOptionsFor } from './evaluate-org.js';

/** One employee as read, with the evidence matched to them. */
export interface RecordWithEvidence {
  record: EmployeeRecord;
  evidence: EmployeeEvidence;
}

/** A streamed plan's head: what `buildPlan` puts around the changes, without the changes (they went to `write`). */
export interface StreamedPlan {
  organization: string;
  asOf: string;
  cycle: string;
  fingerprint: string;
  policyHash: string;
  summary: PlanSummary;
}

const KINDS = ['goal', 'eligibility', 'exception-note'] as const;

/**
 * The plan of an organisation too large to hold at once (DESIGN §7): employees arrive page by page, in plan order
 * (connector, then id); each page's changes that write go to `write` once it is judged, in the order `buildPlan`
 * sorts them, and only the counts and one fingerprint hash per employee are kept. The same per-employee step as
 * `evaluateOrg`; what needs everyone at once (scope, manual changes against the audit, name checks) is left to it.
 */
export const planStream = async (input: {
  config: Config;
  asOf: string;
  pages: AsyncIterable<readonly RecordWithEvidence[]>;
  /** Each page's changes that write (create, update), in plan order; the next page waits for it. */
  write: (changes: readonly Change[]) => Promise<void>;
}): Promise<StreamedPlan> => {
  const policy = buildPolicy(input.config);
  const options = readOptionsFor(policy, input.asOf);
  const byKind: PlanSummary['byKind'] = {};
  for (const k of KINDS) byKind[k] = { create: 0, update: 0, noop: 0 };
  const totals = { create: 0, update: 0, noop: 0 };
  const issues: Record<string, number> = {};
  const prints: string[] = [];
  let judged = 0;
  let previous: Change | null = null;
  for await (const page of input.pages) {
    const writes: Change[] = [];
    for (const { record, evidence } of page) {
      const { decision, changes, fingerprint } = evaluateRecord(policy, options, record, evidence);
      prints.push(fingerprint);
      if (decision.evaluation.unjudged === null) judged++;
      for (const i of decision.issues) issues[i.code] = (issues[i.code] ?? 0) + 1;
      for (const c of changes.sort(compareChanges)) {
        if (previous && compareChanges(previous, c) > 0)
          throw new UsageError(
            `planStream: employees must arrive in plan order (${c.connector}/${c.employeeId} came late)`,
            { where: `${c.connector}/${c.employeeId}` },
          );
        previous = c;
        const slot = byKind[c.kind] ?? { create: 0, update: 0, noop: 0 };
        slot[c.action]++;
        byKind[c.kind] = slot;
        totals[c.action]++;
        if (c.action !== 'noop') writes.push(c);
      }
    }
    await input.write(writes);
  }
  return {
    organization: input.config.organization,
    asOf: input.asOf,
    cycle: input.config.cycle.id,
    fingerprint: fingerprintOf(prints),
    policyHash: policyHashOf(input.config),
    summary: { employees: prints.length, judged, ...totals, byKind, issues },
  };
};
