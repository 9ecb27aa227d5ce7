import type {
  CurrentGoal,
  EligibilityFlag,
  Plan,
  RevertChange,
  RevertSection,
  RevertSkip,
} from '../../schemas/index.js';
import type { Output } from './output.js';
import { who } from './render-plan.js';

/** `-` removes what the run created, `~` writes the old value back, `!` is left as it is (changed since). */
const SYMBOL: Record<RevertChange['action'], string> = { delete: '-', close: '-', restore: '~' };

const goalText = (g: CurrentGoal): string => {
  const closed = g.closed ? ', closed' : '';
  return `"${g.title}", ${g.percentComplete}% ${g.status ?? 'no status'}, due ${g.dueDate ?? '-'}${closed}`;
};
const flagText = (f: EligibilityFlag | null): string =>
  f === null || f.value === null ? 'not set' : `${f.value}${f.reason ? `: ${f.reason}` : ''}`;

/** What the HRIS holds now and what it holds after the revert, in words. */
const revertBeforeAfter = (c: RevertChange): { before: string; after: string } => {
  switch (c.kind) {
    case 'goal':
      return {
        before: goalText(c.before),
        after:
          c.action === 'delete'
            ? 'no goal (deleted)'
            : c.action === 'close'
              ? `${goalText({ ...c.before, closed: true })}`
              : c.after
                ? goalText(c.after)
                : 'no goal',
      };
    case 'eligibility':
      return { before: flagText(c.before), after: flagText(c.after) };
    case 'exception-note':
      return {
        before: `note of ${c.before.promotionDate} (${c.before.fromGrade} -> ${c.before.toGrade}): ${c.before.note}`,
        after: 'no note (deleted)',
      };
  }
};

const kindName: Record<RevertChange['kind'], string> = {
  goal: 'goal',
  eligibility: 'eligibility',
  'exception-note': 'exception note',
};

/** One line per undo: what is there now and, for a restore, what goes back (the `show` view has both in full). */
const line = (c: RevertChange): string => {
  const { before, after } = revertBeforeAfter(c);
  const what =
    c.kind === 'exception-note'
      ? `of ${c.before.promotionDate} (${c.before.fromGrade} -> ${c.before.toGrade})`
      : c.action === 'restore'
        ? `${before} -> ${after}`
        : before;
  return `${SYMBOL[c.action]} ${who(c)} ${kindName[c.kind]} ${c.action}: ${what}  (${c.reason})`;
};

const skipLine = (s: RevertSkip): string => `! ${who(s)} ${kindName[s.kind]} left as it is: ${s.reason}`;

/** The first `limit` undo lines and every write left alone (they are what an admin must check by hand). */
const renderRevertChanges = (out: Output, section: RevertSection, limit: number, more: string): void => {
  for (const c of section.changes.slice(0, limit)) out.line(line(c));
  if (section.changes.length > limit) out.line(`  ... and ${section.changes.length - limit} more (${more})`);
  for (const s of section.skipped) out.line(skipLine(s));
};

const renderRevertSummary = (out: Output, plan: Plan, section: RevertSection): void => {
  const count = (a: RevertChange['action']) => section.changes.filter((c) => c.action === a).length;
  out.line('');
  out.line(`Revert of run ${section.runId} for ${plan.organization}: ${plan.summary.employees} employees.`);
  for (const [kind, k] of Object.entries(plan.summary.byKind))
    out.line(`  ${kind.padEnd(15)} ${k.update} to undo, ${k.noop} left as they are`);
  out.line(
    `  total           ${section.changes.length} to undo (${count('delete')} to delete, ${count('close')} to close, ` +
      `${count('restore')} to restore), ${section.skipped.length} left as they are`,
  );
  if (section.skipped.length > 0)
    out.line(
      `  ${section.skipped.length} value${section.skipped.length === 1 ? ' was' : 's were'} changed since the run ` +
        '(or are gone): not touched, listed with ! above',
    );
};

/** `revert <run-id>` without `--yes`, and `plan`-style output of a saved revert plan. */
export const renderRevertPlan = (out: Output, plan: Plan, section: RevertSection, limit = 50): void => {
  renderRevertChanges(out, section, limit, 'write them all with --out revert.json, then fluencyflow show revert.json');
  renderRevertSummary(out, plan, section);
};

/** `show revert.json`: per employee, each undo with before, after and why; then the writes left alone. */
export const renderRevertShow = (out: Output, plan: Plan, section: RevertSection): void => {
  out.line(`Revert of run ${section.runId} for ${plan.organization}, cycle ${plan.cycle}`);
  if (section.changes.length === 0) out.line('Nothing to undo.');
  let last = '';
  for (const c of section.changes) {
    const person = who(c);
    if (person !== last) {
      out.line('');
      out.line(person);
      last = person;
    }
    const { before, after } = revertBeforeAfter(c);
    out.line(`  ${SYMBOL[c.action]} ${c.kind} (${c.action})`);
    out.line(`      before: ${before}`);
    out.line(`      after:  ${after}`);
    out.line(`      why:    ${c.reason}`);
  }
  if (section.skipped.length > 0) out.line('');
  for (const s of section.skipped) out.line(skipLine(s));
  renderRevertSummary(out, plan, section);
};

/** `show --json` of a revert plan. */
export const revertShowJson = (plan: Plan, section: RevertSection) => ({
  organization: plan.organization,
  cycle: plan.cycle,
  fingerprint: plan.fingerprint,
  reverts: section.runId,
  summary: plan.summary,
  changes: section.changes.map((c) => ({
    name: c.displayName ?? null,
    connector: c.connector,
    employeeId: c.employeeId,
    kind: c.kind,
    action: c.action,
    before: c.before,
    after: c.after,
    reason: c.reason,
  })),
  skipped: section.skipped.map((s) => ({
    name: s.displayName ?? null,
    connector: s.connector,
    employeeId: s.employeeId,
    kind: s.kind,
    reason: s.reason,
  })),
});
