import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { connectors } from '../../../connectors/index.js';
import { config as configSchema } from '../../../schemas/index.js';
import { sandboxCommand } from '../../../src/cli/commands/sandbox.js';
import { createOutput } from '../../../src/cli/output.js';
import { createEngine } from '../../../src/engine/engine.js';
import { silentLogger } from '../../../src/logger.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { coreMigrations, migrationSql } from '../../../src/state/migrations.js';
import { baseConfigInput } from '../../helpers/config.js';

describe('specific codes instead of FF_INTERNAL', () => {
  it.each([
    [
      'random bytes',
      Buffer.from('this is not a database at all, just text that is long enough to be a header'.repeat(100)),
    ],
    ['a truncated SQLite header', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xff)])],
  ])('a state file of %s is FF_STATE_CORRUPT naming the file, before any HRIS request', async (_name, bytes) => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-corrupt-'));
    const state = join(dir, 'state.db');
    writeFileSync(state, bytes);
    const requests: string[] = [];
    const engine = createEngine({
      config: configSchema.parse({ ...baseConfigInput(), state }),
      configPath: join(dir, 'fluencyflow.yaml'),
      configDir: dir,
      registry: connectors,
      logger: silentLogger,
      http: { onRequest: (r) => void requests.push(r.route) },
      loadEvidence: async () => Promise.reject(new Error('not reached')),
    });
    await expect(engine.plan()).rejects.toMatchObject({
      code: 'FF_STATE_CORRUPT',
      where: state,
      message: expect.stringContaining(state),
    });
    expect(requests).toEqual([]);
  });

  it('`sandbox --port N` with N taken is FF_PORT_IN_USE naming the port', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const a = taken.address();
    const port = typeof a === 'object' && a !== null ? a.port : 0;
    const out = createOutput({ json: true, verbose: false, stdout: new PassThrough(), stderr: new PassThrough() });
    await expect(sandboxCommand(out, 'bamboohr', { port: String(port), employees: '5' })).rejects.toMatchObject({
      code: 'FF_PORT_IN_USE',
      message: `port ${port} is in use by another process`,
    });
    await new Promise<void>((r) => taken.close(() => r()));
  });
});

/** A child that says `ready`, then opens `path` as a state store with the evidence tables, printing ok or the error. */
const OPENER = `
const [dist, path] = process.argv.slice(1);
const { StateStore } = await import(dist + '/src/state/state-store.js');
const { evidenceMigrations } = await import(dist + '/src/state/evidence-migrations.js');
console.log('ready');
try { new StateStore(path, undefined, evidenceMigrations).close(); console.log('ok'); }
catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
`;

describe('two processes opening a new state file at once', () => {
  it('the second waits for the first one\'s migrations and finds them done (no "table already exists")', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ff-race-')), 'state.db');
    // This process is the first opener, caught mid-migration: it holds the write lock with every table created.
    const first = new Database(path);
    first.pragma('journal_mode = WAL');
    first.exec('CREATE TABLE migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    first.exec('BEGIN IMMEDIATE');
    for (const m of [...coreMigrations, ...evidenceMigrations]) {
      first.exec(migrationSql(m, 'sqlite'));
      first.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)').run(m.id, '2027-01-01T00:00:00Z');
    }
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', OPENER, pathToFileURL(resolve('dist')).href, path],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    const done = new Promise<void>((r) => child.on('close', () => r()));
    await new Promise<void>((r) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) r();
      }),
    );
    // The second opener has read the (still empty) list of migrations and waits for the lock; then the first commits.
    await new Promise((r) => setTimeout(r, 700));
    first.exec('COMMIT');
    await done;
    first.close();
    expect(out.trim().split('\n')).toEqual(['ready', 'ok']);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) AS n FROM migrations').get()).toEqual({
      n: coreMigrations.length + evidenceMigrations.length,
    });
    check.close();
  });
});
