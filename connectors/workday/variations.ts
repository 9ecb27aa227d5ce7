import type { TenantVariation } from '../../src/connector.js';

/** The tenant shapes the Workday sandbox can take on (kept apart from the server, which loads lazily). */
export const WORKDAY_VARIATIONS: readonly TenantVariation[] = [
  'alternate-goal-states',
  'alternate-list-options',
  'multi-family-profiles',
  'reference-changed-after-as-of',
];
