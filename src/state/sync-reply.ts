import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * Waits, blocking this thread, until the worker has set `flag` to 1, then takes its reply from `port`. The worker
 * posts its reply, sets the flag, then notifies; a notify can arrive late, after this thread has taken the reply and
 * started the next call, and wake that call's wait with the flag still 0 and no reply posted yet. So a wake-up alone
 * proves nothing: the flag is checked in a loop (the race esbuild met in its synchronous API, evanw/esbuild#590).
 * Returns `undefined` when `timeoutMs` passed first.
 */
export const awaitReply = (
  flag: Int32Array,
  port: MessagePort,
  timeoutMs: number,
): { message: unknown } | undefined => {
  const deadline = performance.now() + timeoutMs;
  while (Atomics.load(flag, 0) === 0) {
    const left = deadline - performance.now();
    if (left <= 0) return undefined;
    Atomics.wait(flag, 0, 0, left);
  }
  const got = receiveMessageOnPort(port);
  return got === undefined ? undefined : { message: got.message };
};
