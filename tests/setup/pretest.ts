/**
 * `npm test` runs this first (the `pretest` script): the suite needs a Chrome or Chromium for the dashboard's browser
 * test, PostgreSQL's server binaries (initdb, pg_ctl) for the state-store and several-workers tests, and the
 * published specs in ../shared/specs. As root with apt, it installs Debian's `chromium` and `postgresql`; otherwise
 * it stops with one line saying what to install. Nothing is downloaded by the tests themselves.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findPostgresBin, INSTALL_HINT } from '../helpers/postgres.js';
import { findChromium } from './chromium.js';
import { repoRoot } from './dist.js';

const stop = (line: string): never => {
  process.stderr.write(`${line}\n`);
  process.exit(1);
};

const specs = join(repoRoot, '..', 'shared', 'specs');
if (!existsSync(specs)) stop(`pretest: the published API specs are missing: the tests read them from ${specs}`);

const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
const root = process.getuid?.() === 0;
if (findChromium() === null && hasApt && root) {
  process.stderr.write("pretest: no Chrome or Chromium found; installing Debian's chromium with apt-get\n");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } catch {
    stop('pretest: apt-get could not install chromium: install Chrome or Chromium, or set CHROMIUM_PATH to one');
  }
}
if (findPostgresBin() === null && hasApt && root) {
  process.stderr.write("pretest: no PostgreSQL server binaries found; installing Debian's postgresql with apt-get\n");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } catch {
    stop(`pretest: apt-get could not install postgresql: ${INSTALL_HINT}`);
  }
}
const postgres = findPostgresBin();
if (postgres === null) stop(`pretest: ${INSTALL_HINT}`);
process.stderr.write(`pretest: PostgreSQL ${postgres ?? ''}\n`);
const found = findChromium();
if (found === null) {
  const how = hasApt ? 'sudo apt-get install -y chromium' : 'Chrome or Chromium from your package manager';
  stop(`pretest: the dashboard test needs Chrome or Chromium: install it (${how}) or set CHROMIUM_PATH to its binary`);
}
process.stderr.write(`pretest: browser ${found}\n`);
