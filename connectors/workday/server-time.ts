/**
 * Workday's own clock, from the `Date` header of its SOAP answers (RFC 9110 §6.6.1): the delta read's Updated_Through
 * must not pass Workday's current moment, and a read's watermark and As_Of_Entry_DateTime are Workday's time, never
 * the local clock (which may be skewed or fixed by a test).
 *
 * A `Date` has whole seconds, so each answer bounds Workday's time from both sides: it was at least the `Date` when
 * the answer arrived, and less than the `Date` plus a second when the request was sent (the answer was dated after
 * the request left). The lower bound alone can lag by a second: a read as of it would not see what was entered in
 * that second, e.g. the writes of an `apply` that ended just before, and a plan would report them as deleted by hand.
 * So a read is dated `settled()`: a moment no earlier than Workday's time when the read began, waited for (up to
 * about a second) until Workday's time has certainly passed it.
 */
export interface ServerTime {
  /** A request is about to be sent (node-soap's `request` event and its exchange id). */
  sending(exchange: string): void;
  /** Takes the `Date` header of an answer (node-soap's `response` event hands over the HTTP response). */
  seen(response: unknown, exchange?: string): void;
  /** Workday's time now (at most the real time); null before any answer. */
  now(): string | null;
  /**
   * A moment at or after Workday's time when called and at most Workday's time when it returns, waiting for it with
   * `wait` (milliseconds); null before any answer.
   */
  settled(wait: (ms: number) => Promise<void>): Promise<string | null>;
}

const dateHeader = (response: unknown): number => {
  const headers: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'headers') : null;
  const date: unknown = typeof headers === 'object' && headers !== null ? Reflect.get(headers, 'date') : undefined;
  return typeof date === 'string' ? Date.parse(date) : Number.NaN;
};

/**
 * The wait is a second plus the quickest round trip seen; on a starved machine or a slow network that can be several
 * seconds, and still right to wait. Longer than this, the bounds disagree (servers behind one name with different
 * clocks): no wait, the lower bound.
 */
const MAX_WAIT_MS = 30_000;
/** How fast two clocks may drift apart (200 ppm, above what unsynchronised quartz does): old bounds widen by it. */
const DRIFT = 2e-4;
/** Added to the upper bound: a server's `Date` may be a cached string up to a few milliseconds old. */
const MARGIN_MS = 50;

/** One bound: an offset from the local monotonic clock and when it was measured. */
interface Bound {
  offset: number;
  at: number;
}

/**
 * The bounds are offsets from the local monotonic clock (`clock`, milliseconds): the best lower and upper bound seen,
 * each widened by the drift since it was measured, so that a long session's old answers stay true bounds.
 */
export const createServerTime = (clock: () => number = () => performance.now()): ServerTime => {
  let low: Bound | null = null;
  let high: Bound | null = null;
  const sent = new Map<string, number>();
  const iso = (ms: number) => new Date(ms).toISOString();
  const lowAt = (b: Bound, c: number) => b.offset - (c - b.at) * DRIFT;
  const highAt = (b: Bound, c: number) => b.offset + (c - b.at) * DRIFT;
  /** Workday's time now, at least (whole milliseconds). */
  const lowerNow = (b: Bound) => {
    const c = clock();
    return Math.floor(c + lowAt(b, c));
  };
  return {
    sending(exchange) {
      sent.set(exchange, clock());
    },
    seen(response, exchange) {
      const at = dateHeader(response);
      const since = exchange === undefined ? undefined : sent.get(exchange);
      if (exchange !== undefined) sent.delete(exchange);
      if (Number.isNaN(at)) return;
      const c = clock();
      if (low === null || at - c > lowAt(low, c)) low = { offset: at - c, at: c };
      if (since === undefined) return;
      // Dated after the request left: Workday's time then was below the `Date` plus a second.
      const o = at + 1_000 - since;
      if (high === null || o < highAt(high, since)) high = { offset: o, at: since };
    },
    now: () => (low === null ? null : iso(lowerNow(low))),
    async settled(wait) {
      if (low === null) return null;
      const l = low;
      const lower = lowerNow(l);
      if (high === null) return iso(lower);
      const c = clock();
      const upper = Math.ceil(c + highAt(high, c) + MARGIN_MS);
      if (upper <= lower || upper - lower > MAX_WAIT_MS) return iso(lower);
      // Timers may fire a little early: wait until the lower bound has passed `upper`.
      for (let ahead = upper - lower; ahead > 0; ahead = upper - lowerNow(l)) await wait(ahead);
      return iso(upper);
    },
  };
};
