import { didYouMean } from '../../src/connector-kit/did-you-mean.js';
import type { TenantValueChoice } from '../../src/connector.js';
import { assertDistinct, chooseValue, normalise, type TenantListValue } from '../../src/connector-kit/tenant-values.js';
import {
  AuthenticationError,
  FluencyError,
  NotFoundError,
  PermissionError,
  SetupMissingError,
} from '../../src/errors.js';
import type { GoalStatus } from '../../schemas/index.js';
import type { WorkdayClient } from './client.js';
import type { WorkdayConfig } from './config.js';

/** A reference as Workday's SOAP takes it: `<wd:ID wd:type="{type}">{id}</wd:ID>`. */
interface IdRef {
  type: string;
  id: string;
}

type EligibilityValue = 'eligible' | 'not-eligible';

/** What the connector writes and how it reads it back, resolved once per session from the tenant (DESIGN §9). */
export interface WorkdayValues {
  goalStatus: Record<GoalStatus, IdRef>;
  /** The canonical status of a goal's Completion_Status_Reference, or null for a status fluencyflow does not write. */
  statusOf(ids: readonly { type: string; value: string }[], descriptor: string | null): GoalStatus | null;
  /** `list`: the field is a custom list and takes the option's alias; `text`: the value is written as text. */
  eligibility: { kind: 'list' | 'text'; eligible: string; notEligible: string };
  /** The canonical flag of a stored field value (text, or a list option as `{id, descriptor}`). */
  eligibilityOf(raw: unknown): EligibilityValue | null;
  /** The flag as customObject/v2 takes it: the text, or a list option as `{id}` (its WID when the tenant gave one). */
  eligibilityRestValue(meaning: EligibilityValue): string | { id: string };
  choices: TenantValueChoice[];
}

const STATUSES: readonly GoalStatus[] = ['on-track', 'behind', 'achieved'];
const STATUS_LIST_FROM = 'performanceEnablement values/manageGoals/status';

/** A REST `id` is a WID or `Reference_ID_Type=value`; SOAP takes either as a typed ID. */
const idRefOf = (restId: string): IdRef => {
  const m = /^([^=\s]+)=(\S+)$/.exec(restId);
  return m?.[1] && m[2] ? { type: m[1], id: m[2] } : { type: 'WID', id: restId };
};

const field = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? Reflect.get(o, key) : undefined;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

interface ListRead {
  candidates: (TenantListValue & { id: string | null })[] | null;
  from: string;
}

/**
 * The eligibility field's allowed values, when the tenant has them: customObjectDefinition/v1 names each field's
 * type, and a custom list type lists its options (alias, name, inactive). A text field has no list; definitions the
 * integration user may not read (Custom Object Management) leave the value unchecked, and `check` says so.
 */
const readEligibilityList = async (
  config: WorkdayConfig,
  client: WorkdayClient,
  configPath: string,
): Promise<ListRead> => {
  const where = `${config.customObject}.${config.fields.eligible}`;
  let definitions;
  try {
    definitions = await client.objectDefinitions();
  } catch (e) {
    if (e instanceof FluencyError && (e.code === 'FF_FORBIDDEN' || e.code === 'FF_NOT_FOUND'))
      return {
        candidates: null,
        from:
          `${where}: custom object definitions are not readable (${e.code}); ` +
          'grant the domain Custom Object Management (View) to check the field',
      };
    throw e;
  }
  const objects = [
    {
      alias: config.customObject,
      path: `${configPath}.customObject`,
      fields: [
        ['eligible', config.fields.eligible],
        ['reason', config.fields.reason],
      ],
    },
    {
      alias: config.exceptionObject,
      path: `${configPath}.exceptionObject`,
      fields: [
        ['promotionDate', config.fields.promotionDate],
        ['fromGrade', config.fields.fromGrade],
        ['toGrade', config.fields.toGrade],
        ['note', config.fields.note],
        // The Reference ID field of bulk note writes, when set up (note-write.ts).
        ...(config.fields.noteReferenceId === undefined
          ? []
          : [['noteReferenceId', config.fields.noteReferenceId] as const]),
      ],
    },
  ] as const;
  let eligibleType: string | null = null;
  for (const o of objects) {
    const def = definitions.find((d) => d.alias === o.alias);
    if (!def)
      throw new SetupMissingError(
        `${o.path}: the tenant has no custom object with the web service alias "${o.alias}"` +
          `${didYouMean(
            o.alias,
            definitions.flatMap((d) => (d.alias ? [d.alias] : [])),
          )} ` +
          `(found: ${definitions.map((d) => d.alias ?? d.id).join(', ') || 'none'})`,
        { connector: config.id, where: o.path },
      );
    const fields = await client.objectFields(def.id);
    for (const [key, alias] of o.fields) {
      const f = fields.find((x) => x.alias === alias && x.inactive !== true);
      if (!f)
        throw new SetupMissingError(
          `${configPath}.fields.${key}: custom object ${o.alias} has no active field with the alias "${alias}"` +
            `${didYouMean(
              alias,
              fields.filter((x) => x.inactive !== true).map((x) => x.alias),
            )} ` +
            `(fields: ${fields.map((x) => x.alias).join(', ') || 'none'})`,
          { connector: config.id, where: `${configPath}.fields.${key}` },
        );
      if (key === 'eligible') eligibleType = f.fieldType?.id ?? null;
    }
  }
  if (eligibleType === null) return { candidates: null, from: `${where}: the field has no field type` };
  const type = await client.fieldType(eligibleType);
  if (type.listInfo === undefined || type.listInfo === null)
    return {
      candidates: null,
      from: `${where} is a ${type.name ?? 'text'} field, not a custom list: no list of allowed values`,
    };
  const values = await client.listValues(eligibleType);
  return {
    candidates: values.flatMap((v) => {
      const value = v.alias ?? v.id;
      return value
        ? [{ value, label: v.name ?? v.descriptor ?? null, archived: v.inactive === true, id: v.id ?? null }]
        : [];
    }),
    from: `${where}, custom list ${type.name ?? eligibleType}`,
  };
};

