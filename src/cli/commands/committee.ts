import { resolve } from 'node:path';
import { buildCommitteeRows } from '../../report/committee/build-committee-rows.js';
import { writeCommitteeReport } from '../../report/committee/write-committee-report.js';
import type { OrgEvaluation } from '../../engine/evaluate-org.js';

/** The promotion committee's list (CSV + printable HTML). Individuals appear here on purpose, never on the dashboard. */
export const writeCommittee = async (ev: OrgEvaluation, dir: string, nearPromotionMonths: number, department?: string) => {
  const rows = buildCommitteeRows({ evaluations: ev.evaluations, nearPromotionMonths, ...(department ? { department } : {}) });
  const files = await writeCommitteeReport({ dir, rows, asOf: ev.asOf, organization: ev.plan.organization, nearPromotionMonths, department });
  const html = files.find((f) => f.endsWith('.html')) ?? 'committee.html';
  const csv = files.find((f) => f.endsWith('.csv')) ?? 'committee.csv';
  return { rows: rows.length, html: resolve(dir, html), csv: resolve(dir, csv) };
};
