import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SyntheticOrg } from '../../schemas/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import type { OrgEvaluation } from '../../src/engine/evaluate-org.js';
import { memoryLogger } from '../../src/logger.js';
import { engineFor } from './engine.js';

/** What must not differ between a merged and a full read: the HRIS's fingerprint and every change planned. */
export const planOf = (ev: OrgEvaluation) => ({
  fingerprint: ev.plan.fingerprint,
  changes: ev.plan.changes,
  records: [...ev.records].sort((a, b) => a.employee.id.localeCompare(b.employee.id)),
});

/** A plan on the state store `o.state`; returns it with the log's read lines and the requests it took. */
export const planReading = async (
  sandbox: RunningSandbox,
  org: SyntheticOrg,
  o: { state: string; asOf?: string; connector?: Record<string, unknown> },
) => {
  const logger = memoryLogger();
  const engine = engineFor(sandbox, org, {
    state: o.state,
    logger,
    ...(o.connector ? { connector: o.connector } : {}),
  });
  sandbox.resetStats();
  try {
    const ev = await engine.plan(o.asOf ?? null);
    const reads = logger.lines.map((l) => l.msg).filter((m) => /read (by delta|everyone)/.test(m));
    const { requests, byRoute } = sandbox.stats();
    return { ev, reads, requests, byRoute };
  } finally {
    await engine.close();
  }
};

/**
 * A copy of the state store at `state` without its read cache (the same write history, so the same manual-change
 * judgements): where a full read plans the reference every merged read is compared with.
 */
export const copyWithoutReadCache = (state: string): string => {
  const copy = join(mkdtempSync(join(tmpdir(), 'ff-delta-fresh-')), 'state.db');
  const db = new Database(state);
  db.prepare('VACUUM INTO ?').run(copy);
  db.close();
  const target = new Database(copy);
  target.prepare('DELETE FROM read_cache').run();
  target.close();
  return copy;
};
