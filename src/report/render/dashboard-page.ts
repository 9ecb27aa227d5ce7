import type { Metrics, MetricTable, ThresholdFigure } from '../metrics-schema.js';
import { thresholdTrendChart } from './charts.js';
import { chartFor } from './dashboard-charts.js';
import { renderSvg } from './echarts-svg.js';
import { escapeHtml } from './escape.js';
import { formatShare } from './format.js';
import { displayColumns, renderTable } from './html-table.js';

/** Tables wider than this go under their chart instead of beside it. */
const BESIDE_MAX_COLUMNS = 7;
import { PAGE_STYLE } from './page-style.js';

const SECTIONS: readonly { title: string; tables: readonly string[] }[] = [
  { title: 'Certification levels', tables: ['level-by-department', 'level-by-grade', 'level-by-job-family'] },
  { title: 'Real AI use by tier', tables: ['use-by-level'] },
  { title: 'Gaming signals', tables: ['signals-by-department', 'credential-outcomes-by-department'] },
  { title: 'Movement up the ladder', tables: ['movement-qoq', 'movement-yoy', 'level-by-quarter'] },
  { title: 'Where to invest', tables: ['lagging-departments'] },
  { title: 'HRIS connections', tables: ['coverage-by-connector'] },
];

const syntheticTag = (synthetic: boolean) => (synthetic ? '<span class="tag synthetic">synthetic</span>' : '');
const count = (n: number) => n.toLocaleString('en-US');

const trendDelta = (figure: ThresholdFigure): string => {
  const shown = figure.trend.filter((p) => p.value !== null);
  const last = shown[shown.length - 1];
  const before = shown[shown.length - 2];
  if (!last || !before || last.value === null || before.value === null) return '';
  const pts = Math.round((last.value - before.value) * 1000) / 10;
  const sign = pts > 0 ? '+' : pts < 0 ? '−' : '±';
  return `<p class="meta">${sign}${Math.abs(pts).toFixed(1)} pts since ${escapeHtml(before.quarter)}</p>`;
};

const thresholdCard = (figure: ThresholdFigure, synthetic: ReadonlySet<string>): string => {
  const status =
    figure.met === null
      ? '<p class="status">Not shown: the population is below the minimum group size.</p>'
      : `<p class="status ${figure.met ? 'met' : 'unmet'}">${figure.met ? 'Target met' : 'Below target'}: ${count(figure.numerator ?? 0)} of ${count(figure.denominator ?? 0)} employees</p>`;
  const trendSynthetic = figure.trend.some((p) => p.synthetic);
  const spec = thresholdTrendChart(figure, synthetic);
  const chart =
    figure.trend.length > 0
      ? `<figure class="chart" data-chart="${figure.id}-trend">${renderSvg(spec.option, spec.size)}</figure>`
      : '';
  return `<article class="card" data-figure="${figure.id}">
<h3>${escapeHtml(figure.title)}${syntheticTag(trendSynthetic)}</h3>
<p class="big"><span class="value" data-value="${figure.value ?? ''}">${formatShare(figure.value)}</span><span class="target">target ${formatShare(figure.target)}</span></p>
${status}
${trendDelta(figure)}
${chart}
<p class="definition">${escapeHtml(figure.definition)} As of ${escapeHtml(figure.asOf)}.</p>
</article>`;
};

/** A pilot's dashboard says so at the top: every figure below covers the scope only. */
const scopeLine = (metrics: Metrics): string => {
  const { scope, outOfScope } = metrics.population;
  if (scope === null) return '';
  return `<p class="meta scope">Scope: <strong>${escapeHtml(scope)}</strong>. Every figure and threshold on this page covers the people in it only; ${count(outOfScope)} employee(s) read outside it are not counted.</p>`;
};

