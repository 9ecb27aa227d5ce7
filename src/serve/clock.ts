/** The service's clock: the time, and a timer at a moment. Injected, so tests drive the schedule without waiting. */
export interface ServiceClock {
  now(): Date;
  /** Calls `fn` once, when the clock reaches `at` (at once when it already has). */
  at(at: Date, fn: () => void): { cancel(): void };
}

/** Node's timers cap a delay at about 24.8 days: a later moment is reached in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const systemClock: ServiceClock = {
  now: () => new Date(),
  at(at, fn) {
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      const wait = at.getTime() - Date.now();
      if (wait <= 0) {
        timer = undefined;
        fn();
        return;
      }
      timer = setTimeout(arm, Math.min(wait, MAX_DELAY_MS));
      timer.unref();
    };
    arm();
    return { cancel: () => clearTimeout(timer) };
  },
};
