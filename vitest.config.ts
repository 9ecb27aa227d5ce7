import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Builds dist/ when it is missing or stale: the CLI tests start the compiled bin, as an admin does.
    globalSetup: ['tests/setup/global-setup.ts'],
    // Unit and connector tests. The end-to-end CLI tests set their own, longer limit (tests/helpers/cli.ts): no test
    // may fail because a loaded 2-core machine is slow.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Sandboxes bind loopback ports and SQLite files live in temp folders: forks keep native modules isolated.
    pool: 'forks',
    maxWorkers: 2,
  },
});
