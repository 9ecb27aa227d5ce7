import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import SlowestFirst from './tests/setup/sequencer.js';

/** The test files under `dir` (relative to the repository). */
const testFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `${dir}/${f}`);

/** Files that import nock: it patches Node's http module for the whole process, so each keeps a fork of its own. */
const patchesHttp = (file: string): boolean => /from 'nock'/.test(readFileSync(file, 'utf8'));
const sharable = ['tests/connector', 'tests/contract', 'tests/conformance', 'tests/e2e'].flatMap(testFiles);

export default defineConfig({
  test: {
    environment: 'node',
    // Builds dist/ when it is missing or stale: the CLI tests start the compiled bin, as an admin does.
    globalSetup: ['tests/setup/global-setup.ts'],
    // No test may fail because a loaded 2-core machine is slow: the same generous limit as the end-to-end CLI tests
    // (tests/helpers/cli.ts). With three whole suites at once beside other work (load average 20 to 40), the
    // hostile-corpus test, 11 s alone, took over 120 s, the limit before.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Sandboxes bind loopback ports and SQLite files live in temp folders: forks keep native modules isolated.
    pool: 'forks',
    // Four files at a time on two cores: an end-to-end test waits on its CLI child and the CLI on the sandbox in the
    // test process, and a Workday read waits up to a second for Workday's time to pass its moment
    // (connectors/workday/server-time.ts), so fewer files leave the cores idle (idle machine: 307 s with three, 284 s
    // with four; docs/performance.md).
    maxWorkers: 4,
    // The slowest files first, also on a fresh checkout (tests/setup/sequencer.ts).
    sequence: { sequencer: SlowestFirst },
    // Each project names its own files (a root `include` would be added to both).
    projects: [
      {
        extends: true,
        // The unit tests share no module state (no mocks, no fake timers, no globals left changed), so one fork runs
        // several of them without loading the modules again: 40% less CPU for tests/unit (docs/performance.md).
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        // Connector, contract, conformance and end-to-end tests start sandboxes, servers and CLI children from the
        // test process and leave no state behind them (each sandbox on its own port, each store and workspace in its
        // own temp folder, no mocks; the CLI children get the environment without what connector tests set in it,
        // tests/helpers/cli.ts `childEnv`): one fork runs several, as for the unit tests, and loads the
        // connectors and sandboxes once. Only the files that patch http through nock keep a fork each. Idle 2-core
        // machine: 332 s with a fresh fork per end-to-end file, 295 s shared (docs/performance.md).
        test: { name: 'shared', include: sharable.filter((f) => !patchesHttp(f)), isolate: false },
      },
      {
        extends: true,
        // The nock tests patch http for the whole process: each file in a fresh fork.
        test: {
          name: 'isolated',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/unit/**', ...sharable.filter((f) => !patchesHttp(f))],
        },
      },
    ],
  },
});
