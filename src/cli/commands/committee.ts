import { resolve } from 'node:path';
import { buildCommitteeRows } from '../../report/committee/build-committee-rows.js';
import { writeCommitteeReport } from '../../report/committee/write-committee-report.js';
import type { OrgEvaluation } from '../../engine/evaluate-org.js';

/**
 * The promotion committee's list (CSV + printable HTML). Individuals appear here on purpose, never on the dashboard.
 */
export const writeCommittee = async (
  ev: OrgEvaluation,
  dir: string,
  nearPromotionMonths: number,
  department?: string,
) => {
  const overrides = ev.manualChanges.filter((m) => m.handling === 'kept');
  const rows = buildCommitteeRows({
    evaluations: ev.evaluations,
    nearPromotionMonths,
    overrides,
    ...(department ? { department } : {}),
  });
  const files = await writeCommitteeReport({
    dir,
    rows,
    asOf: ev.asOf,
    organization: ev.plan.organization,
    nearPromotionMonths,
    department,
    overrides,
  });
  const html = files.find((f) => f.endsWith('.html')) ?? 'committee.html';
  const csv = files.find((f) => f.endsWith('.csv')) ?? 'committee.csv';
  return { rows: rows.length, overrides: overrides.length, html: resolve(dir, html), csv: resolve(dir, csv) };
};
