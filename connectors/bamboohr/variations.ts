import type { TenantVariation } from '../../src/connector.js';

/** The tenant shapes the BambooHR sandbox can take on (kept apart from the server, which loads lazily). */
export const BAMBOOHR_VARIATIONS: readonly TenantVariation[] = [
  'alternate-list-options',
  'reference-changed-after-as-of',
];
