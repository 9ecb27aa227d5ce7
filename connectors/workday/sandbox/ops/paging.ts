import { child, type XmlNode } from '../xml-read.js';
import { wd, wdText } from '../xml-write.js';
import { invalid } from './fault.js';

export interface PageRequest {
  page: number;
  count: number;
  asOf: string;
  entryMoment: string | null;
}

/**
 * Reads Response_Filter like Workday: Page >= 1, Count 1..999 (default 100), As_Of_Entry_DateTime required with Page,
 * and without As_Of_Effective_Date the data as of the tenant's today (the synthetic organisation's as-of date).
 */
export const readFilter = (
  filter: XmlNode | undefined,
  rootPath: string,
  today: string,
  pageCap: number,
): PageRequest => {
  const pageNode = child(filter, 'Page');
  const countNode = child(filter, 'Count');
  const page = pageNode ? Number(pageNode.text) : 1;
  const count = countNode ? Number(countNode.text) : 100;
  const path = `${rootPath}/wd:Response_Filter`;
  if (page === 0) throw invalid('Page Number cannot be zero', `${path}/wd:Page`);
  if (count < 1 || count > 999) throw invalid('Count must be between 1 and 999', `${path}/wd:Count`);
  const entry = child(filter, 'As_Of_Entry_DateTime')?.text.trim() ?? null;
  if (pageNode && entry === null)
    throw invalid(
      'If you set the page parameter, you must also specify As_Of_Entry_DateTime so the result set stays the ' +
        'same between requests',
      `${path}/wd:As_Of_Entry_DateTime`,
    );
  const asOf = child(filter, 'As_Of_Effective_Date')?.text.trim().slice(0, 10) ?? today;
  return { page, count: Math.min(count, pageCap), asOf, entryMoment: entry };
};

/** One page; `repeatPrevious` (a fault on demand) starts each later page with the last entry of the one before. */
export const pageOf = <T>(
  items: readonly T[],
  req: PageRequest,
  repeatPrevious = false,
): { slice: T[]; xml: string } => {
  const totalPages = Math.ceil(items.length / req.count);
  const from = (req.page - 1) * req.count - (repeatPrevious && req.page > 1 ? 1 : 0);
  const slice = items.slice(from, req.page * req.count);
  return {
    slice,
    xml: wd(
      'Response_Results',
      null,
      wdText('Total_Results', items.length),
      wdText('Total_Pages', totalPages),
      wdText('Page_Results', slice.length),
      wdText('Page', req.page),
    ),
  };
};

export const filterEcho = (req: PageRequest): string =>
  wd(
    'Response_Filter',
    null,
    wdText('As_Of_Effective_Date', req.asOf),
    wdText('As_Of_Entry_DateTime', req.entryMoment),
    wdText('Page', req.page),
    wdText('Count', req.count),
  );
