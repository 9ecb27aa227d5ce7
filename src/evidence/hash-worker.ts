import { Worker } from 'node:worker_threads';

// Plain JavaScript (an eval worker): the hash of a large file runs on another core while this one parses it.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const hash = createHash('sha256');
createReadStream(workerData, { highWaterMark: 1 << 20 })
  .on('data', (c) => hash.update(c))
  .on('error', (e) => parentPort.postMessage({ error: String(e && e.message) }))
  .on('end', () => parentPort.postMessage({ hex: hash.digest('hex') }));
`;

/** The SHA-256 of a file's stored bytes, computed in a worker thread. */
export const hashFileInWorker = (path: string): Promise<string> =>
  new Promise((resolvePromise, reject) => {
    const worker = new Worker(SOURCE, { eval: true, workerData: path });
    worker.once('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'hex' in m && typeof m.hex === 'string') resolvePromise(m.hex);
      else
        reject(new Error(typeof m === 'object' && m !== null && 'error' in m ? String(m.error) : 'hash worker failed'));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
