/**
 * The last complete HRIS read per connection, so a plan can read by delta and merge (DESIGN §9, reads): each
 * employee's record as canonical JSON, the HRIS's watermark, the as-of date it was read for, and when the last full
 * read was. A cache, never the truth: losing it costs one full read.
 */
import { z } from 'zod';
import { currentState, employee } from '../../schemas/index.js';
import type { EmployeeRecord } from '../connector.js';
import { stableStringify } from '../core/index.js';
import type { Migration } from './migrations.js';
import { applyMigrations, type Db } from './store.js';

/** The read cache's tables (registered like the evidence store's). Append new ones; never edit an applied one. */
export const readCacheMigrations: Migration[] = [
  {
    id: 'read-cache-001-reads-records',
    sql: `
      -- One row per connection (connector id): what the last complete read was made for and when.
      CREATE TABLE read_cache (
        connector TEXT PRIMARY KEY,
        config_hash TEXT NOT NULL,         -- the connector's config section and the goal identity, hashed
        as_of TEXT NOT NULL,               -- the as-of date the records were read for
        watermark TEXT NOT NULL,           -- the HRIS's time the read began at (the next delta's changedSince)
        full_at TEXT NOT NULL,             -- the engine's time of the last full read
        updated_at TEXT NOT NULL
      );
      CREATE TABLE read_cache_records (
        connector TEXT NOT NULL,
        employee_id TEXT NOT NULL,
        record TEXT NOT NULL,              -- the EmployeeRecord, canonical JSON
        PRIMARY KEY (connector, employee_id)
      );
    `,
  },
];

const metaRow = z.object({
  config_hash: z.string(),
  as_of: z.string(),
  watermark: z.string(),
  full_at: z.string(),
});
const recordRow = z.object({ record: z.string() });
const employeeRecord = z.object({ employee, current: currentState });

export interface CachedRead {
  configHash: string;
  asOf: string;
  watermark: string;
  fullAt: string;
  /** In the order they were stored (employee id). */
  records: EmployeeRecord[];
}

export interface CacheMeta {
  configHash: string;
  asOf: string;
  watermark: string;
  fullAt: string;
}

export class ReadCache {
  constructor(
    private readonly db: Db,
    private readonly now: () => string,
  ) {
    applyMigrations(db, readCacheMigrations);
  }

  /** The connection's cached read, or null when there is none or a row no longer parses (then: read everything). */
  load(connector: string): CachedRead | null {
    const meta = metaRow.safeParse(this.db.prepare('SELECT * FROM read_cache WHERE connector = ?').get(connector));
    if (!meta.success) return null;
    const records: EmployeeRecord[] = [];
    const rows = this.db
      .prepare('SELECT record FROM read_cache_records WHERE connector = ? ORDER BY employee_id')
      .all(connector);
    for (const raw of rows) {
      const row = recordRow.safeParse(raw);
      if (!row.success) return null;
      let json: unknown;
      try {
        json = JSON.parse(row.data.record);
      } catch {
        return null;
      }
      const parsed = employeeRecord.safeParse(json);
      if (!parsed.success) return null;
      records.push(parsed.data);
    }
    const m = meta.data;
    return { configHash: m.config_hash, asOf: m.as_of, watermark: m.watermark, fullAt: m.full_at, records };
  }

  /** Replaces the connection's cache with a full read. */
  storeFull(connector: string, meta: CacheMeta, records: readonly EmployeeRecord[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM read_cache_records WHERE connector = ?').run(connector);
      this.putRecords(connector, records);
      this.putMeta(connector, meta);
    })();
  }

  /** Merges a delta: changed records replace theirs, removed ids go, the watermark and as-of date move on. */
  storeDelta(connector: string, meta: CacheMeta, changed: readonly EmployeeRecord[], removed: readonly string[]): void {
    this.db.transaction(() => {
      const drop = this.db.prepare('DELETE FROM read_cache_records WHERE connector = ? AND employee_id = ?');
      for (const id of removed) drop.run(connector, id);
      this.putRecords(connector, changed);
      this.putMeta(connector, meta);
    })();
  }

  /** Forgets a connection's cache (its next plan reads everything). */
  forget(connector: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM read_cache_records WHERE connector = ?').run(connector);
      this.db.prepare('DELETE FROM read_cache WHERE connector = ?').run(connector);
    })();
  }

  private putRecords(connector: string, records: readonly EmployeeRecord[]): void {
    const put = this.db.prepare(
      'INSERT INTO read_cache_records (connector, employee_id, record) VALUES (?, ?, ?) ' +
        'ON CONFLICT (connector, employee_id) DO UPDATE SET record = excluded.record',
    );
    for (const r of records) put.run(connector, r.employee.id, stableStringify(r));
  }

  private putMeta(connector: string, meta: CacheMeta): void {
    this.db
      .prepare(
        'INSERT INTO read_cache (connector, config_hash, as_of, watermark, full_at, updated_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (connector) DO UPDATE SET config_hash = excluded.config_hash, as_of = excluded.as_of, ' +
          'watermark = excluded.watermark, full_at = excluded.full_at, updated_at = excluded.updated_at',
      )
      .run(connector, meta.configHash, meta.asOf, meta.watermark, meta.fullAt, this.now());
  }
}
