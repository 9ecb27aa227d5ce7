import { AsyncLocalStorage } from 'node:async_hooks';

/** What a limiter has seen so far (for `npm run bench` and tests). */
export interface LimiterStats {
  /** Requests allowed in flight now. */
  concurrency: number;
  /** The lowest it went. */
  lowest: number;
  throttles: number;
  /** Throttles of a request whose previous attempt was throttled too (the aim is none). */
  repeated: number;
  /** Times the concurrency halved, and grew by one. */
  decreases: number;
  increases: number;
}

/** Told of every throttle, with the state after it. */
export type ThrottleListener = (info: {
  retryAfterMs: number | undefined;
  repeated: boolean;
  concurrency: number;
}) => void;

export interface LimiterOptions {
  /** The most requests in flight (the connector's `concurrency`); the limiter starts there. */
  max: number;
  /** Monotonic milliseconds (injected in tests). */
  clock?: () => number;
  /** The wait (injected in tests); a pause is slept once, even if this clock does not move. */
  sleep?: (ms: number) => Promise<void>;
  /** The pause after a throttle without Retry-After. */
  defaultPauseMs?: number;
  /** The longest pause a Retry-After imposes on the other callers. */
  maxPauseMs?: number;
  /** Milliseconds left before the run's deadline: no pause outlasts it (the run guard refuses what comes after). */
  remainingMs?: () => number | undefined;
  onThrottle?: ThrottleListener;
}

/** One request's place in the limiter; ended exactly once by one of the three outcomes. */
export interface LimiterSlot {
  /** Runs the attempt; requests made inside it (a token fetch) share this slot instead of waiting for another. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  succeeded(): void;
  /** Throttled (429, or 503 with Retry-After): every caller waits, the concurrency halves. */
  throttled(retryAfterMs: number | undefined): void;
  /** Any other failure: no signal about the rate. */
  failed(): void;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * AIMD concurrency shared by every request of a run to one connector (reads and writes, REST and SOAP). A throttle
 * pauses every caller until its Retry-After has passed and halves the concurrency, once per congestion event (a
 * throttle of a request sent before the last halving does not halve again); each window of `concurrency` successes
 * adds one, up to `max`. A request resent after a throttle goes first once the pause ends, so it is not throttled
 * again by callers who did not wait.
 */
export class AdaptiveLimiter {
  private concurrency: number;
  private inFlight = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  /** The pause already slept (a fixed test clock never reaches `pausedUntil`). */
  private sleptUntil = Number.NEGATIVE_INFINITY;
  private sleeping = false;
  private epoch = 0;
  private wins = 0;
  private readonly queue: { retry: boolean; grant: (slot: LimiterSlot) => void }[] = [];
  private readonly held = new AsyncLocalStorage<AdaptiveLimiter>();
  private readonly counts: LimiterStats;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: LimiterOptions) {
    this.concurrency = Math.max(1, Math.floor(o.max));
    this.clock = o.clock ?? (() => performance.now());
    this.sleep = o.sleep ?? realSleep;
    const c = this.concurrency;
    this.counts = { concurrency: c, lowest: c, throttles: 0, repeated: 0, decreases: 0, increases: 0 };
  }

  stats(): LimiterStats {
    return { ...this.counts, concurrency: this.concurrency };
  }

  /**
   * Waits for a slot: after any pause, within the concurrency, resent requests (`retry`: the last attempt was
   * throttled) ahead of new ones. Inside a slot of this limiter, returns at once with a slot that holds no place.
   */
  acquire(retry: boolean): Promise<LimiterSlot> {
    if (this.held.getStore() === this) return Promise.resolve(this.slot(retry, false));
    return new Promise((grant) => {
      if (retry) this.queue.unshift({ retry, grant });
      else this.queue.push({ retry, grant });
      this.pump();
    });
  }

  private paused(): boolean {
    return this.pausedUntil > this.sleptUntil && this.clock() < this.pausedUntil;
  }

  private pump(): void {
    if (this.paused()) {
      if (this.sleeping) return;
      this.sleeping = true;
      const until = this.pausedUntil;
      void this.sleep(until - this.clock()).then(() => {
        this.sleeping = false;
        this.sleptUntil = Math.max(this.sleptUntil, until);
        this.pump();
      });
      return;
    }
    while (this.inFlight < this.concurrency) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.inFlight++;
      next.grant(this.slot(next.retry, true));
    }
  }

  private slot(retry: boolean, holds: boolean): LimiterSlot {
    const epoch = this.epoch;
    let ended = false;
    const end = (): boolean => {
      if (ended) return false;
      ended = true;
      if (holds) this.inFlight--;
      return true;
    };
    return {
      run: (fn) => (holds ? this.held.run(this, fn) : fn()),
      succeeded: () => {
        if (!end()) return;
        if (epoch === this.epoch && this.concurrency < this.o.max && ++this.wins >= this.concurrency) {
          this.concurrency++;
          this.counts.increases++;
          this.wins = 0;
        }
        this.pump();
      },
      throttled: (retryAfterMs) => {
        if (!end()) return;
        const asked = retryAfterMs ?? this.o.defaultPauseMs ?? 1000;
        this.pause(Math.min(asked, this.o.maxPauseMs ?? Number.POSITIVE_INFINITY));
        this.counts.throttles++;
        if (retry) this.counts.repeated++;
        if (epoch === this.epoch) {
          this.concurrency = Math.max(1, Math.floor(this.concurrency / 2));
          this.counts.lowest = Math.min(this.counts.lowest, this.concurrency);
          this.counts.decreases++;
          this.epoch++;
          this.wins = 0;
        }
        this.o.onThrottle?.({ retryAfterMs, repeated: retry, concurrency: this.concurrency });
        this.pump();
      },
      failed: () => {
        if (end()) this.pump();
      },
    };
  }

  /** No caller is given a slot for `ms` from now (or longer, if a pause already runs past it). */
  pause(ms: number): void {
    const wait = Math.min(Math.max(0, ms), this.o.remainingMs?.() ?? Number.POSITIVE_INFINITY);
    this.pausedUntil = Math.max(this.pausedUntil, this.clock() + wait);
    this.pump();
  }
}
