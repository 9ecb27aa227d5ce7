import type { MetricTable, TableColumn } from '../metrics-schema.js';
import { escapeHtml } from './escape.js';
import { formatCell } from './format.js';

/** The label a row shows: `Other` says how many groups it pools, never which. */
export const rowLabel = (group: string, mergedGroups: number): string =>
  mergedGroups > 1 ? `${group} (${mergedGroups} groups)` : group;

interface DisplayColumn {
  column: TableColumn;
  /** A share shown in the same cell as its count (`12 (40.0%)`). */
  share?: TableColumn;
}

export const displayColumns = (table: MetricTable): DisplayColumn[] => {
  const keys = new Set(table.columns.map((c) => c.key));
  return table.columns
    .filter((c) => !(c.key.startsWith('share:') && keys.has(`count:${c.key.slice(6)}`)))
    .map((column) => {
      const share = column.key.startsWith('count:')
        ? table.columns.find((c) => c.key === `share:${column.key.slice(6)}`)
        : undefined;
      return share ? { column, share } : { column };
    });
};

/** One metric table as HTML; every value escaped. */
export const renderTable = (table: MetricTable): string => {
  const columns = displayColumns(table);
  const head = [
    `<th scope="col">${escapeHtml(table.groupLabel)}</th>`,
    ...columns.map(({ column }) => `<th scope="col" class="num">${escapeHtml(column.label)}</th>`),
  ].join('');
  const body = table.rows
    .map((row) => {
      const cells = columns.map(({ column, share }) => {
        const main = formatCell(column.unit, row.values[column.key] ?? null);
        const extra = share
          ? ` <span class="share">(${formatCell(share.unit, row.values[share.key] ?? null)})</span>`
          : '';
        return `<td class="num">${escapeHtml(main)}${extra}</td>`;
      });
      const cls = row.mergedGroups > 1 ? ' class="merged"' : '';
      const label = escapeHtml(rowLabel(row.group, row.mergedGroups));
      return `<tr${cls}><th scope="row">${label}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  const id = escapeHtml(table.id);
  return `<table data-table="${id}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
};
