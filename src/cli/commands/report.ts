import { resolve } from 'node:path';
import { buildMetrics } from '../../report/build-metrics.js';
import { writeReport } from '../../report/write-report.js';
import { metricsInputOf } from '../../engine/report-input.js';
import type { Engine } from '../../engine/engine.js';
import type { OrgEvaluation } from '../../engine/evaluate-org.js';
import { openContext, parseAsOf, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';
import { writeCommittee } from './committee.js';

/** Writes the dashboard for one evaluation; shared by `report` and `demo`. Returns the index.html path. */
export const writeDashboard = async (
  engine: Engine,
  ev: OrgEvaluation,
  dir: string,
): Promise<{ index: string; files: string[]; metrics: ReturnType<typeof buildMetrics> }> => {
  const metrics = buildMetrics(
    metricsInputOf(ev, engine.store(), engine.config.organization, engine.config.privacy.minGroupSize),
  );
  const files = await writeReport({ dir, metrics });
  return { index: resolve(dir, 'index.html'), files, metrics };
};

/**
 * `report [--out DIR] [--committee [--department X]]`: the dashboard, metrics.json and CSVs; or the committee's list.
 */
export const reportCommand = async (
  out: Output,
  opts: GlobalOptions & { out?: string; committee?: boolean; department?: string },
): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    const ev = await ctx.engine.evaluate(parseAsOf(opts.asOf));
    ctx.progress.stop();
    const dir = resolve(opts.out ?? 'report');
    if (opts.committee) {
      const written = await writeCommittee(ev, dir, ctx.loaded.config.promotion.nearPromotionMonths, opts.department);
      if (out.json) out.data(written);
      else {
        out.line(`Committee list: ${written.rows} employees near promotion -> ${written.html} and ${written.csv}`);
        if (written.overrides > 0)
          out.line(`  with ${written.overrides} values changed by hand in the HRIS and kept (listed there)`);
      }
      return 0;
    }
    const { index, files, metrics } = await writeDashboard(ctx.engine, ev, dir);
    if (out.json) out.data({ index, files, thresholds: metrics.thresholds });
    else {
      out.line(`Dashboard: ${index}`);
      out.line(`Also written in ${dir}: ${files.filter((f) => f !== 'index.html').join(', ')}`);
      out.line(
        `Employees with the goal: ${((metrics.thresholds.goalCoverage.value ?? 0) * 100).toFixed(1)}% ` +
          `(target 100%); ${metrics.thresholdLevel} or pursuing: ` +
          `${((metrics.thresholds.practitioner.value ?? 0) * 100).toFixed(1)}% (target 80%).`,
      );
    }
    return 0;
  } finally {
    ctx.progress.stop();
    await ctx.engine.close();
  }
};
