/**
 * Picks the tenant's own value for each thing fluencyflow writes (DESIGN §9, tenant truth). Pure: the connector
 * reads the list (a goal plan's states, a list field's options) and hands it here with what the config says.
 */
import type { TenantValueChoice, ValueMeaning } from '../connector.js';
import { TenantValueError } from '../errors.js';

/** One value of a tenant's list: what is stored, and what people see when the HRIS has a separate label. */
export interface TenantListValue {
  value: string;
  label?: string | null | undefined;
  /** Archived or inactive options stay readable in history but cannot be written. */
  archived?: boolean | undefined;
}

/**
 * Words that mean each thing, most specific first. Compared after `normalise`, against the value and the label.
 * The first synonym that some option matches wins, so "Completed" beats "Done" only by its place here.
 */
const SYNONYMS: Readonly<Record<ValueMeaning, readonly string[]>> = {
  'on-track': ['on track', 'ontrack', 'in progress', 'inprogress', 'on schedule', 'ongoing', 'started', 'green'],
  behind: ['behind', 'at risk', 'atrisk', 'behind schedule', 'off track', 'delayed', 'late', 'needs attention'],
  achieved: ['achieved', 'completed', 'complete', 'done', 'met', 'accomplished', 'finished'],
  eligible: ['eligible', 'ai fluency criterion met', 'criterion met', 'met', 'yes', 'y', 'true'],
  'not-eligible': [
    'not eligible',
    'noteligible',
    'ineligible',
    'ai fluency criterion not met',
    'criterion not met',
    'not met',
    'no',
    'n',
    'false',
  ],
};

/** Lower case, compatibility-folded, runs of space, `-` and `_` as one space. */
export const normalise = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

export interface ChooseValueInput {
  /** Connector id, for the error. */
  connector: string;
  /** `goal status`, `eligibility`: what the list is, in words. */
  list: string;
  meaning: ValueMeaning;
  /** The config's value for this meaning, when it names one. */
  configured: string | undefined;
  /** The config path of that value (`connectors[1].values.goalStatus.achieved`). */
  configPath: string;
  /** The tenant's list, or null when the tenant offers no way to read it (the value is then written unchecked). */
  candidates: readonly TenantListValue[] | null;
  /** Where the list was read, in the tenant's words (`goal plan 3, field state`). */
  from: string;
  /** The value written when there is neither a list nor a config value (DESIGN §5's defaults). */
  fallback: string;
}

const describe = (v: TenantListValue): string =>
  v.label && normalise(v.label) !== normalise(v.value) ? `${v.value} (${v.label})` : v.value;

/** `valid: a, b (label)` for an error message, or `the list is empty`. */
export const validList = (values: readonly TenantListValue[]): string =>
  values.length === 0 ? 'the list is empty' : `valid: ${values.map(describe).join(', ')}`;

const matches = (v: TenantListValue, wanted: string): boolean =>
  normalise(v.value) === wanted || (v.label != null && normalise(v.label) === wanted);

/** Whether a word names this entry: its value or its label, in any case. */
export const isNamed = (v: TenantListValue, word: string): boolean => matches(v, normalise(word));

/** The entry a configured word names: its stored value exactly, else its value or label in any case. */
export const findValue = (list: readonly TenantListValue[], word: string): TenantListValue | undefined =>
  list.find((c) => c.value === word) ?? list.find((c) => matches(c, normalise(word)));

/**
 * The value to write for one meaning. A configured value must be in the tenant's list (matched exactly first, then
 * by value or label in any case; the tenant's stored value is what gets written). Without one, the first synonym
 * that an option carries wins. Throws `TenantValueError` before anything is written when nothing fits.
 */
export const chooseValue = (i: ChooseValueInput): TenantValueChoice => {
  const base = { list: i.list, meaning: i.meaning, configPath: i.configPath, from: i.from };
  if (i.candidates === null) return { ...base, value: i.configured ?? i.fallback, label: null, source: 'unchecked' };
  const usable = i.candidates.filter((c) => c.archived !== true);
  if (i.configured !== undefined) {
    const wanted = normalise(i.configured);
    const hit = findValue(usable, i.configured);
    if (hit) return { ...base, value: hit.value, label: hit.label ?? null, source: 'config' };
    const archived = i.candidates.some((c) => c.archived === true && matches(c, wanted));
    throw new TenantValueError(
      `${i.configPath}: "${i.configured}" is ${archived ? 'archived in' : 'not in'} the tenant's ${i.list} ` +
        `list (${i.from}); ${validList(usable)}`,
      { connector: i.connector, where: i.configPath },
    );
  }
  for (const synonym of SYNONYMS[i.meaning]) {
    const hit = usable.find((c) => matches(c, synonym));
    if (hit) return { ...base, value: hit.value, label: hit.label ?? null, source: 'tenant' };
  }
  throw new TenantValueError(
    `${i.configPath}: no value in the tenant's ${i.list} list (${i.from}) means "${i.meaning}"; ` +
      `${validList(usable)}. Name one in the config.`,
    { connector: i.connector, where: i.configPath },
  );
};

/** Two meanings resolved to one value would write the same thing for both: refused, naming both paths. */
export const assertDistinct = (connector: string, choices: readonly TenantValueChoice[]): void => {
  const seen = new Map<string, TenantValueChoice>();
  for (const c of choices) {
    const key = `${c.list}\u0000${c.value}`;
    const other = seen.get(key);
    if (other)
      throw new TenantValueError(
        `${c.configPath}: "${c.value}" would be written for both "${other.meaning}" and "${c.meaning}" ` +
          `(${c.list}); name distinct values in the config`,
        { connector, where: c.configPath },
      );
    seen.set(key, c);
  }
};
