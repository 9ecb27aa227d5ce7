import { excerpt } from '../../state/safe-text.js';
import { NO_DAY, usageDayProblem, type DayResolver } from '../dates.js';
import type { UsageLine } from './usage-line.js';
import type { UsageSink } from './usage-sink.js';

/**
 * One user of the Microsoft 365 Copilot usage user-detail report, in either form (CSV columns or Graph JSON
 * properties): the report's refresh date and period, the last activity date overall and per app. Values are as
 * written; an empty one means no activity.
 */
export interface CopilotActivity {
  refresh: { label: string; value: string };
  /** Days the report covers (a whole number above 0), or null when it does not say. */
  period: number | null;
  overall: { label: string; value: string };
  apps: readonly { label: string; value: string }[];
}

/** Why a last-activity day cannot count: not a date, or outside the years usage is kept for; null when it can. */
const dayProblem = (day: number, cell: { label: string; value: string }): string | null =>
  day === NO_DAY
    ? `${cell.label} ${excerpt(cell.value)} is not a date`
    : usageDayProblem(day, `${cell.label} ${cell.value}`);

/**
 * The active days a report row proves: each last-activity date inside the report's period (refresh date minus
 * period plus one, to the refresh date) is one active day, its events the apps last used that day; the overall
 * date counts one when no app names it. A date that is not a date is the row's error.
 */
export const activeDays = (row: CopilotActivity, days: DayResolver): Map<number, number> | { error: string } => {
  const refresh = row.refresh.value === '' ? null : days.dayOf(row.refresh.value);
  if (refresh === NO_DAY) return { error: `${row.refresh.label} ${excerpt(row.refresh.value)} is not a date` };
  const from = refresh !== null && row.period !== null ? refresh - row.period + 1 : -Infinity;
  const to = refresh ?? Infinity;
  const perDay = new Map<number, number>();
  for (const app of row.apps) {
    if (app.value === '') continue;
    const d = days.dayOf(app.value);
    const problem = dayProblem(d, app);
    if (problem !== null) return { error: problem };
    if (d >= from && d <= to) perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  if (row.overall.value !== '') {
    const overall = days.dayOf(row.overall.value);
    const problem = dayProblem(overall, row.overall);
    if (problem !== null) return { error: problem };
    if (overall >= from && overall <= to && !perDay.has(overall)) perDay.set(overall, 1);
  }
  return perDay;
};

/** A report period as written: `7`, `"7"` or `"D7"`; null when absent or not a whole number of days. */
export const periodOf = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(/^D/i, '')) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** Days a report row proves, into the sink (one call per active day). */
export const emitDays = (sink: UsageSink, out: UsageLine, upn: string, perDay: Map<number, number>, row: number) => {
  for (const [d, events] of [...perDay].sort((a, b) => a[0] - b[0])) {
    out.subject = upn;
    out.day = d;
    out.events = events;
    out.minutes = 0;
    sink.use(out, row);
  }
};
