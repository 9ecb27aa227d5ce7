import type { ServiceClock } from '../../src/serve/clock.js';

/** A service clock the test moves: `advanceTo` fires every timer due by then, in order, at its own moment. */
export const fakeClock = (start: string) => {
  let now = new Date(start).getTime();
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: ServiceClock & { advanceTo(iso: string): void; pending(): number } = {
    now: () => new Date(now),
    at(at, fn) {
      const id = ++seq;
      timers.set(id, { at: at.getTime(), fn });
      return { cancel: () => void timers.delete(id) };
    },
    advanceTo(iso) {
      const end = new Date(iso).getTime();
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
        if (due === undefined) break;
        const [id, t] = due;
        timers.delete(id);
        now = Math.max(now, t.at);
        t.fn();
      }
      now = Math.max(now, end);
    },
    pending: () => timers.size,
  };
  return clock;
};
