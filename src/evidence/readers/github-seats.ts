import { z } from 'zod';
import { rowError } from './csv.js';
import { excerpt } from '../../state/safe-text.js';
import { DayResolver, NO_DAY, usageDayProblem } from '../dates.js';
import { firstIssue, pageFileEvents, recordPlace } from './json-page-files.js';
import type { ReaderOptions } from './reader-options.js';
import type { UsageInput } from './usage-inputs.js';
import { newUsageLine } from './usage-line.js';
import type { UsageSink } from './usage-sink.js';

/**
 * GitHub Copilot seat snapshots: pages of `GET /orgs/{org}/copilot/billing/seats` (or the enterprise's
 * `/enterprises/{enterprise}/copilot/billing/seats`), https://docs.github.com/rest/copilot/copilot-user-management
 * `{"total_seats": n, "seats": [seat, ...]}`, a seat with `assignee.login`, `created_at`, `last_activity_at`,
 * `last_activity_editor`, `last_authenticated_at`, `pending_cancellation_date` and `plan_type`.
 * A snapshot proves one thing per seat: its user used Copilot on the day of `last_activity_at` (in the cycle zone).
 * It cannot show how often or how much, nor any day before the last; a seat assigned (`created_at`) or signed in
 * to (`last_authenticated_at`) is not use. Snapshots taken on several days add up their days; a user listed twice
 * (one seat per organization of an enterprise) counts once per day.
 * Pages come one per file (a folder), one per line, or as a JSON array of pages.
 */
const seat = z.looseObject({
  assignee: z
    .looseObject({
      login: z.string().optional(),
      type: z.string().optional(),
      slug: z.string().optional(),
      name: z.string().nullable().optional(),
    })
    .nullable(),
  last_activity_at: z.string().nullable().optional(),
});

/** Why a seat names no user to match, or null. */
const noLogin = (assignee: z.infer<typeof seat>['assignee']): string | null => {
  if (assignee === null) return 'the seat has no assignee (a deleted account)';
  if (assignee.login !== undefined && assignee.login.trim() !== '') return null;
  const what = assignee.type ?? 'assignee';
  return `the seat is assigned to a ${what}${assignee.slug ? ` (${assignee.slug})` : ''}, not to a user login`;
};

export const scanGithubSeats = async function* (
  inputs: readonly UsageInput[],
  opts: ReaderOptions,
  sink: UsageSink,
): AsyncGenerator<number> {
  const days = new DayResolver(opts.zone ?? 'UTC');
  const out = newUsageLine();
  out.tool = 'github-copilot';
  const seen = new Set<string>();
  const logins = new Set<string>();
  let unnamed = 0;
  let rows = 0;
  let total = 0;
  let first: { file: string; line: number } | null = null;
  for await (const { file, ev } of pageFileEvents(inputs, 'seats', opts, sink)) {
    if (ev === null) {
      yield rows;
      continue;
    }
    if (ev.kind === 'page') {
      first ??= { file, line: ev.line };
      const t = ev.fields.get('total_seats');
      if (typeof t === 'number' && Number.isInteger(t)) total = Math.max(total, t);
      if (!ev.hasArray) sink.error(rowError(file, ev.line, 'a page without a "seats" array (not a seats snapshot)'));
      continue;
    }
    rows++;
    const place = recordPlace('seats', ev.page, ev.index);
    const s = seat.safeParse(ev.value);
    if (!s.success) {
      sink.error(rowError(file, ev.line, `${place}: ${firstIssue(s.error, 'seat')}`));
      unnamed++;
      continue;
    }
    const why = noLogin(s.data.assignee);
    const login = s.data.assignee?.login?.trim() ?? '';
    if (why !== null) {
      sink.error(rowError(file, ev.line, `${place}: ${why}`));
      unnamed++;
      continue;
    }
    logins.add(login.toLowerCase());
    const at = s.data.last_activity_at?.trim() ?? '';
    if (at === '') continue;
    const day = days.dayOf(at);
    const problem =
      day === NO_DAY
        ? `last_activity_at ${excerpt(at)} is not a timestamp`
        : usageDayProblem(day, `last_activity_at ${at}`);
    if (problem !== null) {
      sink.error(rowError(file, ev.line, `${place}: ${problem}`));
      continue;
    }
    const key = `${login.toLowerCase()}\u0000${day}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.subject = login;
    out.day = day;
    out.events = 1;
    out.minutes = 0;
    sink.use(out, rows);
    if (rows % 4096 === 0) yield rows;
  }
  // An organization's total counts each seat once: fewer users than that means pages are missing.
  const listed = logins.size + unnamed;
  if (first !== null && listed < total)
    sink.error(
      rowError(
        first.file,
        first.line,
        `the snapshot lists ${listed} of its ${total} seats (total_seats): pages are missing ` +
          '(follow the Link header\'s rel="next" until there is none, and export every page)',
      ),
    );
  yield rows;
};
