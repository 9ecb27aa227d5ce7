import { userInfo } from 'node:os';
import { UsageError } from '../../errors.js';
import { applyApproved } from '../../serve/apply-approved.js';
import { Approvals } from '../../state/approvals.js';
import { openContext, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';

/** The identity approving from the command line: `--as`, else the operating-system user. */
const approverOf = (as: string | undefined): string => as ?? process.env['USER'] ?? userInfo().username;

/**
 * `approve <plan-id>`: records the approval (an audit record; refused for the identity that made the plan), then
 * applies exactly that plan (refused when the HRIS changed since). `approve --list` lists the plans kept for approval.
 * Exit 0 applied, 3 partly failed, 1 refused or failed.
 */
export const approveCommand = async (
  out: Output,
  planId: string | undefined,
  opts: GlobalOptions & { list?: boolean; as?: string },
): Promise<number> => {
  const approver = approverOf(opts.as);
  const ctx = await openContext(out, opts, { actor: approver });
  try {
    const approvals = new Approvals(ctx.engine.store(), () => new Date().toISOString());
    if (opts.list || planId === undefined) {
      const plans = approvals.list(20);
      if (out.json) out.data(plans);
      else if (plans.length === 0) out.line('No plans kept for approval.');
      else
        for (const p of plans) {
          const by = p.approvedBy ? `  approved by ${p.approvedBy}` : '';
          const counts = `${String(p.changes).padStart(6)} changes`;
          out.line(`${p.id}  ${p.status.padEnd(10)} ${counts}  planned by ${p.plannedBy} ${p.plannedAt}${by}`);
        }
      if (planId === undefined && !opts.list)
        throw new UsageError('approve needs the id of a pending plan (listed above)');
      return 0;
    }
    approvals.approve(planId, approver);
    out.line(`Plan ${planId} approved by ${approver}; applying it.`);
    const outcome = await applyApproved(ctx.engine, approvals, planId);
    ctx.progress.stop();
    const { status, applyRunId, errorCode } = outcome;
    if (out.json) out.data({ planId, approver, status, applyRunId, errorCode });
    else if (outcome.result) {
      const r = outcome.result.result;
      out.line(
        `Applied ${r.applied} changes, ${r.noop} already in place, ${r.failed} failed, ${r.unknown} outcome unknown, ` +
          `${r.notAttempted} not attempted (run ${applyRunId ?? ''}).`,
      );
    } else out.line(`Not applied: ${approvals.get(planId).detail ?? outcome.errorCode ?? 'the apply failed'}`);
    return outcome.status === 'applied' ? 0 : outcome.status === 'partial' ? 3 : 1;
  } finally {
    ctx.progress.stop();
    await ctx.engine.close();
  }
};
