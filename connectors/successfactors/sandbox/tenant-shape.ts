/**
 * The sandbox tenant's configuration: the goal plan's states and categories, the eligibility picklist, and the
 * tenant variations (DESIGN §9) that change them. Real tenants differ here; the connector must read, not assume.
 */
import { assertVariations } from '../../../src/connector-kit/sandbox-kit.js';
import { SUCCESSFACTORS_VARIATIONS } from '../variations.js';
import type { TenantVariation } from '../../../src/connector.js';

interface ListOption {
  value: string;
  label: string;
}

export interface TenantShape {
  /** The goal plan's `state` enum (GoalEnum), in display order. */
  goalStates: readonly ListOption[];
  /** What each state means to the sandbox's snapshot (the connector never sees this). */
  stateMeaning: Readonly<Record<string, 'open' | 'closed'>>;
  /** The state seeded goals carry, and the one a closed seeded goal carries. */
  seededOpenState: string;
  seededClosedState: string;
  goalCategories: readonly ListOption[];
  /** The MDF picklist (PickListV2 id) behind `cust_eligible`. */
  eligibilityPicklistId: string;
  eligibilityOptions: readonly (ListOption & { meaning: 'eligible' | 'not-eligible' })[];
  /** Days after the as-of date that the tenant's "today" lies (reference data changed in between). */
  todayAfterAsOfDays: number;
  /** Foundation objects get a time slice starting this many days after the as-of date (0 = none; < 0 before). */
  referenceChangeAfterAsOfDays: number;
}

const same = (v: string): ListOption => ({ value: v, label: v });

/** The shape the sandbox has always had (one company's goal plan template), changed by each variation asked for. */
export const tenantShape = (variations: readonly TenantVariation[]): TenantShape => {
  assertVariations('SuccessFactors', SUCCESSFACTORS_VARIATIONS, variations);
  const alternateStates = variations.includes('alternate-goal-states');
  const alternateOptions = variations.includes('alternate-list-options');
  const referenceChanged = variations.includes('reference-changed-after-as-of');
  const goalStates = alternateStates
    ? [
        { value: 'not-started', label: 'Not Started' },
        { value: 'on-track', label: 'On Track' },
        { value: 'behind', label: 'Behind' },
        { value: 'achieved', label: 'Achieved' },
        { value: 'abandoned', label: 'Cancelled' },
      ]
    : ['Not Started', 'On Track', 'Behind', 'Completed', 'Cancelled'].map(same);
  const closed = alternateStates ? 'abandoned' : 'Cancelled';
  return {
    goalStates,
    stateMeaning: Object.fromEntries(goalStates.map((s) => [s.value, s.value === closed ? 'closed' : 'open'])),
    seededOpenState: alternateStates ? 'on-track' : 'On Track',
    seededClosedState: closed,
    goalCategories: ['Learning and Growth', 'Customer', 'Financial'].map(same),
    eligibilityPicklistId: 'AIFluencyEligibility',
    eligibilityOptions: alternateOptions
      ? [
          { value: 'Y', label: 'Eligible', meaning: 'eligible' },
          { value: 'N', label: 'Not eligible', meaning: 'not-eligible' },
        ]
      : [
          { value: 'eligible', label: 'eligible', meaning: 'eligible' },
          { value: 'not-eligible', label: 'not-eligible', meaning: 'not-eligible' },
        ],
    todayAfterAsOfDays: referenceChanged ? 60 : 0,
    referenceChangeAfterAsOfDays: referenceChanged ? 20 : 0,
  };
};
