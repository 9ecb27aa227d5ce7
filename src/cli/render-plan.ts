import type { Change, ManualChange, Plan, RunIssue } from '../../schemas/index.js';
import { manualChangeLine } from '../core/manual-changes.js';
import type { Output } from './output.js';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', noop: ' ' };

/** `Ada Lee (subsidiary/1001)`, or the bare `subsidiary/1001` when the HRIS gave no name. */
export const who = (c: Pick<Change, 'connector' | 'employeeId' | 'displayName'>): string =>
  c.displayName ? `${c.displayName} (${c.connector}/${c.employeeId})` : `${c.connector}/${c.employeeId}`;

const describe = (c: Change): string => {
  switch (c.kind) {
    case 'goal':
      return `goal "${c.after.title}" -> ${c.after.targetLevel}, ${c.after.percentComplete}% ${c.after.status}`;
    case 'eligibility':
      return `eligibility ${c.after.value}: ${c.after.reason}`;
    case 'exception-note':
      return `exception note ${c.after.promotionDate} ${c.after.fromGrade} -> ${c.after.toGrade}`;
  }
};

/** What the HRIS holds now and what the change writes, in words. */
const beforeAfter = (c: Change): { before: string; after: string } => {
  switch (c.kind) {
    case 'goal': {
      const b = c.before;
      const a = c.after;
      const held = b && `"${b.title}", ${b.percentComplete}% ${b.status ?? 'no status'}, due ${b.dueDate ?? '-'}`;
      return {
        before: held ? `${held}${b?.closed ? ', closed' : ''}` : 'no goal',
        after: `"${a.title}", toward ${a.targetLevel}, ${a.percentComplete}% ${a.status}, due ${a.dueDate}`,
      };
    }
    case 'eligibility':
      return {
        before: c.before?.value ? `${c.before.value}${c.before.reason ? `: ${c.before.reason}` : ''}` : 'not set',
        after: `${c.after.value}: ${c.after.reason}`,
      };
    case 'exception-note':
      return {
        before: c.before ? `note of ${c.before.promotionDate}: ${c.before.note}` : 'no note',
        after: `promotion ${c.after.promotionDate} ${c.after.fromGrade} -> ${c.after.toGrade}: ${c.after.note}`,
      };
  }
};

/** The first `limit` changes as `+`/`~` lines naming people. */
export const renderChanges = (out: Output, changes: readonly Change[], limit: number, more: string): void => {
  for (const c of changes.slice(0, limit)) out.line(`${SYMBOL[c.action]} ${who(c)} ${describe(c)}  (${c.reason})`);
  if (changes.length > limit) out.line(`  ... and ${changes.length - limit} more (${more})`);
};

/** The `!` lines: values people changed by hand, or that differ without history (at most `limit`). */
export const renderManual = (out: Output, manual: readonly ManualChange[], limit: number, more: string): void => {
  for (const m of manual.slice(0, limit)) out.line(manualChangeLine(m));
  if (manual.length > limit) out.line(`  ... and ${manual.length - limit} more (${more})`);
};

/** Prints a plan as `+`/`~` lines and `!` drift lines (at most `limit` each), then the summary and the issues. */
export const renderPlan = (out: Output, plan: Plan, limit = 50): void => {
  renderChanges(out, plan.changes, limit, 'write them all with --out plan.json');
  renderManual(out, plan.manualChanges ?? [], limit, 'all of them: plan --json');
  renderSummary(out, plan);
};

export const renderSummary = (out: Output, plan: Plan): void => {
  const s = plan.summary;
  out.line('');
  out.line(
    `Plan for ${plan.organization}, as of ${plan.asOf}, cycle ${plan.cycle}: ${s.employees} employees read, ` +
      `${s.judged} judged.`,
  );
  for (const [kind, k] of Object.entries(s.byKind))
    out.line(`  ${kind.padEnd(15)} ${k.create} to create, ${k.update} to update, ${k.noop} unchanged`);
  out.line(`  total           ${s.create} to create, ${s.update} to update, ${s.noop} unchanged`);
  if (plan.scope !== undefined)
    out.line(`  scope           ${plan.scope}: ${s.outOfScope ?? 0} employees out of scope (not written)`);
  const manual = Object.entries(s.manual ?? {});
  if (manual.length > 0) out.line(`  by hand (!)     ${manual.map(([handling, n]) => `${n} ${handling}`).join(', ')}`);
  renderIssues(out, plan.issues);
};

/** A plan's changes grouped per employee, in the plan's order. */
const groupByEmployee = (plan: Plan): Change[][] => {
  const groups = new Map<string, Change[]>();
  for (const c of plan.changes) {
    const key = `${c.connector}\u0000${c.employeeId}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()];
};

/** `show --json`: per employee, name, connector and id, and each change with before, after and why. */
export const showJson = (plan: Plan) => ({
  organization: plan.organization,
  asOf: plan.asOf,
  cycle: plan.cycle,
  scope: plan.scope ?? null,
  policyHash: plan.policyHash,
  fingerprint: plan.fingerprint,
  summary: plan.summary,
  employees: groupByEmployee(plan).map((changes) => ({
    name: changes[0]?.displayName ?? null,
    connector: changes[0]?.connector,
    employeeId: changes[0]?.employeeId,
    changes: changes.map((c) => ({
      kind: c.kind,
      action: c.action,
      before: c.before,
      after: c.after,
      reason: c.reason,
    })),
  })),
  issues: plan.issues,
  manualChanges: plan.manualChanges ?? [],
});

/** `show`: per employee, each change with before, after and why; then the summary. */
export const renderShow = (out: Output, plan: Plan): void => {
  out.line(`Plan for ${plan.organization}, as of ${plan.asOf}, cycle ${plan.cycle} (policy ${plan.policyHash})`);
  if (plan.changes.length === 0) out.line('No changes: the HRIS already holds what fluencyflow would write.');
  for (const changes of groupByEmployee(plan)) {
    const [first] = changes;
    if (!first) continue;
    out.line('');
    out.line(who(first));
    for (const c of changes) {
      const { before, after } = beforeAfter(c);
      out.line(`  ${SYMBOL[c.action]} ${c.kind} (${c.action})`);
      out.line(`      before: ${before}`);
      out.line(`      after:  ${after}`);
      out.line(`      why:    ${c.reason}`);
    }
  }
  const manual = plan.manualChanges ?? [];
  if (manual.length > 0) {
    out.line('');
    out.line(`Changed by hand or without history (${manual.length}):`);
    renderManual(out, manual, manual.length, '');
  }
  renderSummary(out, plan);
};

const renderIssues = (out: Output, issues: readonly RunIssue[], examples = 3): void => {
  if (issues.length === 0) return;
  const byCode = new Map<string, RunIssue[]>();
  for (const i of issues) byCode.set(i.code, [...(byCode.get(i.code) ?? []), i]);
  out.line('');
  out.line(`Reported (${issues.length}):`);
  for (const [code, list] of byCode) {
    out.line(`  ${code}: ${list.length}`);
    for (const i of list.slice(0, examples)) out.line(`    - ${i.where ? `${i.where}: ` : ''}${i.message}`);
  }
};
