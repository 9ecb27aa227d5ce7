import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import {
  epochDayOfBytes,
  NO_DAY,
  USAGE_FIRST_DAY,
  USAGE_LAST_DAY,
  usageDayProblem,
  type DayResolver,
} from '../dates.js';
import { excerpt, parserMessage } from '../../state/safe-text.js';
import { MAX_EVENTS, MAX_MINUTES } from '../limits.js';
import { FNV_OFFSET, fnvStep } from './subject-hash.js';

/**
 * One parsed line of `usage.ndjson`, written into a reused object (tens of millions of lines, no garbage).
 * The subject is either a byte range of the line with its hash (`buf` set: ASCII, read in place) or a string.
 */
export interface UsageLine {
  buf: Buffer | null;
  start: number;
  end: number;
  hash: number;
  subject: string;
  day: number;
  events: number;
  minutes: number;
  tool: string;
}

export const newUsageLine = (): UsageLine => ({
  buf: null,
  start: 0,
  end: 0,
  hash: 0,
  subject: '',
  day: -1,
  events: 0,
  minutes: 0,
  tool: '',
});

export const subjectOf = (l: UsageLine): string =>
  l.buf === null ? l.subject : l.buf.toString('latin1', l.start, l.end);

/** `parse` returns null when the line was read into `out`, BLANK for an empty line, or the problem. */
export const BLANK = '';

const SLOW = -1;
const OK = 0;

const lineSchema = z.looseObject({
  employee: z.union([z.string(), z.number()]).optional(),
  date: z.string().optional(),
  at: z.string().optional(),
  events: z.number().optional(),
  minutesSaved: z.number().nullable().optional(),
  tool: z.unknown().optional(),
});

const K_OTHER = 0,
  K_EMPLOYEE = 1,
  K_DATE = 2,
  K_AT = 3,
  K_EVENTS = 4,
  K_MINUTES = 5,
  K_TOOL = 6;
const EMPLOYEE = Buffer.from('employee');
const EVENTS = Buffer.from('events');
const MINUTES = Buffer.from('minutesSaved');
const rest = (b: Buffer, s: number, name: Buffer): boolean => {
  for (let j = 1; j < name.length; j++) if (b[s + j] !== name[j]) return false;
  return true;
};
/** Which known key `b[s, s + n)` is, by length and first byte, then the rest compared. */
const keyOf = (b: Buffer, s: number, n: number): number => {
  const c = b[s];
  switch (n) {
    case 8:
      return c === 101 && rest(b, s, EMPLOYEE) ? K_EMPLOYEE : K_OTHER;
    case 4:
      if (c === 100) return b[s + 1] === 97 && b[s + 2] === 116 && b[s + 3] === 101 ? K_DATE : K_OTHER;
      return c === 116 && b[s + 1] === 111 && b[s + 2] === 111 && b[s + 3] === 108 ? K_TOOL : K_OTHER;
    case 2:
      return c === 97 && b[s + 1] === 116 ? K_AT : K_OTHER;
    case 6:
      return c === 101 && rest(b, s, EVENTS) ? K_EVENTS : K_OTHER;
    case 12:
      return c === 109 && rest(b, s, MINUTES) ? K_MINUTES : K_OTHER;
    default:
      return K_OTHER;
  }
};

const ws = (b: Buffer, i: number, e: number): number => {
  let j = i;
  while (j < e) {
    const c = b[j];
    if (c !== 32 && c !== 9 && c !== 13) break;
    j++;
  }
  return j;
};

/**
 * Reads the generic usage line `{"employee", "date" | "at", "events"?, "minutesSaved"?, ...}`. A flat object of
 * ASCII strings and plain numbers (what exporters write) is read straight from the bytes; anything else (escapes,
 * non-ASCII, nesting, a subject with spaces around it) goes through JSON.parse and zod with the same rules.
 */
export class UsageLineParser {
  private day = -2;
  private dateText: string | null = null;
  private at: string | null = null;
  private events = 1;
  private minutes = 0;

  /** `withTool` keeps the `tool` field (the import does not need it and skips the string). */
  constructor(
    private readonly days: DayResolver,
    private readonly withTool = false,
  ) {}

  parse(b: Buffer, s: number, e: number, out: UsageLine): string | null {
    const i = ws(b, s, e);
    if (i === e) return BLANK;
    return this.fast(b, i, e, out) === OK ? this.finish(out) : this.slow(b, s, e, out);
  }

