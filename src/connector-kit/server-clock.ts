/**
 * The HRIS's own clock, from the `Date` header of its answers (RFC 9110 §6.6.1), for delta watermarks: a read's
 * watermark is the server time it began at, never the local clock (which may be skewed or fixed by a test).
 */
import type { AxiosInstance } from 'axios';

export interface ServerClock {
  /** Marks the start of a read: the next answer's `Date` dates it. */
  begin(): void;
  /**
   * The server time the read began at, or null when no answer since `begin` carried a `Date`: the first answer's
   * `Date` (whole seconds, so at most the real time) less the time elapsed since `begin`, so it is not later than the
   * moment the server started on the first request. Changes in the same second are read again next time: harmless.
   */
  watermark(): string | null;
}

export const serverClock = (axios: AxiosInstance): ServerClock => {
  let startedAt = 0;
  let mark: string | null = null;
  let waiting = false;
  axios.interceptors.response.use((res) => {
    if (!waiting) return res;
    const header: unknown = res.headers.date;
    const at = typeof header === 'string' ? Date.parse(header) : Number.NaN;
    if (Number.isNaN(at)) return res;
    waiting = false;
    mark = new Date(at - Math.ceil(performance.now() - startedAt)).toISOString();
    return res;
  });
  return {
    begin() {
      startedAt = performance.now();
      mark = null;
      waiting = true;
    },
    watermark: () => mark,
  };
};
