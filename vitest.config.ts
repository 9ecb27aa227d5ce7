import { defineConfig } from 'vitest/config';

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
    maxWorkers: 2,
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
        // Connector, contract and end-to-end tests start sandboxes and child processes: each file in a fresh fork.
        test: { name: 'isolated', include: ['tests/**/*.test.ts'], exclude: ['tests/unit/**'] },
      },
    ],
  },
});
