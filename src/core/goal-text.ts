/**
 * The goal's name and description for people, per locale (DESIGN §9): shipped templates merged with the config's,
 * the locale picked from what the HRIS says, placeholders filled with names (never ids). Pure.
 */
import type { Config, GoalStatus, LadderLevel } from '../../schemas/index.js';
import { GOAL_PLACEHOLDERS, placeholdersIn, SHIPPED_GOAL_LOCALES, type GoalTextPart } from '../../schemas/index.js';
import { ConfigError } from '../errors.js';
import { SHIPPED_GOAL_TEMPLATES, type GoalTemplate } from './goal-templates.js';

/** The name goals had before locales; a `goal.title` other than this names the default locale's goal. */
const LEGACY_DEFAULT_TITLE = 'AI fluency development goal {cycle}';

export interface GoalTexts {
  /** Locale -> complete templates (shipped ones with the config's parts laid over, then the config's own locales). */
  templates: ReadonlyMap<string, GoalTemplate>;
  defaultLocale: string;
  /** Lower-cased credential id -> the display name people know it by. */
  credentialNames: ReadonlyMap<string, string>;
  /** The config's `goal.title`, kept as a name old goals may carry. */
  legacyTitle: string;
}

/** `aws:ai-practitioner` -> `AI Practitioner`: only for a credential the config gives no display name. */
export const fallbackCredentialName = (id: string): string =>
  (id.split(':').pop() ?? id)
    .split(/[-_\s]+/)
    .filter((w) => w !== '')
    .map((w) => (w.toLowerCase() === 'ai' ? 'AI' : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');

/** The ladder's credential ids the config's `credentials:` map gives no display name. */
export const unnamedCredentials = (config: Pick<Config, 'ladder' | 'credentials'>): string[] => {
  const named = new Set(Object.values(config.credentials).map((id) => id.trim().toLowerCase()));
  const ids = config.ladder.flatMap((l) => l.evidence.credentials);
  return [...new Set(ids)].filter((id) => !named.has(id.trim().toLowerCase()));
};

export const buildGoalTexts = (config: Pick<Config, 'goal' | 'credentials'>): GoalTexts => {
  const { text, title } = config.goal;
  const templates = new Map<string, GoalTemplate>();
  for (const locale of new Set<string>([...SHIPPED_GOAL_LOCALES, ...Object.keys(text.templates)])) {
    const shipped = SHIPPED_GOAL_LOCALES.find((l) => l === locale);
    const base: GoalTemplate = shipped ? SHIPPED_GOAL_TEMPLATES[shipped] : SHIPPED_GOAL_TEMPLATES.en;
    const over = text.templates[locale];
    const legacyName = locale === text.default && title !== LEGACY_DEFAULT_TITLE ? title : undefined;
    templates.set(locale, {
      name: over?.name ?? legacyName ?? base.name,
      description: over?.description ?? base.description,
      criteria: {
        credential: over?.criteria?.credential ?? base.criteria.credential,
        use: over?.criteria?.use ?? base.criteria.use,
        both: over?.criteria?.both ?? base.criteria.both,
      },
      status: {
        'on-track': over?.status?.['on-track'] ?? base.status['on-track'],
        behind: over?.status?.behind ?? base.status.behind,
        achieved: over?.status?.achieved ?? base.status.achieved,
      },
      levels: over?.levels ?? {},
    });
  }
  const credentialNames = new Map<string, string>();
  for (const [name, id] of Object.entries(config.credentials)) {
    const key = id.trim().toLowerCase();
    if (!credentialNames.has(key)) credentialNames.set(key, name.trim());
  }
  return { templates, defaultLocale: text.default, credentialNames, legacyTitle: title };
};

/** The language's name in English and in itself (`Japanese`, `日本語`), for HRIS fields that hold names, not tags. */
const languageNames = (tag: string): string[] =>
  ['en', tag].flatMap((inLanguage) => {
    try {
      const name = new Intl.DisplayNames([inLanguage], { type: 'language' }).of(tag);
      return name === undefined ? [] : [name.toLowerCase()];
    } catch {
      return [];
    }
  });

/**
 * The template locale for what the HRIS holds (`ja_JP`, `fr-CA`, `de`, or a list field's `Japanese` / `日本語`): the
 * exact tag, else its language, else a language named so, else the default. Compared without case; `_` counts as `-`.
 */
export const pickLocale = (
  texts: Pick<GoalTexts, 'templates' | 'defaultLocale'>,
  hris: string | null | undefined,
): string => {
  if (!hris) return texts.defaultLocale;
  const tag = hris.trim().replace(/_/g, '-').toLowerCase();
  const keys = [...texts.templates.keys()];
  const exact = keys.find((k) => k.toLowerCase() === tag);
  if (exact) return exact;
  const language = tag.split('-')[0] ?? '';
  const byLanguage = keys.find((k) => k.toLowerCase() === language);
  if (byLanguage) return byLanguage;
  const named = hris.trim().toLowerCase();
  return keys.find((k) => languageNames(k).includes(named)) ?? texts.defaultLocale;
};

/**
 * Fills a template: `{name}` takes `values[name]`; a line naming a placeholder whose value is empty is left out
 * (so an optional part disappears with its label). A placeholder the part may not name is a config error at `where`.
 */
export const renderTemplate = (
  template: string,
  part: GoalTextPart,
  values: Readonly<Record<string, string>>,
  where: string,
): string => {
  const known: readonly string[] = GOAL_PLACEHOLDERS[part];
  const unknown = placeholdersIn(template).filter((p) => !known.includes(p) || values[p] === undefined);
  if (unknown.length > 0) {
    const list = known.map((k) => `{${k}}`).join(', ') || 'none';
    throw new ConfigError(`${where}: unknown placeholder {${unknown[0] ?? ''}} (known: ${list})`, { where });
  }
  return template
    .split('\n')
    .filter((line) => placeholdersIn(line).every((p) => (values[p] ?? '') !== ''))
    .map((line) => line.replace(/\{([^{}\s]*)\}/g, (_, p: string) => values[p] ?? ''))
    .join('\n');
};

/** Formatters are costly to build (a locale's data is looked up each time): one per locale, made once. */
const dateFormats = new Map<string, Intl.DateTimeFormat | null>();
const listFormats = new Map<string, Intl.ListFormat | null>();

const formatterFor = <F>(cache: Map<string, F | null>, locale: string, make: () => F): F | null => {
  if (!cache.has(locale)) {
    try {
      cache.set(locale, make());
    } catch {
      cache.set(locale, null);
    }
  }
  return cache.get(locale) ?? null;
};

const formatDate = (locale: string, iso: string): string => {
  const make = () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const f = formatterFor(dateFormats, locale, make);
  return f ? f.format(new Date(`${iso}T00:00:00Z`)) : iso;
};

const formatList = (locale: string, items: readonly string[]): string => {
  const f = formatterFor(listFormats, locale, () => new Intl.ListFormat(locale, { type: 'disjunction' }));
  return f ? f.format(items) : items.join(', ');
};

const credentialName = (texts: Pick<GoalTexts, 'credentialNames'>, id: string): string =>
  texts.credentialNames.get(id.trim().toLowerCase()) ?? fallbackCredentialName(id);

const templateOf = (texts: GoalTexts, locale: string): GoalTemplate =>
  texts.templates.get(locale) ?? texts.templates.get(texts.defaultLocale) ?? SHIPPED_GOAL_TEMPLATES.en;

/** The level's name in a locale: the template's override, else the ladder's name. */
const levelName = (texts: GoalTexts, locale: string, level: LadderLevel): string =>
  templateOf(texts, locale).levels[level.id]?.name ?? level.name;

/** The goal's name in a locale for a target level (a name may name `{level}`). */
export const goalName = (texts: GoalTexts, locale: string, cycleId: string, level: LadderLevel): string => {
  const values = { cycle: cycleId, level: levelName(texts, locale, level) };
  return renderTemplate(templateOf(texts, locale).name, 'name', values, `goal.text.templates.${locale}.name`);
};

/** Every name this cycle's goal may carry: each locale for each level, and the name of goals written before locales. */
export const goalNames = (texts: GoalTexts, cycleId: string, ladder: readonly LadderLevel[]): string[] => {
  const out = new Set<string>([texts.legacyTitle.split('{cycle}').join(cycleId)]);
  for (const locale of texts.templates.keys())
    for (const level of ladder) out.add(goalName(texts, locale, cycleId, level));
  return [...out];
};

export interface GoalTextInput {
  locale: string;
  cycleId: string;
  level: LadderLevel;
  due: string;
  status: GoalStatus;
  progress: number;
}

/** The goal's name and description in `input.locale` (a locale without templates gets the default's). */
export interface GoalTextOutput {
  name: string;
  description: string;
  /** The locale actually used (the default when `input.locale` has no templates). */
  locale: string;
}

/**
 * Each policy's goal texts, by input: an organisation has few distinct ones (locale, level, status, progress), and
 * rendering them is most of the cost of planning one employee. Bounded, and dropped with the policy.
 */
const rendered = new WeakMap<GoalTexts, WeakMap<LadderLevel, Map<string, GoalTextOutput>>>();
const RENDERED_MAX = 10_000;

export const goalText = (texts: GoalTexts, input: GoalTextInput): GoalTextOutput => {
  const byLevel = rendered.get(texts) ?? new WeakMap<LadderLevel, Map<string, GoalTextOutput>>();
  rendered.set(texts, byLevel);
  const cache = byLevel.get(input.level) ?? new Map<string, GoalTextOutput>();
  byLevel.set(input.level, cache);
  const key = [input.locale, input.cycleId, input.due, input.status, input.progress].join('\u0000');
  const known = cache.get(key);
  if (known) return known;
  if (cache.size >= RENDERED_MAX) cache.clear();
  const out = renderGoalText(texts, input);
  cache.set(key, out);
  return out;
};

const renderGoalText = (texts: GoalTexts, input: GoalTextInput): GoalTextOutput => {
  const locale = texts.templates.has(input.locale) ? input.locale : texts.defaultLocale;
  const t = templateOf(texts, locale);
  const where = `goal.text.templates.${locale}`;
  const { level } = input;
  const names = level.evidence.credentials.map((id) => credentialName(texts, id));
  const use = level.evidence.use;
  const values = {
    cycle: input.cycleId,
    level: levelName(texts, locale, level),
    levelDescription: t.levels[level.id]?.description ?? level.description,
    due: formatDate(locale, input.due),
    status: t.status[input.status],
    progress: String(input.progress),
    credentials: formatList(locale, names),
    minActiveDays: use === null ? '' : String(use.minActiveDays),
    windowDays: use === null ? '' : String(use.windowDays),
  };
  const kind = names.length > 0 && use !== null ? 'both' : names.length > 0 ? 'credential' : 'use';
  const criteria = renderTemplate(t.criteria[kind], 'criteria', values, `${where}.criteria.${kind}`);
  return {
    locale,
    name: goalName(texts, locale, input.cycleId, level),
    description: renderTemplate(t.description, 'description', { ...values, criteria }, `${where}.description`),
  };
};
