import { DeadlineError, HrisUnavailableError, type FluencyError } from '../errors.js';

/** What the guard enforces while armed (during `apply`). */
export interface RunLimits {
  /** The run's time budget; no request starts after it and none waits beyond it. Absent: no deadline. */
  deadlineMs?: number | undefined;
  /** Consecutive timeouts or connection failures on one connector that open its circuit. */
  breakerThreshold: number;
}

/**
 * A per-run deadline and a circuit breaker per connector, shared by every HTTP client of a run. Disarmed (plans,
 * checks) it never refuses. Armed, a connector whose HRIS failed `breakerThreshold` times in a row at the transport
 * level gets no more requests, and once the deadline passes no connector does: the refusal happens before anything
 * is sent, so the HRIS certainly did not act on a refused request.
 */
export class RunGuard {
  private limits: RunLimits | null = null;
  private deadlineAt = Number.POSITIVE_INFINITY;
  private readonly failures = new Map<string, number>();
  private readonly open = new Map<string, HrisUnavailableError>();

  /** `clock` is monotonic milliseconds (injected in tests). */
  constructor(private readonly clock: () => number = () => performance.now()) {}

  arm(limits: RunLimits): void {
    this.limits = limits;
    this.deadlineAt = limits.deadlineMs === undefined ? Number.POSITIVE_INFINITY : this.clock() + limits.deadlineMs;
    this.failures.clear();
    this.open.clear();
  }

  disarm(): void {
    this.limits = null;
    this.deadlineAt = Number.POSITIVE_INFINITY;
  }

  /** Milliseconds left before the deadline; undefined when there is none. */
  remainingMs(): number | undefined {
    if (this.limits === null || this.deadlineAt === Number.POSITIVE_INFINITY) return undefined;
    return Math.max(0, this.deadlineAt - this.clock());
  }

  /** Why no more requests may go to this connector, or null while they may. */
  stopReason(connector: string): FluencyError | null {
    if (this.limits === null) return null;
    const open = this.open.get(connector);
    if (open) return open;
    if (this.remainingMs() === 0)
      return new DeadlineError(
        `the run's deadline of ${Math.round((this.limits.deadlineMs ?? 0) / 1000)} s has passed`,
        {
          connector,
        },
      );
    return null;
  }

  /** Throws the stop reason before a request is sent. */
  assertMaySend(connector: string): void {
    const reason = this.stopReason(connector);
    if (reason) throw reason;
  }

  /** Counts one request's end: a transport failure (timeout, refused, reset) or any answer from the HRIS. */
  record(connector: string, transportFailed: boolean): void {
    if (this.limits === null) return;
    if (!transportFailed) {
      this.failures.set(connector, 0);
      return;
    }
    const n = (this.failures.get(connector) ?? 0) + 1;
    this.failures.set(connector, n);
    if (n >= this.limits.breakerThreshold && !this.open.has(connector))
      this.open.set(
        connector,
        new HrisUnavailableError(
          `${connector}: ${n} consecutive timeouts or connection failures; no more requests this run`,
          {
            connector,
          },
        ),
      );
  }
}
