import { writeFile } from 'node:fs/promises';
import { planFileText } from '../../apply/plan-file.js';
import type { Plan } from '../../../schemas/index.js';
import { openContext, type CommandContext, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';
import { renderRevertPlan } from '../render-revert.js';

/**
 * Undoes a run and reports it as `apply` does; the shared tail of `revert --yes` and `apply revert.json`.
 * Exit 0 done, 3 partly failed (the rest undone, failures listed).
 */
export const runRevert = async (
  out: Output,
  ctx: CommandContext,
  args: { runId: string; plan?: Plan; deadlineMs?: number },
): Promise<number> => {
  const { plan, result, runId } = await ctx.engine.revert({
    ...args,
    onProgress: (done, total) => ctx.progress.update('revert', done, total),
  });
  ctx.progress.stop();
  const section = plan.revert;
  const skipped = section?.skipped ?? [];
  if (out.json) {
    out.data({
      runId,
      reverts: args.runId,
      applied: result.applied,
      failed: result.failed,
      unknown: result.unknown,
      notAttempted: result.notAttempted,
      failures: result.failures,
      skipped,
    });
  } else {
    if (section) renderRevertPlan(out, plan, section, 20);
    out.line('');
    out.line(
      `Undid ${result.applied} changes of run ${args.runId}, ${result.failed} failed, ` +
        `${result.unknown} outcome unknown, ` +
        `${result.notAttempted} not attempted, ${skipped.length} left as they are (run ${runId}).`,
    );
    for (const f of result.failures.slice(0, 20))
      out.line(`  ${f.status} ${f.connector}/${f.employeeId} ${f.kind}: ${f.code} ${f.message}`);
    if (result.failures.length > 0) out.line(`Run \`fluencyflow revert ${args.runId} --yes\` again to undo the rest.`);
  }
  return result.failures.length > 0 ? 3 : 0;
};

/**
 * `revert <run-id> [--out revert.json] [--yes]`: without `--yes` a dry run printing what would be undone (exit 0
 * nothing to undo, 2 changes pending); `--out` saves it for `apply revert.json`; `--yes` undoes it (exit 0, 3).
 */
export const revertCommand = async (
  out: Output,
  runId: string,
  opts: GlobalOptions & { yes?: boolean; out?: string; deadlineMs?: number; limit?: string },
): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    if (opts.yes)
      return await runRevert(out, ctx, {
        runId,
        ...(opts.deadlineMs === undefined ? {} : { deadlineMs: opts.deadlineMs }),
      });
    const plan = await ctx.engine.planRevert(runId);
    ctx.progress.stop();
    const section = plan.revert;
    if (opts.out) await writeFile(opts.out, planFileText(plan));
    if (out.json)
      out.data(opts.out ? { planFile: opts.out, summary: plan.summary, fingerprint: plan.fingerprint } : plan);
    else if (section) {
      renderRevertPlan(out, plan, section, opts.limit ? Number(opts.limit) : 50);
      if (opts.out)
        out.line(`\nRevert plan written to ${opts.out}; apply it with: fluencyflow apply ${opts.out} --yes`);
      else if (section.changes.length > 0)
        out.line(`\nNothing written. Undo it with: fluencyflow revert ${runId} --yes`);
    }
    return (section?.changes.length ?? 0) > 0 ? 2 : 0;
  } finally {
    ctx.progress.stop();
    await ctx.engine.close();
  }
};
