/** Small pure helpers for OData v2 query strings as SuccessFactors reads them. */

/** A string literal in `$filter`: single quotes doubled. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** `field in 'a','b'` (SuccessFactors' extension; one call for many keys instead of one per key: KBA 2735876). */
export const inFilter = (field: string, values: readonly string[]): string => {
  if (values.length === 0) throw new RangeError('inFilter needs at least one value');
  return values.length === 1
    ? `${field} eq ${literal(values[0] ?? '')}`
    : `${field} in ${values.map(literal).join(',')}`;
};

export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export interface QueryOptions {
  select?: readonly string[];
  filter?: string;
  expand?: readonly string[];
  pageSize?: number;
  fromDate?: string;
  toDate?: string;
  asOfDate?: string;
  top?: number;
}

/** Builds `?$format=json&...`, encoding each value with encodeURIComponent (no `+` for spaces). */
export const queryString = (o: QueryOptions): string => {
  const parts: [string, string][] = [['$format', 'json']];
  if (o.select && o.select.length > 0) parts.push(['$select', o.select.join(',')]);
  if (o.filter) parts.push(['$filter', o.filter]);
  if (o.expand && o.expand.length > 0) parts.push(['$expand', o.expand.join(',')]);
  if (o.top !== undefined) parts.push(['$top', String(o.top)]);
  if (o.pageSize !== undefined) parts.push(['customPageSize', String(o.pageSize)]);
  if (o.fromDate) parts.push(['fromDate', o.fromDate]);
  if (o.toDate) parts.push(['toDate', o.toDate]);
  if (o.asOfDate) parts.push(['asOfDate', o.asOfDate]);
  return `?${parts.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
};

/** Keeps the first row of each key: server pages can repeat rows (SAP/python-pyodata#288, KBA 2723468). */
export const dedupeBy = <T>(rows: readonly T[], keyOf: (row: T) => string, seen: Set<string> = new Set()): T[] => {
  const out: T[] = [];
  for (const row of rows) {
    const k = keyOf(row);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(row);
  }
  return out;
};
