import type { Change, Plan, RunIssue } from '../../schemas/index.js';
import type { Output } from './output.js';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', noop: ' ' };

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

/** Prints a plan as `+`/`~` lines (at most `limit`), then the summary and the issues by code with examples. */
export const renderPlan = (out: Output, plan: Plan, limit = 50): void => {
  for (const c of plan.changes.slice(0, limit)) out.line(`${SYMBOL[c.action]} ${c.connector}/${c.employeeId} ${describe(c)}  (${c.reason})`);
  if (plan.changes.length > limit) out.line(`  ... and ${plan.changes.length - limit} more (write them all with --out plan.json)`);
  renderSummary(out, plan);
};

export const renderSummary = (out: Output, plan: Plan): void => {
  const s = plan.summary;
  out.line('');
  out.line(`Plan for ${plan.organization}, as of ${plan.asOf}, cycle ${plan.cycle}: ${s.employees} employees read, ${s.judged} judged.`);
  for (const [kind, k] of Object.entries(s.byKind)) out.line(`  ${kind.padEnd(15)} ${k.create} to create, ${k.update} to update, ${k.noop} unchanged`);
  out.line(`  total           ${s.create} to create, ${s.update} to update, ${s.noop} unchanged`);
  if (plan.scope !== undefined) out.line(`  scope           ${plan.scope}: ${s.outOfScope ?? 0} employees out of scope (not written)`);
  renderIssues(out, plan.issues);
};

export const renderIssues = (out: Output, issues: readonly RunIssue[], examples = 3): void => {
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
