import { approvalMigrations } from './approvals.js';
import { evidenceMigrations } from './evidence-migrations.js';
import type { Migration } from './migrations.js';
import { readCacheMigrations } from './read-cache.js';

/**
 * Every table set beside the core ones (evidence, the read cache, approvals), in the order they are applied. One list,
 * so the CLI, the library and the service open the same store.
 */
export const featureMigrations: readonly Migration[] = [
  ...evidenceMigrations,
  ...readCacheMigrations,
  ...approvalMigrations,
];
