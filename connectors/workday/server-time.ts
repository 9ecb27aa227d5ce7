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

/**
 * The bounds are kept as offsets from the local monotonic clock (`clock`, milliseconds): the largest lower bound and
 * the smallest upper bound seen, so they never run backwards within a session.
 */
export const createServerTime = (clock: () => number = () => performance.now()): ServerTime => {
  let low: number | null = null;
  let high: number | null = null;
  const sent = new Map<string, number>();
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    sending(exchange) {
      sent.set(exchange, clock());
    },
    seen(response, exchange) {
      const at = dateHeader(response);
      const since = exchange === undefined ? undefined : sent.get(exchange);
      if (exchange !== undefined) sent.delete(exchange);
      if (Number.isNaN(at)) return;
      const o = at - clock();
      if (low === null || o > low) low = o;
      if (since !== undefined && (high === null || at + 1_000 - since < high)) high = at + 1_000 - since;
    },
    now: () => (low === null ? null : iso(Math.floor(clock() + low))),
    async settled(wait) {
      if (low === null) return null;
      const lower = Math.floor(clock() + low);
      if (high === null) return iso(lower);
      const upper = Math.ceil(clock() + high);
      if (upper <= lower || upper - lower > MAX_WAIT_MS) return iso(lower);
      // Timers may fire a little early: wait until the lower bound has passed `upper`.
      for (let ahead = upper - lower; ahead > 0; ahead = upper - Math.floor(clock() + low)) await wait(ahead);
      return iso(upper);
    },
  };
};
