import type { TenantVariation } from '../../src/connector.js';

/** The tenant shapes the SuccessFactors sandbox can take on (kept apart from the server, which loads lazily). */
export const SUCCESSFACTORS_VARIATIONS: readonly TenantVariation[] = [
  'alternate-goal-states',
  'alternate-list-options',
  'reference-changed-after-as-of',
];