/** Reads the tenant's lists and resolves every value the connector writes; throws FF_TENANT_VALUE on a misfit. */
export const resolveTenantValues = async (
  config: WorkdayConfig,
  client: WorkdayClient,
  configPath: string,
): Promise<WorkdayValues> => {
  // The first call of a run: its failures say which part of the config or the tenant's security to look at.
  const statusList = client.goalStatuses().catch((e: unknown) => {
    if (!(e instanceof FluencyError)) throw e;
    const details = { connector: config.id, status: e.status };
    if (e.code === 'FF_FORBIDDEN')
      throw new PermissionError(
        `${STATUS_LIST_FROM}: the integration user may not read the tenant's goal statuses (403); ` +
          'grant the domain "Worker Data: Employee Goals" (View; Modify is needed by Manage_Goals too)',
        { ...details, where: 'values/manageGoals/status' },
      );
    if (e.code === 'FF_AUTH_FAILED')
      throw new AuthenticationError(
        `${e.message}; check ${configPath}.auth ` +
          '(ISU_name@tenant and its password, or the OAuth client and refresh token)',
        { ...details, where: `${configPath}.auth` },
      );
    if (e.code === 'FF_NOT_FOUND')
      throw new NotFoundError(
        `${STATUS_LIST_FROM}: not found (404); ` +
          `check ${configPath}.tenant ("${config.tenant}") and ${configPath}.host / baseUrl`,
        { ...details, where: `${configPath}.tenant` },
      );
    throw e;
  });
  const [rawStatuses, list] = await Promise.all([statusList, readEligibilityList(config, client, configPath)]);
  const statuses = rawStatuses.map((s) => ({ ref: idRefOf(s.id), label: s.descriptor ?? null }));
  const chooseStatus = (meaning: GoalStatus) =>
    chooseValue({
      connector: config.id,
      list: 'goal status',
      meaning,
      configured: config.values.goalStatus[meaning],
      configPath: `${configPath}.values.goalStatus.${meaning}`,
      candidates: statuses.map((s) => ({ value: s.ref.id, label: s.label })),
      from: STATUS_LIST_FROM,
      fallback: meaning,
    });
  const chooseEligibility = (meaning: EligibilityValue, key: 'eligible' | 'notEligible') =>
    chooseValue({
      connector: config.id,
      list: 'eligibility',
      meaning,
      configured: config.values[key],
      configPath: `${configPath}.values.${key}`,
      candidates: list.candidates,
      from: list.from,
      fallback: meaning,
    });
  const byStatus: [GoalStatus, TenantValueChoice][] = STATUSES.map((s) => [s, chooseStatus(s)]);
  const eligibleChoice = chooseEligibility('eligible', 'eligible');
  const notEligibleChoice = chooseEligibility('not-eligible', 'notEligible');
  const choices = [...byStatus.map(([, c]) => c), eligibleChoice, notEligibleChoice];
  assertDistinct(config.id, choices);

  const refOf = (meaning: GoalStatus): IdRef => {
    const value = byStatus.find(([s]) => s === meaning)?.[1].value ?? meaning;
    return statuses.find((s) => s.ref.id === value)?.ref ?? { type: 'WID', id: value };
  };
  const goalStatus: Record<GoalStatus, IdRef> = {
    'on-track': refOf('on-track'),
    behind: refOf('behind'),
    achieved: refOf('achieved'),
  };
  const labels = new Map(byStatus.map(([s, c]) => [normalise(c.label ?? c.value), s]));
  const [eligible, notEligible] = [eligibleChoice.value, notEligibleChoice.value];
  const option = (value: string) => list.candidates?.find((c) => c.value === value);

  return {
    goalStatus,
    statusOf(ids, descriptor) {
      for (const s of STATUSES)
        if (ids.some((i) => i.value === goalStatus[s].id && (i.type === goalStatus[s].type || i.type === ''))) return s;
      return descriptor === null ? null : (labels.get(normalise(descriptor)) ?? null);
    },
    eligibility: { kind: list.candidates === null ? 'text' : 'list', eligible, notEligible },
    eligibilityOf(raw) {
      const text = str(raw);
      const id = str(field(raw, 'id'));
      const descriptor = str(field(raw, 'descriptor'));
      for (const [meaning, value] of [
        ['eligible', eligible],
        ['not-eligible', notEligible],
      ] as const) {
        const o = option(value);
        if (text !== null && (text === value || (o?.label != null && text === o.label))) return meaning;
        if (id !== null && (id === value || id === o?.id)) return meaning;
        if (descriptor !== null && o?.label != null && descriptor === o.label) return meaning;
      }
      return null;
    },
    eligibilityRestValue(meaning) {
      const value = meaning === 'eligible' ? eligible : notEligible;
      return list.candidates === null ? value : { id: option(value)?.id ?? value };
    },
    choices,
  };
};
