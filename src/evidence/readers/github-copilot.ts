import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { rowError } from './csv.js';
import { DayResolver, NO_DAY, usageDayProblem } from '../dates.js';
import { excerpt, parserMessage } from '../../state/safe-text.js';
import { MAX_EVENTS } from '../limits.js';
import { ndjsonScan } from './ndjson.js';
import { scanGithubSeats } from './github-seats.js';
import type { ReaderOptions, UsageItem } from './reader-options.js';
import { headOf, usageInputs, type UsageInput } from './usage-inputs.js';
import { newUsageLine } from './usage-line.js';
import { collect, type UsageSink } from './usage-sink.js';

/**
 * GitHub Copilot evidence in two forms, told apart by content: seat snapshots (`{"total_seats", "seats": [...]}`,
 * src/evidence/github-seats.ts) and the usage metrics read here.
 * GitHub Copilot usage metrics, user level (the NDJSON reports `users-1-day` / `users-28-day` the REST API links
 * to, one record per user per day): https://docs.github.com/en/copilot/reference/copilot-usage-metrics
 * The user is a GitHub login, matched through `evidence.identities`. Events = user-initiated interactions (chat,
 * agent, CLI prompts) + accepted code suggestions; a record with neither but a `used_*` flag counts one event.
 */
const count = z.number().int().min(0).max(MAX_EVENTS, `not a sane count (at most ${MAX_EVENTS} a day)`);
const record = z.looseObject({
  day: z.string(),
  user_login: z.string().min(1),
  user_initiated_interaction_count: count.optional(),
  code_acceptance_activity_count: count.optional(),
  used_agent: z.boolean().optional(),
  used_chat: z.boolean().optional(),
  used_cli: z.boolean().optional(),
});

const scanMetrics = (input: UsageInput, opts: ReaderOptions, sink: UsageSink): AsyncGenerator<number> => {
  const { path, file } = input;
  const days = new DayResolver(opts.zone ?? 'UTC');
  const out = newUsageLine();
  out.tool = 'github-copilot';
  return ndjsonScan(
    path,
    file,
    (buf, s, e, line) => {
      const bytes = buf.subarray(s, e);
      if (bytes.toString('latin1').trim() === '') return;
      if (!isUtf8(bytes)) return sink.error(rowError(file, line, 'not valid UTF-8 (save the file as UTF-8)'));
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch (err) {
        return sink.error(rowError(file, line, `not JSON: ${parserMessage(err)}`));
      }
      const r = record.safeParse(json);
      if (!r.success) {
        const issue = r.error.issues[0];
        return sink.error(rowError(file, line, `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`));
      }
      const day = days.dayOf(r.data.day);
      if (day === NO_DAY)
        return sink.error(rowError(file, line, `day ${excerpt(r.data.day)} is not a date (yyyy-mm-dd)`));
      const outside = usageDayProblem(day, `day ${r.data.day}`);
      if (outside !== null) return sink.error(rowError(file, line, outside));
      const counted = (r.data.user_initiated_interaction_count ?? 0) + (r.data.code_acceptance_activity_count ?? 0);
      const used = r.data.used_agent === true || r.data.used_chat === true || r.data.used_cli === true;
      out.subject = r.data.user_login;
      out.day = day;
      out.events = Math.min(counted > 0 ? counted : used ? 1 : 0, 2_147_483_647);
      out.minutes = 0;
      sink.use(out, line);
    },
    opts.onRawChunk,
  );
};

const SEATS_KEY = /"(total_seats|seats)"\s*:/;

/**
 * A seats snapshot: a JSON array (of pages), or an object whose first line is a seats page or, pretty-printed,
 * names `seats` / `total_seats` before any `user_login`. Metrics are one record per line with `user_login`.
 */
const isSeats = async (input: UsageInput): Promise<boolean> => {
  const head = (await headOf(input)).trimStart();
  if (head.startsWith('[')) return true;
  if (!head.startsWith('{')) return false;
  const seats = SEATS_KEY.exec(head);
  const metrics = /"user_login"\s*:/.exec(head);
  return seats !== null && (metrics === null || seats.index < metrics.index);
};

export const scanGithubCopilot = async function* (
  path: string,
  opts: ReaderOptions,
  sink: UsageSink,
): AsyncGenerator<number> {
  const inputs = await usageInputs(path, opts);
  const seats = [];
  for (const input of inputs)
    if (await isSeats(input)) seats.push(input);
    else yield* scanMetrics(input, opts, sink);
  if (seats.length > 0) yield* scanGithubSeats(seats, opts, sink);
};

/** Streams GitHub Copilot usage metrics or seat snapshots as usage records. */
export const readGithubCopilot = (path: string, opts: ReaderOptions = {}): AsyncGenerator<UsageItem> =>
  collect((sink) => scanGithubCopilot(path, opts, sink));
