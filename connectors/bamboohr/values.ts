/**
 * The values fluencyflow writes into the tenant (DESIGN §9, tenant truth). The eligibility flag is a list field:
 * its options come from `GET /v1/meta/lists` and each meaning is matched to one of them (the config may name it).
 *
 * Goals have nothing to resolve: a goal's `status` (`in_progress`, `completed`, `closed`) is BambooHR's own fixed
 * enum, set by BambooHR from `percentComplete` (100 is completed) and the close and reopen calls; create and update
 * take no status. `achieved` is written as 100% with a completion date; on track and behind have no BambooHR state
 * and stay in the goal's description.
 */
import type { TenantValueChoice } from '../../src/connector.js';
import { assertDistinct, chooseValue, type TenantListValue } from '../../src/connector-kit/tenant-values.js';
import { SetupMissingError } from '../../src/errors.js';
import type { BamboohrConfig } from './config.js';
import type { ResolvedField } from './fields.js';
import type { EligibilityValues } from './mapping.js';
import type { WireList } from './wire-schemas.js';

export interface ResolvedValues extends EligibilityValues {
  choices: TenantValueChoice[];
}

/** The list of a list field in `/v1/meta/lists`, by field id, else by alias. */
const listOf = (lists: readonly WireList[], field: ResolvedField): WireList | undefined =>
  lists.find((l) => l.fieldId === field.id) ??
  (field.alias === null ? undefined : lists.find((l) => l.alias === field.alias));

/** The options of a list, archived ones marked (they stay for history and cannot be written). */
const optionsOf = (list: WireList): TenantListValue[] =>
  list.options.map((o) => ({ value: o.name, archived: (o.archived ?? 'no').toLowerCase() === 'yes' }));

export interface ResolveInput {
  config: BamboohrConfig;
  /** Where this connector's block sits in the config (`connectors[0]`). */
  configPath: string;
  field: ResolvedField | undefined;
  lists: readonly WireList[];
}

/**
 * The eligibility values for `eligible` and `not-eligible`. Throws `SetupMissingError` when the field is missing and
 * `TenantValueError` when a value does not fit the field's options; both name the config path.
 */
export const resolveEligibility = (i: ResolveInput): ResolvedValues => {
  const { config, field } = i;
  if (field === undefined)
    throw new SetupMissingError(
      `${i.configPath}.fields.eligibility: BambooHR has no field "${config.fields.eligibility}" in /v1/meta/fields; ` +
        'create the list field (docs/connectors/bamboohr.md) or name an existing one',
      { connector: config.id, where: `${i.configPath}.fields.eligibility` },
    );
  const list = field.type === 'list' ? listOf(i.lists, field) : undefined;
  // A field that is not a list takes any text: the value goes unchecked (`check` reports the wrong type).
  const candidates = field.type === 'list' ? (list === undefined ? [] : optionsOf(list)) : null;
  const from = `/v1/meta/lists field ${field.id} (${field.alias ?? field.name})`;
  const choose = (meaning: 'eligible' | 'not-eligible', key: 'eligible' | 'notEligible'): TenantValueChoice =>
    chooseValue({
      connector: config.id,
      list: 'eligibility',
      meaning,
      configured: config.values?.[key],
      configPath: `${i.configPath}.values.${key}`,
      candidates,
      from,
      fallback: meaning,
    });
  const eligible = choose('eligible', 'eligible');
  const notEligible = choose('not-eligible', 'notEligible');
  const choices = [eligible, notEligible];
  assertDistinct(config.id, choices);
  return { eligible: eligible.value, notEligible: notEligible.value, choices };
};
