/**
 * A throwaway PostgreSQL server for the tests: `initdb` into a temp dir (password login, SCRAM), `pg_ctl start` on a
 * free loopback port, one database per test file, `pg_ctl stop` after. The binaries come from PATH or the Debian
 * places; without them the test fails with one line saying what to install. As root (CI), the server runs as the
 * `postgres` user, since PostgreSQL refuses to run as root.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { executable } from './executable.js';

export const PG_USER = 'fluencyflow';
export const PG_PASSWORD = 'test-only-password';
export const INSTALL_HINT =
  'the PostgreSQL tests need initdb and pg_ctl: install PostgreSQL (sudo apt-get install -y postgresql), ' +
  'or put its bin folder on PATH';

/** The folder holding initdb and pg_ctl, or null. */
export const findPostgresBin = (env: NodeJS.ProcessEnv = process.env): string | null => {
  const onPath = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  let debian: string[] = [];
  try {
    debian = readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => join('/usr/lib/postgresql', v, 'bin'));
  } catch {
    // not a Debian layout
  }
  return [...onPath, ...debian].find((d) => executable(join(d, 'initdb')) && executable(join(d, 'pg_ctl'))) ?? null;
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });

export interface PgServer {
  port: number;
  /** A fresh database's URL (no password: it is PG_PASSWORD, given as a secret). */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

/** Starts a server; fails (never skips) when PostgreSQL is not installed. */
export const startPostgres = async (): Promise<PgServer> => {
  const bin = findPostgresBin();
  if (bin === null) throw new Error(INSTALL_HINT);
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'ff-pg-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, PG_PASSWORD);
  if (root) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    for (const p of [dir, pwfile]) chownSync(p, id('-u'), id('-g'));
  }
  const run = (cmd: string, args: string[]): string => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir }).toString();
  };
  run('initdb', ['-D', data, '-U', PG_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '120', 'start']);
  return {
    port,
    async createDatabase(name) {
      const admin = new pg.Client({
        host: '127.0.0.1',
        port,
        user: PG_USER,
        password: PG_PASSWORD,
        database: 'postgres',
      });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://${PG_USER}@127.0.0.1:${port}/${name}`;
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};
