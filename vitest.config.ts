import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Sandboxes bind loopback ports and SQLite files live in temp folders: forks keep native modules isolated.
    pool: 'forks',
    maxWorkers: 2,
  },
});
