/**
 * Workday's own clock, from the `Date` header of its SOAP answers (RFC 9110 §6.6.1): the delta read's Updated_Through
 * must not pass Workday's current moment, and a read's watermark and As_Of_Entry_DateTime are Workday's time, never
 * the local clock (which may be skewed or fixed by a test). Whole seconds, so the estimate is at most the real time.
 */
export interface ServerTime {
  /** Takes the `Date` header of an answer (node-soap's `response` event hands over the HTTP response). */
  seen(response: unknown): void;
  /** Workday's time now: the latest answer's `Date` plus the time elapsed since it came; null before any answer. */
  now(): string | null;
}

const dateHeader = (response: unknown): number => {
  const headers: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'headers') : null;
  const date: unknown = typeof headers === 'object' && headers !== null ? Reflect.get(headers, 'date') : undefined;
  return typeof date === 'string' ? Date.parse(date) : Number.NaN;
};

export const createServerTime = (): ServerTime => {
  let last: { at: number; receivedAt: number } | null = null;
  return {
    seen(response) {
      const at = dateHeader(response);
      if (!Number.isNaN(at)) last = { at, receivedAt: performance.now() };
    },
    now: () =>
      last === null ? null : new Date(last.at + Math.floor(performance.now() - last.receivedAt)).toISOString(),
  };
};
