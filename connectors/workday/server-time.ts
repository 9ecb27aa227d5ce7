/**
 * Workday's own clock, from the `Date` header of its SOAP answers (RFC 9110 §6.6.1): the delta read's Updated_Through
 * must not pass Workday's current moment, and a read's watermark and As_Of_Entry_DateTime are Workday's time, never
 * the local clock (which may be skewed or fixed by a test). Whole seconds, so the estimate is at most the real time:
 * a change entered in the second before a read may be left to the next read (which asks from this one's time on).
 */
export interface ServerTime {
  /** Takes the `Date` header of an answer (node-soap's `response` event hands over the HTTP response). */
  seen(response: unknown): void;
  /** Workday's time now (at most the real time); null before any answer. */
  now(): string | null;
}

const dateHeader = (response: unknown): number => {
  const headers: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'headers') : null;
  const date: unknown = typeof headers === 'object' && headers !== null ? Reflect.get(headers, 'date') : undefined;
  return typeof date === 'string' ? Date.parse(date) : Number.NaN;
};

/**
 * Each answer says Workday's time was at least its `Date` when it arrived; the largest of these bounds (as an offset
 * from the local monotonic clock) is the closest, and never runs backwards within a session.
 */
export const createServerTime = (): ServerTime => {
  let offset: number | null = null;
  return {
    seen(response) {
      const at = dateHeader(response);
      if (Number.isNaN(at)) return;
      const o = at - performance.now();
      if (offset === null || o > offset) offset = o;
    },
    now: () => (offset === null ? null : new Date(Math.floor(performance.now() + offset)).toISOString()),
  };
};
