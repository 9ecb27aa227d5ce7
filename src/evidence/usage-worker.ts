import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { rangeJob, summariseRange } from './usage-range.js';

/**
 * The entry of a usage worker thread (started by usage-parallel.ts): summarises its byte range and posts the
 * result back, its buffers transferred rather than copied.
 */
export const runUsageWorker = async (): Promise<void> => {
  const port = parentPort;
  if (port === null) throw new Error('runUsageWorker runs in a worker thread');
  const data: unknown = workerData;
  const { job } = z.object({ job: rangeJob }).parse(data);
  const r = await summariseRange(job);
  const buffers = new Set<ArrayBuffer>();
  for (const a of [r.arena, r.starts, r.hashes, r.blobOf, r.offsets, r.blobs]) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  port.postMessage({ result: r }, [...buffers]);
};