const tableSection = (metrics: Metrics, table: MetricTable): string => {
  const spec = chartFor(metrics, table);
  const chart = spec
    ? `<figure class="chart" data-chart="${escapeHtml(table.id)}">${renderSvg(spec.option, spec.size)}</figure>`
    : '';
  const body =
    table.rows.length === 0
      ? '<p class="empty">Nothing to show: no history for this view yet, or no group reaches the minimum size.</p>'
      : `<div class="pair${chart ? (displayColumns(table).length > BESIDE_MAX_COLUMNS ? ' wide' : '') : ' solo'}">${chart}<div class="tablewrap">${renderTable(table)}</div></div>`;
  const privacy =
    table.privacy.merged + table.privacy.suppressed > 0
      ? ` Privacy: ${table.privacy.merged} group(s) merged into Other, ${table.privacy.suppressed} suppressed.`
      : '';
  return `<section class="figure" id="${escapeHtml(table.id)}">
<h3>${escapeHtml(table.title)}${syntheticTag(table.synthetic)}</h3>
<p class="definition">${escapeHtml(table.definition)}</p>
${body}
<p class="files">As of ${escapeHtml(table.asOf)}. Data: ${escapeHtml(table.id)}.csv.${escapeHtml(privacy)}</p>
</section>`;
};

const privacySection = (metrics: Metrics): string => {
  const rows = metrics.tables
    .filter((t) => t.privacy.merged + t.privacy.suppressed > 0)
    .map(
      (t) =>
        `<li>${escapeHtml(t.title)}: ${t.privacy.merged} merged into Other, ${t.privacy.suppressed} suppressed</li>`,
    )
    .join('\n');
  return `<section class="figure privacy" id="privacy">
<h3>Privacy</h3>
<p>${escapeHtml(metrics.privacy.rule)} Minimum group size: ${metrics.privacy.minGroupSize}.</p>
<p><strong>${metrics.privacy.merged}</strong> group(s) were merged into Other and <strong>${metrics.privacy.suppressed}</strong> suppressed across the page.</p>
${rows ? `<ul>\n${rows}\n</ul>` : '<p>No group needed merging.</p>'}
</section>`;
};

/** The whole dashboard as one self-contained HTML document: inline CSS, inline SVG charts, no scripts, no requests. */
export const renderDashboard = (metrics: Metrics): string => {
  const synthetic = new Set(metrics.syntheticQuarters);
  const first = metrics.syntheticQuarters[0];
  const last = metrics.syntheticQuarters[metrics.syntheticQuarters.length - 1];
  const banner =
    first && last
      ? `<p class="banner"><strong>Synthetic history.</strong> The quarters ${escapeHtml(first)} to ${escapeHtml(last)} were made up by the demo from the current evaluations; they are not measured. Charts shade them and tables mark them “synthetic”.</p>`
      : '';
  const byId = new Map(metrics.tables.map((t) => [t.id, t]));
  const trend = byId.get('thresholds-trend');
  const sections = SECTIONS.map((s) => {
    const tables = s.tables.flatMap((id) => {
      const t = byId.get(id);
      return t ? [tableSection(metrics, t)] : [];
    });
    return tables.length === 0 ? '' : `<h2>${escapeHtml(s.title)}</h2>\n${tables.join('\n')}`;
  }).join('\n');
  const p = metrics.population;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>AI fluency dashboard · ${escapeHtml(metrics.organization)} · ${escapeHtml(metrics.asOf)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header class="page"><div class="inner">
<h1>AI fluency: certification and use</h1>
<p class="meta">${escapeHtml(metrics.organization)} · as of ${escapeHtml(metrics.asOf)} · ${count(p.judged)} judged employees of ${count(p.evaluations)} read from ${p.connectors} HRIS connection(s) · groups under ${metrics.privacy.minGroupSize} are never shown alone</p>
${scopeLine(metrics)}
${banner}
</div></header>
<main>
<h2>Thresholds</h2>
<div class="thresholds">
${thresholdCard(metrics.thresholds.goalCoverage, synthetic)}
${thresholdCard(metrics.thresholds.practitioner, synthetic)}
</div>
${trend ? tableSection(metrics, trend) : ''}
${sections}
<h2>About these figures</h2>
${privacySection(metrics)}
<footer><p>${escapeHtml(p.definition)} Every figure, its definition and its as-of date are in metrics.json; each table is also a CSV file next to this page. Generated by fluencyflow.</p></footer>
</main>
</body>
</html>
`;
};
