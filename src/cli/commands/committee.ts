import { resolve } from 'node:path';
import { buildCommitteeRows, writeCommitteeReport } from '../../report/committee/index.js';
import type { OrgEvaluation } from '../../engine/evaluate-org.js';

/** The promotion committee's list (CSV + printable HTML). Individuals appear here on purpose, never on the dashboard. */
export const writeCommittee = async (ev: OrgEvaluation, dir: string, nearPromotionMonths: number, department?: string) => {
  const rows = buildCommitteeRows({ evaluations: ev.evaluations, nearPromotionMonths, ...(department ? { department } : {}) });
  const written = await writeCommitteeReport({ dir, rows, asOf: ev.asOf, organization: ev.plan.organization, ...(department ? { department } : {}) });
  return { rows: rows.length, html: resolve(dir, written.html), csv: resolve(dir, written.csv) };
};
