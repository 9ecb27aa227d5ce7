import { writeFile } from 'node:fs/promises';
import { planFileText } from '../../apply/plan-file.js';
import { openContext, parseAsOf, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';
import { renderPlan } from '../render-plan.js';

/** `plan [--out plan.json] [--as-of DATE]`: exit 0 no changes, 2 changes pending, 1 error. */
export const planCommand = async (
  out: Output,
  opts: GlobalOptions & { out?: string; limit?: string; adopt?: boolean },
): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    const ev = await ctx.engine.plan(parseAsOf(opts.asOf), { adopt: opts.adopt === true });
    ctx.progress.stop();
    if (opts.out) await writeFile(opts.out, planFileText(ev.plan));
    if (out.json)
      out.data(opts.out ? { planFile: opts.out, summary: ev.plan.summary, fingerprint: ev.plan.fingerprint } : ev.plan);
    else {
      renderPlan(out, ev.plan, opts.limit ? Number(opts.limit) : 50);
      if (opts.out) out.line(`\nPlan written to ${opts.out}; apply it with: fluencyflow apply ${opts.out} --yes`);
    }
    return ev.plan.changes.length > 0 ? 2 : 0;
  } finally {
    ctx.progress.stop();
    await ctx.engine.close();
  }
};
