/**
 * The page's only stylesheet: inline, no web fonts, a print layout for A4 landscape. A line ending in `\` goes on in
 * the next (the stylesheet has no line break there).
 */
export const PAGE_STYLE = `
:root { --ink: #1d232b; --muted: #5b6470; --line: #dfe3e8; --accent: #1f5fa8; --good: #2f7d4f; --bad: #b3452f; \
--paper: #fff; --band: #f5f7fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; \
color: var(--ink); background: var(--band); }
main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 48px; }
header.page { background: var(--paper); border-bottom: 1px solid var(--line); }
header.page .inner { max-width: 1320px; margin: 0 auto; padding: 20px 28px 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; }
h3 { font-size: 15px; margin: 0 0 4px; }
p { margin: 0 0 8px; }
.meta { color: var(--muted); }
.banner { margin: 12px 0 0; padding: 8px 12px; border-left: 4px solid #d9a200; background: #fff8e1; }
.tag { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; \
padding: 1px 6px; border-radius: 3px; vertical-align: middle; margin-left: 6px; }
.tag.synthetic { background: #fff1c2; color: #7a5a00; border: 1px solid #e6c65c; }
.thresholds { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; }
.card, .figure { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 16px 18px; }
.figure { margin-bottom: 16px; }
.big { display: flex; align-items: baseline; gap: 14px; margin: 6px 0 2px; }
.big .value { font-size: 48px; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
.big .target { color: var(--muted); font-size: 15px; }
.status { font-weight: 600; }
.status.met { color: var(--good); }
.status.unmet { color: var(--bad); }
.definition { color: var(--muted); font-size: 12.5px; max-width: 110ch; }
.pair { display: grid; grid-template-columns: minmax(0, 580px) minmax(0, 1fr); gap: 20px; align-items: start; \
margin-top: 8px; }
.pair.solo { grid-template-columns: minmax(0, 960px); }
.pair.wide { grid-template-columns: minmax(0, 1fr); }
.pair.wide .chart { max-width: 580px; }
.chart svg { display: block; max-width: 100%; height: auto; }
.tablewrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { font-weight: 600; color: var(--muted); border-bottom: 2px solid var(--line); vertical-align: bottom; }
td.num { text-align: right; white-space: nowrap; }
th.num { text-align: right; }
tbody th { font-weight: 500; white-space: nowrap; }
tr.merged th { font-style: italic; }
.share { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.files { font-size: 12px; color: var(--muted); margin-top: 6px; }
.privacy li { margin-bottom: 2px; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; }
@media (max-width: 1100px) { .pair { grid-template-columns: minmax(0, 1fr); } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { background: #fff; font-size: 11px; }
  main, header.page .inner { max-width: none; padding: 0; }
  header.page { border: 0; }
  .card, .figure { border: 0; padding: 0; break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .pair { grid-template-columns: 55% 45%; }
  .pair.wide, .pair.solo { grid-template-columns: 100%; }
  .tablewrap { overflow: visible; }
  .banner, .tag, .status { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .big .value { font-size: 36px; }
}
`;
