/**
 * One worker's Edit_Worker_Additional_Data note writes one at a time across a session's batches. That write replaces
 * the worker's whole set of exception instances with the ones it carries, read just before (apply.ts). The engine
 * sends several batches of a connector at once and a worker's notes can fall in two of them: two read-then-replace
 * writes at once would each carry what the worker held before either, and the later one would delete the other's
 * note. A batch takes its workers before its read and gives them back after its writes; a batch that shares a worker
 * with one before it reads once that one is done. Batches with no worker in common do not wait for each other.
 */

interface WorkerTurn {
  /** Settles once every batch that took one of these workers before is done. */
  ready: Promise<void>;
  /** Gives the workers back (after the batch's writes, whatever their outcome). */
  release(): void;
}

export interface WorkerQueue {
  take(employeeIds: readonly string[]): WorkerTurn;
}

export const createWorkerQueue = (): WorkerQueue => {
  const tails = new Map<string, Promise<void>>();
  return {
    take(employeeIds) {
      const ids = [...new Set(employeeIds)];
      const before = ids.flatMap((id) => tails.get(id) ?? []);
      let done = () => {};
      const mine = new Promise<void>((resolve) => (done = resolve));
      for (const id of ids) tails.set(id, mine);
      return {
        ready: Promise.all(before).then(() => undefined),
        release: () => {
          done();
          for (const id of ids) if (tails.get(id) === mine) tails.delete(id);
        },
      };
    },
  };
};
