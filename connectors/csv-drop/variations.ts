import type { TenantVariation } from '../../src/connector.js';

/**
 * The tenant shapes the CSV-drop sandbox takes on: none yet. The values written come from the config (a CSV import
 * has no list to read them from), so the value variations have nothing to check; see the docs page.
 */
export const CSV_DROP_VARIATIONS: readonly TenantVariation[] = [];