  private fast(b: Buffer, from: number, e: number, out: UsageLine): number {
    if (b[from] !== 123) return SLOW;
    let i = from + 1;
    out.buf = null;
    out.tool = '';
    this.day = -2;
    this.dateText = null;
    this.at = null;
    this.events = 1;
    this.minutes = 0;
    for (;;) {
      i = ws(b, i, e);
      if (b[i] === 125) {
        i++;
        break;
      }
      if (b[i] !== 34) return SLOW;
      const ks = i + 1;
      let k = ks;
      while (k < e && b[k] !== 34) {
        if (b[k] === 92) return SLOW;
        k++;
      }
      if (k >= e) return SLOW;
      const key = keyOf(b, ks, k - ks);
      i = ws(b, k + 1, e);
      if (b[i] !== 58) return SLOW;
      i = ws(b, i + 1, e);
      const c = b[i] ?? 0;
      if (c === 34) {
        const vs = i + 1;
        if (key === K_DATE && b[vs + 10] === 34 && b[vs + 4] === 45) {
          this.day = epochDayOfBytes(b, vs);
          if (this.day >= USAGE_FIRST_DAY && this.day <= USAGE_LAST_DAY) {
            i = vs + 11;
            if (b[i] === 44) {
              i++;
              continue;
            }
            i = ws(b, i, e);
            if (b[i] === 44) {
              i++;
              continue;
            }
            if (b[i] === 125) {
              i++;
              break;
            }
            return SLOW;
          }
          this.day = -2;
        }
        let v = vs;
        let h = FNV_OFFSET;
        while (v < e) {
          const x = b[v] ?? 0;
          if (x === 34) break;
          if (x === 92 || x >= 0x80) return SLOW;
          h = fnvStep(h, x);
          v++;
        }
        if (v >= e) return SLOW;
        if (key === K_EMPLOYEE) {
          if (v === vs || b[vs] === 32 || b[v - 1] === 32) return SLOW;
          out.buf = b;
          out.start = vs;
          out.end = v;
          out.hash = h;
        } else if (key === K_DATE) {
          this.day = v - vs === 10 ? epochDayOfBytes(b, vs) : NO_DAY;
          if (this.day < USAGE_FIRST_DAY || this.day > USAGE_LAST_DAY) {
            this.day = -2;
            this.dateText = b.toString('latin1', vs, v);
          }
        } else if (key === K_AT) this.at = b.toString('latin1', vs, v);
        else if (key === K_TOOL) {
          if (this.withTool) out.tool = b.toString('latin1', vs, v);
        } else if (key !== K_OTHER) return SLOW;
        i = v + 1;
      } else if ((c >= 48 && c <= 57) || c === 45) {
        let v = c === 45 ? i + 1 : i;
        let n = 0;
        let simple = true;
        while (v < e) {
          const x = b[v] ?? 0;
          if (x >= 48 && x <= 57) {
            n = n * 10 + (x - 48);
            v++;
          } else if (x === 46 || x === 101 || x === 69 || x === 43 || x === 45) {
            simple = false;
            v++;
          } else break;
        }
        if (key === K_EMPLOYEE || key === K_DATE || key === K_AT) return SLOW;
        const num = simple && v - i <= 15 ? (c === 45 ? -n : n) : Number(b.toString('latin1', i, v));
        if (Number.isNaN(num)) return SLOW;
        if (key === K_EVENTS) this.events = num;
        else if (key === K_MINUTES) this.minutes = num;
        i = v;
      } else return SLOW;
      i = ws(b, i, e);
      if (b[i] === 44) {
        i++;
        continue;
      }
      if (b[i] === 125) {
        i++;
        break;
      }
      return SLOW;
    }
    if (out.buf === null) return SLOW;
    return ws(b, i, e) === e ? OK : SLOW;
  }

  private slow(b: Buffer, s: number, e: number, out: UsageLine): string | null {
    const bytes = b.subarray(s, e);
    if (!isUtf8(bytes)) return 'not valid UTF-8 (save the file as UTF-8)';
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      return `not JSON: ${parserMessage(err)}`;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'a line must be a JSON object';
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const path = parsed.error.issues[0]?.path.join('.') ?? '';
      return path === 'minutesSaved' || path === 'events' ? `${path} must be a number` : `${path} has the wrong type`;
    }
    const v = parsed.data;
    out.buf = null;
    out.subject = v.employee === undefined ? '' : String(v.employee).trim();
    if (out.subject === '') return 'employee is missing';
    out.tool = this.withTool && typeof v.tool === 'string' ? v.tool : '';
    this.day = -2;
    this.dateText = v.date ?? null;
    this.at = v.at ?? null;
    this.events = v.events ?? 1;
    this.minutes = v.minutesSaved ?? 0;
    return this.finish(out);
  }

  private finish(out: UsageLine): string | null {
    const { events, minutes } = this;
    if (!Number.isInteger(events)) return `events ${events} is not a whole number`;
    if (events < 0) return `events ${events} is negative`;
    if (events > MAX_EVENTS) return `events ${events} is not a sane count (at most ${MAX_EVENTS} on one line)`;
    if (!(minutes >= 0) || !Number.isFinite(minutes)) return `minutesSaved ${minutes} is negative or not a number`;
    if (minutes > MAX_MINUTES)
      return `minutesSaved ${minutes} is more than a day holds (at most ${MAX_MINUTES} on one line)`;
    let d = this.day;
    if (d < 0) {
      if (this.dateText !== null) {
        d = this.days.dayOf(this.dateText);
        if (d === NO_DAY) return `date ${excerpt(this.dateText)} is not a date (yyyy-mm-dd)`;
        const outside = usageDayProblem(d, `date ${this.dateText}`);
        if (outside !== null) return outside;
      } else if (this.at !== null) {
        d = this.days.dayOf(this.at);
        if (d === NO_DAY) return `at ${excerpt(this.at)} is not a timestamp`;
        const outside = usageDayProblem(d, `at ${this.at}`);
        if (outside !== null) return outside;
      } else return 'date or at is required';
    }
    out.day = d;
    out.events = events;
    out.minutes = minutes;
    return null;
  }
}
