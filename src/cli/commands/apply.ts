import { createInterface } from 'node:readline/promises';
import { readPlanFile } from '../../apply/plan-file.js';
import { UsageError } from '../../errors.js';
import { openContext, parseAsOf, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';
import { renderChanges, renderManual, renderSummary } from '../render-plan.js';
import { renderRevertPlan } from '../render-revert.js';
import { runRevert } from './revert.js';

/** Change lines shown before `apply` asks. */
const PREVIEW = 10;

const confirm = async (question: string): Promise<boolean> => {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
};

/** `--deadline <minutes>` in milliseconds; a positive number. */
const parseDeadline = (raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 7 * 24 * 60)
    throw new UsageError(`--deadline ${raw}: expected minutes, a number above 0 and at most a week`);
  return Math.round(minutes * 60_000);
};

/** `--wait <seconds>` in milliseconds; a number from 0 to a day. */
const parseWait = (raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 24 * 3600)
    throw new UsageError(`--wait ${raw}: expected seconds, a number from 0 to a day`);
  return Math.round(seconds * 1000);
};

/** `apply [plan.json] [--yes]`: exit 0 done, 3 partly failed (the rest applied, failures listed), 1 error. */
export const applyCommand = async (
  out: Output,
  file: string | undefined,
  opts: GlobalOptions & { yes?: boolean; deadline?: string; wait?: string; adopt?: boolean },
): Promise<number> => {
  const deadlineMs = parseDeadline(opts.deadline);
  const waitForLeaseMs = parseWait(opts.wait);
  const saved = file ? await readPlanFile(file) : undefined;
  const ctx = await openContext(out, opts);
  try {
    const revert = saved?.revert;
    if (saved && revert) {
      // A plan made by `revert --out`: shown, confirmed and applied as such, refused when the HRIS moved since.
      if (!opts.yes) {
        if (!process.stdin.isTTY)
          throw new UsageError('apply writes to the HRIS: pass --yes when running without a terminal');
        renderRevertPlan(out, saved, revert, PREVIEW);
        if (revert.changes.length === 0) return 0;
        if (!(await confirm(`Undo ${revert.changes.length} changes of run ${revert.runId}? [y/N] `))) {
          out.line('Cancelled; nothing written.');
          return 1;
        }
      }
      return await runRevert(out, ctx, {
        runId: revert.runId,
        plan: saved,
        ...(deadlineMs === undefined ? {} : { deadlineMs }),
      });
    }
    if (!opts.yes) {
      if (!process.stdin.isTTY)
        throw new UsageError('apply writes to the HRIS: pass --yes when running without a terminal', {
          hint: 'Review `fluencyflow plan` first, then `fluencyflow apply --yes`.',
        });
      const preview = saved ?? (await ctx.engine.plan(parseAsOf(opts.asOf), { adopt: opts.adopt === true })).plan;
      ctx.progress.stop();
      const full = file
        ? `fluencyflow show ${file}`
        : 'fluencyflow plan --out plan.json, then fluencyflow show plan.json';
      renderChanges(out, preview.changes, PREVIEW, `all of them: ${full}`);
      renderManual(out, preview.manualChanges ?? [], PREVIEW, `all of them: ${full}`);
      renderSummary(out, preview);
      if (preview.changes.length === 0) {
        out.line('Nothing to apply.');
        return 0;
      }
      if (!(await confirm(`Apply ${preview.changes.length} changes? [y/N] `))) {
        out.line('Cancelled; nothing written.');
        return 1;
      }
    }
    const { result, summary, evaluation } = await ctx.engine.apply({
      ...(saved ? { plan: saved } : {}),
      asOf: parseAsOf(opts.asOf) ?? null,
      adopt: opts.adopt === true,
      onProgress: (done, total) => ctx.progress.update('apply', done, total),
      ...(deadlineMs === undefined ? {} : { deadlineMs }),
      ...(waitForLeaseMs === undefined ? {} : { waitForLeaseMs }),
    });
    ctx.progress.stop();
    const stopped = result.stopped.map((e) => ({ code: e.code, connector: e.connector, message: e.message }));
    if (out.json)
      out.data({
        runId: summary.runId,
        applied: result.applied,
        noop: result.noop,
        failed: result.failed,
        unknown: result.unknown,
        notAttempted: result.notAttempted,
        stopped,
        failures: result.failures,
        thresholds: summary.thresholds,
        plan: summary.plan,
        manualChanges: evaluation.manualChanges,
      });
    else {
      renderManual(out, evaluation.manualChanges, 50, 'all of them: fluencyflow status --json');
      renderSummary(out, evaluation.plan);
      out.line('');
      out.line(
        `Applied ${result.applied} changes, ${result.noop} already in place, ${result.failed} failed, ` +
          `${result.unknown} outcome unknown, ${result.notAttempted} not attempted (run ${summary.runId}).`,
      );
      for (const s of stopped) out.line(`Stopped sending to ${s.connector ?? 'the HRIS'}: ${s.code} ${s.message}`);
      const label = { failed: 'failed', unknown: 'unknown', not_attempted: 'not attempted' } as const;
      for (const f of result.failures.slice(0, 20))
        out.line(`  ${label[f.status]} ${f.connector}/${f.employeeId} ${f.kind}: ${f.code} ${f.message}`);
      if (result.failures.length > 20)
        out.line(`  ... and ${result.failures.length - 20} more (fluencyflow status --json)`);
      if (result.failures.length > 0)
        out.line('The next run reads the HRIS again and plans what is missing: run `fluencyflow apply --yes` again.');
      const t = summary.thresholds;
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      const p = t.practitionerOrPursuing;
      const covers = summary.scope === undefined ? '' : ` in scope ${summary.scope}`;
      out.line(
        `Goal coverage${covers} ${pct(t.goalCoverage.share)} (target ${pct(t.goalCoverage.target)}); ` +
          `${p.level} or pursuing ${pct(p.share)} (target ${pct(p.target)}).`,
      );
    }
    return result.failures.length > 0 ? 3 : 0;
  } finally {
    ctx.progress.stop();
    await ctx.engine.close();
  }
};
