import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { awaitReply } from '../../../src/state/sync-reply.js';

/**
 * A worker that first wakes the waiting thread with the flag still 0 (as a late notify from the call before does),
 * waits `gapMs`, and only then posts its reply, sets the flag and notifies, as the PostgreSQL worker does.
 */
const SOURCE = `
const { workerData } = require('node:worker_threads');
const { flag, port, gapMs, reply } = workerData;
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
pause(100);
Atomics.notify(flag, 0);
if (gapMs >= 0) {
  pause(gapMs);
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
`;

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

const start = (gapMs: number) => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const reply = { ok: true, rows: [{ n: 1 }], changes: 0 };
  workers.push(
    new Worker(SOURCE, { eval: true, workerData: { flag, port: port2, gapMs, reply }, transferList: [port2] }),
  );
  return { flag, port: port1, reply };
};

describe('awaitReply: a synchronous wait for a worker thread', () => {
  it('a single Atomics.wait is woken by a notify that set no flag, and finds no reply (the race it guards)', () => {
    const { flag, port } = start(2000);
    expect(Atomics.wait(flag, 0, 0, 60_000)).toBe('ok');
    expect(Atomics.load(flag, 0)).toBe(0);
    expect(receiveMessageOnPort(port)).toBeUndefined();
  });

  it('waits through such a wake-up until the flag is set, and returns the reply', () => {
    const { flag, port, reply } = start(300);
    expect(awaitReply(flag, port, 60_000)).toEqual({ message: reply });
  });

  it('returns undefined when no reply comes before the timeout, woken or not', () => {
    const { flag, port } = start(-1);
    expect(awaitReply(flag, port, 500)).toBeUndefined();
  });
});
