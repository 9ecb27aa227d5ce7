import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv } from '../csv.js';
import { escapeHtml } from '../render/escape.js';
import type { ManualChange } from '../../../schemas/plan.js';
import { overrideText, type CommitteeRow } from './build-committee-rows.js';

export interface CommitteeReportOptions {
  dir: string;
  rows: readonly CommitteeRow[];
  organization: string;
  asOf: string;
  nearPromotionMonths: number;
  department?: string | undefined;
  /** Every kept override (changed by hand in the HRIS), listed whether or not its person is near promotion. */
  overrides?: readonly ManualChange[] | undefined;
}

const flagText = (flag: CommitteeRow['flag']) =>
  flag === 'eligible' ? 'AI fluency criterion met' : 'AI fluency criterion not met';

const committeeCsv = (rows: readonly CommitteeRow[]): string =>
  toCsv(
    [
      'Connection',
      'Employee id',
      'Name',
      'Department',
      'Job title',
      'Grade',
      'Next grade',
      'Months in grade',
      'Flag',
      'Reason',
      'Exception notes',
      'Changed by hand',
    ],
    rows.map((r) => [
      r.connector,
      r.employeeId,
      r.name,
      r.department,
      r.jobTitle,
      r.grade,
      r.nextGrade,
      r.monthsInGrade,
      r.flag,
      r.reason,
      r.exceptionNotes.join('\n'),
      r.manualOverride,
    ]),
  );

const STYLE = `
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d232b; margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 20px 0 4px; }
.meta, .note { color: #5b6470; margin: 0 0 8px; }
.confidential { font-weight: 700; color: #8a2d1d; }
table { border-collapse: collapse; width: 100%; margin-top: 12px; }
th, td { border-bottom: 1px solid #dfe3e8; padding: 5px 8px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #c9ced6; color: #5b6470; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.flag-eligible { color: #2f7d4f; font-weight: 600; }
.flag-not-eligible { color: #b3452f; font-weight: 600; }
.override { color: #7a5a00; font-weight: 400; }
ul { margin: 0; padding-left: 16px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 10.5px; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
`;

/** Who the list holds, and what the flag does and does not say. */
const listedNote = (nearPromotionMonths: number): string =>
  `Listed: active employees with a known grade who have been in it for at least ${nearPromotionMonths} months, ` +
  'or who already meet the AI fluency criterion for the next grade and are within 3 months of that. ' +
  'AI fluency is one named factor, never the only one: the flag says whether the AI fluency criterion is met, ' +
  'not whether someone is promotable. Exception notes are earlier promotions made without the required fluency.';

const KEPT_NOTE =
  'HR business partners set these values by hand; fluencyflow keeps them and never undoes them silently.';

const TABLE_HEAD =
  '<thead><tr><th>Name</th><th>Department</th><th>Grade → next</th><th class="num">Months in grade</th>' +
  '<th>Flag</th><th>Reason</th><th>Exception notes</th></tr></thead>';

const rowHtml = (r: CommitteeRow): string => {
  const notes =
    r.exceptionNotes.length === 0
      ? ''
      : `<ul>${r.exceptionNotes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
  const where = `<span class="meta">${escapeHtml(r.connector)} · ${escapeHtml(r.employeeId)}</span>`;
  const override = r.manualOverride ? `<br><span class="override">HRIS: ${escapeHtml(r.manualOverride)}</span>` : '';
  const cells = [
    `<td>${escapeHtml(r.name)}<br>${where}</td>`,
    `<td>${escapeHtml(r.department ?? '')}</td>`,
    `<td>${escapeHtml(r.grade)} → ${escapeHtml(r.nextGrade ?? 'top grade')}</td>`,
    `<td class="num">${r.monthsInGrade}</td>`,
    `<td class="flag-${r.flag}">${flagText(r.flag)}${override}</td>`,
    `<td>${escapeHtml(r.reason)}</td>`,
    `<td>${notes}</td>`,
  ];
  return `<tr>${cells.join('')}</tr>`;
};

const overrideHtml = (m: ManualChange): string =>
  `<li>${escapeHtml(m.displayName ?? m.employeeId)} (${escapeHtml(m.connector)} · ${escapeHtml(m.employeeId)}): ` +
  `${escapeHtml(overrideText(m))}</li>`;

const committeeHtml = (o: Omit<CommitteeReportOptions, 'dir'>): string => {
  const body = o.rows.map(rowHtml).join('\n');
  const scope = o.department ? ` · department ${escapeHtml(o.department)}` : '';
  const overrides = o.overrides ?? [];
  const kept =
    overrides.length === 0
      ? ''
      : `<h2>Changed by hand in the HRIS (${overrides.length})</h2>
<p class="note">${KEPT_NOTE}</p>
<ul>${overrides.map(overrideHtml).join('')}</ul>`;
  const meta = `${escapeHtml(o.organization)} · as of ${escapeHtml(o.asOf)}${scope} · ${o.rows.length} employee(s)`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Promotion committee: AI fluency · ${escapeHtml(o.organization)} · ${escapeHtml(o.asOf)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Promotion committee: AI fluency criterion</h1>
<p class="meta">${meta} near promotion</p>
<p class="confidential">Confidential: names individuals. For the promotion committee only.</p>
<p class="note">${listedNote(o.nearPromotionMonths)}</p>
<table>
${TABLE_HEAD}
<tbody>
${body}
</tbody>
</table>
${kept}
</body>
</html>
`;
};

/** Writes `committee.csv` and `committee.html` (printable) into `dir`; returns the file names. */
export const writeCommitteeReport = async (options: CommitteeReportOptions): Promise<string[]> => {
  await mkdir(options.dir, { recursive: true });
  await writeFile(join(options.dir, 'committee.csv'), committeeCsv(options.rows), 'utf8');
  await writeFile(join(options.dir, 'committee.html'), committeeHtml(options), 'utf8');
  return ['committee.csv', 'committee.html'];
};
