import { LockedError } from '../errors.js';
import type { StateStore } from '../state/state-store.js';
import type { HeldLock } from '../state/writer-lock.js';

/** How often a worker waiting for a lease asks again. */
const LEASE_POLL_MS = 500;

/**
 * Takes the run's writer lock (SQLite) or its connectors' leases (PostgreSQL). With `waitMs` (`apply --wait`), a
 * lease another live worker holds is asked for again every LEASE_POLL_MS until that time has passed (counted in
 * polls: the engine's clock may be fixed); a dead holder's is taken over at once. Without it, refused at once.
 */
export const takeLease = async (
  store: StateStore,
  runId: string,
  connectors: readonly string[],
  waitMs = 0,
): Promise<HeldLock> => {
  for (let polls = Math.ceil(waitMs / LEASE_POLL_MS); ; polls--) {
    try {
      return store.acquireWriterLock(runId, connectors);
    } catch (e) {
      if (!(e instanceof LockedError) || polls <= 0) throw e;
    }
    await new Promise((r) => setTimeout(r, LEASE_POLL_MS));
  }
};
