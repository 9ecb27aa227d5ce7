import type { CellValue, ColumnUnit } from '../metrics-schema.js';

/** A share as the page shows it: `87.3%`. */
export const formatShare = (v: number | null): string =>
  v === null ? '–' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`;

export const formatCell = (unit: ColumnUnit, v: CellValue): string => {
  if (v === null) return '–';
  if (typeof v === 'boolean') return v ? 'yes' : '';
  if (typeof v === 'string') return v;
  switch (unit) {
    case 'share':
      return formatShare(v);
    case 'points':
      return v.toFixed(1);
    case 'days-per-week':
      return v.toFixed(2);
    case 'count':
    case 'rank':
      return v.toLocaleString('en-US');
    case 'text':
    case 'flag':
      return String(v);
  }
};

/** A number from a table cell, or null. */
export const numberIn = (v: CellValue | undefined): number | null => (typeof v === 'number' ? v : null);
