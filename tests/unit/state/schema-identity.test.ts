import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureMigrations } from '../../../src/state/all-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { PG_PASSWORD, startPostgres, type PgServer } from '../../helpers/postgres.js';
import { schemaOf } from '../../helpers/schema-dump.js';

/**
 * The migrated schema, on a fresh SQLite file and a fresh PostgreSQL database, is the one the fixtures hold. The
 * fixtures were dumped from the migrations as they stood before each table was declared once for both databases:
 * tables, columns, types, defaults, constraints, indexes, triggers, trigger functions, sequences and migration ids
 * (updated since by the one later migration, `005-drop-checkpoints`). A store made by an earlier version ends with
 * the same schema as a new one, and runs only the migrations that came after it.
 */

let server: PgServer | null = null;
beforeAll(async () => {
  server = await startPostgres();
}, 600_000);
afterAll(() => server?.stop());

/** Migrations added after the version that made `state-0.1.0.sql`. */
const NEWER_THAN_0_1_0 = ['005-drop-checkpoints'];
const idOf = (m: unknown): string =>
  typeof m === 'object' && m !== null && 'id' in m && typeof m.id === 'string' ? m.id : '';

const fixture = (dialect: string) => `./fixtures/schema-${dialect}.json`;
const dump = (s: StateStore) => `${JSON.stringify(schemaOf(s.db), null, 2)}\n`;
const freshFile = () => join(mkdtempSync(join(tmpdir(), 'ff-schema-')), 'state.db');

describe('the migrated schema', () => {
  it('on SQLite is the schema the earlier migrations made', async () => {
    const s = new StateStore(freshFile(), undefined, featureMigrations);
    const schema = dump(s);
    s.close();
    expect(schema).toContain('audit_no_update');
    await expect(schema).toMatchFileSnapshot(fixture('sqlite'));
  });

  it('on PostgreSQL is the schema the earlier migrations made', async () => {
    if (server === null) throw new Error('the PostgreSQL server did not start');
    const target = { url: await server.createDatabase('schema_identity'), password: PG_PASSWORD };
    const s = new StateStore(target, undefined, featureMigrations);
    const schema = dump(s);
    s.close();
    expect(schema).toContain('audit_no_truncate');
    await expect(schema).toMatchFileSnapshot(fixture('postgres'));
  });

  it('on a SQLite store an earlier version migrated: opened as it is, its audit log intact and writable', () => {
    // The fixture is that store's schema statement by statement, as SQLite kept it (one-line triggers).
    const path = freshFile();
    const old = new Database(path);
    old.exec(readFileSync(new URL('./fixtures/state-0.1.0.sql', import.meta.url), 'utf8'));
    const recorded = old.prepare('SELECT id, applied_at FROM migrations ORDER BY id').all();
    old.close();
    const s = new StateStore(path, () => '2027-01-01T00:00:00Z', featureMigrations);
    // Only what came after 0.1.0 runs: the migrations it recorded stay as they were.
    const applied = s.db.prepare('SELECT id, applied_at FROM migrations ORDER BY id').all();
    expect(applied.filter((m) => !NEWER_THAN_0_1_0.includes(idOf(m)))).toEqual(recorded);
    expect(applied.map(idOf).filter((id) => NEWER_THAN_0_1_0.includes(id))).toEqual(NEWER_THAN_0_1_0);
    const fresh = new StateStore(freshFile(), undefined, featureMigrations);
    expect(schemaOf(s.db)).toEqual(schemaOf(fresh.db));
    fresh.close();
    s.assertAuditIntact();
    const record = {
      at: '2027-01-01T00:00:00Z',
      runId: 'r1',
      actor: 'admin',
      connector: 'c',
      employeeId: 'e1',
      changeKey: 'k1',
      kind: 'eligibility',
      action: 'update',
      before: null,
      after: { value: 'eligible' },
      outcome: 'applied',
      errorCode: null,
      errorMessage: null,
      requestId: null,
    } as const;
    expect(s.appendAuditMany([record, { ...record, changeKey: 'k2' }])).toEqual([1, 2]);
    expect(s.verifyAudit()).toMatchObject({ records: 2, problem: null, missingTriggers: [] });
    expect(() => s.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    s.close();
  });
});
