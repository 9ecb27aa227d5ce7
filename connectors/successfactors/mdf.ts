/**
 * The custom MDF objects as the tenant defines them (DESIGN §8): their `$metadata` (fields, Edm types, key), and
 * the eligibility values, the options of the picklist `$metadata` binds to `cust_eligible` (PickListValueV2, as
 * of the as-of date), picked by meaning or by the config's override.
 */
import type { TenantValueChoice } from '../../src/connector.js';
import { didYouMean } from '../../src/connector-kit/did-you-mean.js';
import { assertDistinct, chooseValue } from '../../src/connector-kit/tenant-values.js';
import { FluencyError, SetupMissingError } from '../../src/errors.js';
import type { HttpClient } from '../../src/http/index.js';
import { getEntityMetadata, listEntitySets, listPicklistValues } from './client.js';
import type { SuccessFactorsConfig } from './config.js';
import type { EntityMeta } from './metadata.js';
import { MDF_FIELD_TYPES } from './wire-names.js';

export interface TenantDeps {
  http: HttpClient;
  config: SuccessFactorsConfig;
  /** Where the connector's block sits in the config (`connectors[0]`). */
  configPath: string;
}

export type MdfKey = 'mdfObject' | 'exceptionObject';

export interface EligibilityValues {
  choices: TenantValueChoice[];
  eligible: string;
  notEligible: string;
  /** The PickListV2 id behind `cust_eligible` (null: a plain string field, values written unchecked). */
  picklistId: string | null;
}

const setupError = (deps: TenantDeps, key: MdfKey, text: string): SetupMissingError =>
  new SetupMissingError(`${deps.configPath}.${key}: ${deps.config[key]}${text}`, {
    connector: deps.config.id,
    where: `${deps.configPath}.${key}`,
  });

/** An MDF object's `$metadata`, or a SetupMissingError naming the config path when the tenant has no such object. */
export const mdfMetadata = async (deps: TenantDeps, key: MdfKey): Promise<EntityMeta> => {
  const missing = async () => {
    // A near name among the sets the user can see is most likely the one meant; the list itself is best effort.
    const sets = await listEntitySets(deps.http).catch(() => []);
    return new SetupMissingError(
      `${deps.configPath}.${key}: the tenant has no MDF object ${deps.config[key]} the API user can see` +
        `${didYouMean(
          deps.config[key],
          sets.filter((s) => s.startsWith('cust_')),
        )}; create it ` +
        '(API Visibility: Editable), refresh the OData metadata, grant the API user its permissions, or fix the name',
      { connector: deps.config.id, where: `${deps.configPath}.${key}` },
    );
  };
  const meta = await getEntityMetadata(deps.http, deps.config[key]).catch(async (e: unknown) => {
    if (e instanceof FluencyError && e.code === 'FF_NOT_FOUND') throw await missing();
    throw e;
  });
  if (meta === null) throw await missing();
  return meta;
};

/** The MDF object has the fields written, of the Edm types they need, and is keyed by `externalCode` alone. */
export const assertMdfFields = (deps: TenantDeps, key: MdfKey, meta: EntityMeta, fields: readonly string[]): void => {
  const missing = fields.filter((f) => !meta.properties.has(f));
  if (missing.length > 0) {
    const near = missing.map((f) => didYouMean(f, meta.properties.keys())).join('');
    throw setupError(deps, key, ` lacks the field(s) ${missing.join(', ')}${near}; add them to the object definition`);
  }
  const wrong = fields.flatMap((f) => {
    const type = meta.properties.get(f)?.type;
    const want = MDF_FIELD_TYPES[f];
    return want !== undefined && type !== want ? [`${f} is ${type ?? '?'}, expected ${want}`] : [];
  });
  if (wrong.length > 0) throw setupError(deps, key, ` has fields of the wrong type: ${wrong.join('; ')}`);
  if (meta.keys.join(',') !== 'externalCode')
    throw setupError(deps, key, ` is keyed by ${meta.keys.join(', ')}; key it by externalCode alone (not dated)`);
};

const isActive = (status: string | null): boolean => status === null || ['A', 'ACTIVE'].includes(status.toUpperCase());

/** The eligibility values: the picklist options of `cust_eligible` as of `asOf`, picked by meaning or config. */
export const resolveEligibility = async (
  deps: TenantDeps,
  meta: EntityMeta,
  asOf: string,
): Promise<EligibilityValues> => {
  const { config, configPath } = deps;
  const field = meta.properties.get('cust_eligible');
  if (!field) throw setupError(deps, 'mdfObject', ' has no field cust_eligible; add it as a picklist field');
  if (field.type !== 'Edm.String')
    throw setupError(deps, 'mdfObject', `.cust_eligible is ${field.type}; it must be a picklist field (Edm.String)`);
  const picklistId = field.picklist;
  const options = picklistId === null ? null : await listPicklistValues(deps.http, picklistId, asOf);
  const candidates =
    options?.map((o) => ({
      value: o.externalCode,
      label: o.label_localized ?? o.label_defaultValue,
      archived: !isActive(o.status),
    })) ?? null;
  const from =
    picklistId === null
      ? `${config.mdfObject}.cust_eligible (no picklist)`
      : `picklist ${picklistId} of ${config.mdfObject}.cust_eligible, as of ${asOf}`;
  const choices = (['eligible', 'not-eligible'] as const).map((meaning) => {
    const key = meaning === 'eligible' ? 'eligible' : 'notEligible';
    return chooseValue({
      connector: config.id,
      list: 'eligibility',
      meaning,
      configured: config.values[key],
      configPath: `${configPath}.values.${key}`,
      candidates,
      from,
      fallback: meaning,
    });
  });
  assertDistinct(config.id, choices);
  const eligible = choices[0]?.value ?? 'eligible';
  return { choices, eligible, notEligible: choices[1]?.value ?? 'not-eligible', picklistId };
};
