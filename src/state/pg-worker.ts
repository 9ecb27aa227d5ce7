/**
 * The worker thread that owns the PostgreSQL connection (node-postgres). It answers one query at a time: the reply
 * goes on the port, then the shared flag wakes the caller waiting in `pg-db.ts`. Kept as source text so that the
 * same file serves the built package and the tests (a worker cannot load TypeScript).
 */
export const PG_WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
// COUNT(*) and other int8 results: numbers, as SQLite gives them (the store's counts stay far below 2^53).
pg.types.setTypeParser(20, (v) => Number(v));
const { port, flag, connection } = workerData;
const client = new pg.Client(connection);
let broken = null;
client.on('error', (e) => { broken = e; });
const ready = client.connect();
const reply = (message) => {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
const bytes = (v) =>
  v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
port.on('message', async (m) => {
  if (m.op === 'end') {
    try { await ready; await client.end(); } catch { /* closing anyway */ }
    reply({ ok: true, rows: [], changes: 0 });
    port.close();
    return;
  }
  try {
    await ready;
    if (broken) throw broken;
    const r = await client.query(m.values ? { text: m.text, values: m.values.map(bytes) } : m.text);
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    reply({ ok: true, rows: (last && last.rows) || [], changes: (last && last.rowCount) || 0 });
  } catch (e) {
    const message = e && e.message ? String(e.message) : String(e);
    reply({ ok: false, message, code: e && e.code ? String(e.code) : null });
  }
});
`;
