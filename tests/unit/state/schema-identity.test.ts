import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureMigrations } from '../../../src/state/all-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { PG_PASSWORD, startPostgres, type PgServer } from '../../helpers/postgres.js';
import { schemaOf } from '../../helpers/schema-dump.js';

/**
 * The migrated schema, on a fresh SQLite file and a fresh PostgreSQL database, is the one the fixtures hold. The
 * fixtures were dumped from the migrations as they stood before each table was declared once for both databases:
 * tables, columns, types, defaults, constraints, indexes, triggers, trigger functions, sequences and migration ids.
 * A store made by an earlier version therefore has the same schema as a new one, and opens without a migration.
 */

let server: PgServer | null = null;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(() => server?.stop());

const fixture = (dialect: string) => `./fixtures/schema-${dialect}.json`;
const dump = (s: StateStore) => `${JSON.stringify(schemaOf(s.db), null, 2)}\n`;

describe('the migrated schema', () => {
  it('on SQLite is the schema the earlier migrations made', async () => {
    const s = new StateStore(join(mkdtempSync(join(tmpdir(), 'ff-schema-')), 'state.db'), undefined, featureMigrations);
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
});
