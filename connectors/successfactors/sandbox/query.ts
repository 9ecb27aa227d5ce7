/**
 * GET on an entity set: strict checks of every query option against the tenant model, then filter, expand, select,
 * page.
 */
import type { EntityFact } from './edmx-facts.js';
import { FilterSyntaxError, filterFields, matches, parseFilter, type FilterNode } from './filter.js';
import type { Row } from './store.js';
import { badProperty, badRequest, propertyNotFound } from './wire-errors.js';

const KNOWN_OPTIONS = new Set([
  '$format',
  '$select',
  '$filter',
  '$expand',
  '$top',
  '$skip',
  '$orderby',
  '$skiptoken',
  '$inlinecount',
  'customPageSize',
  'fromDate',
  'toDate',
  'asOfDate',
  'paging',
]);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface QueryPlan {
  filter: FilterNode | null;
  select: string[] | null;
  expand: string[];
  top: number | null;
  pageSize: number;
  offset: number;
  /** Effective-dating window: rows overlapping [from, to] (ms). */
  window: { from: number; to: number } | null;
}

const dayMs = (s: string, name: string): number => {
  if (!ISO_DAY.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)))
    throw badRequest(`[COE0019]Invalid ${name}: ${s}; expected yyyy-MM-dd`);
  return Date.parse(`${s}T00:00:00Z`);
};

export const planQuery = (
  entitySet: string,
  fact: EntityFact,
  params: URLSearchParams,
  model: ReadonlyMap<string, EntityFact>,
  o: { today: string; maxPageSize: number },
): QueryPlan => {
  for (const k of params.keys())
    if (!KNOWN_OPTIONS.has(k) && k.startsWith('$')) throw badRequest(`[COE0004]Unknown system query option: ${k}`);
  if (params.has('$orderby') && fact.employeeCentral)
    throw badRequest(
      `[COE0024]$orderby is not supported on ${entitySet}; ` +
        'Employee Central entities are returned in no particular order',
    );
  const expand = (params.get('$expand') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const path of expand) {
    const [nav = '', ...deeper] = path.split('/');
    if (deeper.length > 0) throw badRequest(`the sandbox expands one level only: ${path}`);
    if (fact.properties.has(nav))
      throw badProperty(`${entitySet}/${nav}`, `cannot expand non-navigation property: ${entitySet}/${nav}`);
    const target = fact.navigations.get(nav);
    if (target === undefined) throw propertyNotFound(entitySet, [nav]);
    if (target === '') throw badRequest(`the sandbox does not serve ${entitySet}/${nav}`);
  }
  let select: string[] | null = null;
  const rawSelect = params.get('$select');
  if (rawSelect !== null) {
    select = rawSelect
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown: string[] = [];
    for (const item of select) {
      const [first = '', second, ...rest] = item.split('/');
      if (second === undefined) {
        if (!fact.properties.has(first) && !fact.navigations.has(first)) unknown.push(first);
        continue;
      }
      const target = fact.navigations.get(first);
      if (target === undefined || rest.length > 0) {
        unknown.push(item);
        continue;
      }
      if (!expand.includes(first))
        throw badProperty(item, `navigation ${first} must be in $expand to select through it`);
      const targetFact = model.get(target);
      if (!targetFact || !targetFact.properties.has(second)) unknown.push(item);
    }
    if (unknown.length > 0) throw propertyNotFound(entitySet, unknown);
  }
  let filter: FilterNode | null = null;
  const rawFilter = params.get('$filter');
  if (rawFilter !== null) {
    try {
      filter = parseFilter(rawFilter);
    } catch (e) {
      throw badRequest(`[COE0009]Invalid $filter: ${e instanceof FilterSyntaxError ? e.message : 'cannot parse'}`);
    }
    for (const field of filterFields(filter)) {
      const prop = fact.properties.get(field);
      if (!prop) throw propertyNotFound(entitySet, [field]);
      if (!prop.filterable) throw badProperty(field, `${field} is not filterable`);
    }
  }
  const top = params.has('$top') ? Number(params.get('$top')) : null;
  if (top !== null && (!Number.isInteger(top) || top < 0)) throw badRequest('[COE0010]Invalid $top');
  const requested = params.has('customPageSize') ? Number(params.get('customPageSize')) : 1000;
  if (!Number.isInteger(requested) || requested < 1 || requested > 1000)
    throw badRequest('[COE0011]customPageSize must be between 1 and 1000');
  const offset = params.has('$skiptoken') ? Number(params.get('$skiptoken')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('[COE0012]Invalid $skiptoken');
  let window: QueryPlan['window'] = null;
  const asOf = params.get('asOfDate');
  const from = params.get('fromDate');
  const to = params.get('toDate');
  if (asOf !== null && (from !== null || to !== null))
    throw badRequest('[COE0020]asOfDate cannot be combined with fromDate or toDate');
  if (fact.effectiveDated) {
    if (asOf !== null) window = { from: dayMs(asOf, 'asOfDate'), to: dayMs(asOf, 'asOfDate') };
    else if (from !== null || to !== null)
      window = { from: dayMs(from ?? '1900-01-01', 'fromDate'), to: dayMs(to ?? '9999-12-31', 'toDate') };
    else window = { from: dayMs(o.today, 'today'), to: dayMs(o.today, 'today') };
  }
  return { filter, select, expand, top, pageSize: Math.min(requested, o.maxPageSize), offset, window };
};

const dateMs = (v: unknown): number | null => {
  if (typeof v !== 'string') return null;
  const m = /^\/Date\((-?\d+)/.exec(v);
  return m ? Number(m[1]) : null;
};

/** Rows effective in the window (startDate <= to and endDate >= from). */
export const inWindow = (row: Row, window: QueryPlan['window']): boolean => {
  if (window === null) return true;
  // Picklist values are dated by their picklist's start and their own MDF end date.
  const start = dateMs(row.startDate ?? row.PickListV2_effectiveStartDate) ?? Number.MIN_SAFE_INTEGER;
  const end = dateMs(row.endDate ?? row.mdfSystemEffectiveEndDate) ?? Number.MAX_SAFE_INTEGER;
  return start <= window.to && end >= window.from;
};

export const selectRows = (rows: readonly Row[], plan: QueryPlan): Row[] =>
  rows.filter((r) => inWindow(r, plan.window) && (plan.filter === null || matches(plan.filter, r)));

/** Keeps the selected properties (all stored ones without $select), plus `__metadata`. */
export const project = (
  row: Row,
  plan: QueryPlan,
  meta: { uri: string; type: string },
  expanded: Record<string, Row | null>,
): Row => {
  const out: Row = { __metadata: meta };
  const wanted = plan.select;
  for (const [k, v] of Object.entries(row)) {
    if (wanted === null || wanted.includes(k)) out[k] = v;
  }
  for (const [nav, target] of Object.entries(expanded)) {
    if (target === null) {
      out[nav] = null;
      continue;
    }
    const sub: Row = {};
    const fields = wanted?.filter((s) => s.startsWith(`${nav}/`)).map((s) => s.slice(nav.length + 1)) ?? [];
    for (const [k, v] of Object.entries(target)) if (fields.length === 0 || fields.includes(k)) sub[k] = v;
    out[nav] = sub;
  }
  return out;
};
