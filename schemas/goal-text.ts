import { z } from 'zod';

/**
 * The goal's text for people (DESIGN §9): a name and a description per locale, rendered from templates with
 * `{placeholder}`s. fluencyflow ships `SHIPPED_GOAL_LOCALES`; the config may override any part of them or add a
 * locale of its own under `goal.text.templates`.
 */
export const SHIPPED_GOAL_LOCALES = ['en', 'de', 'fr', 'ja'] as const;
export type ShippedGoalLocale = (typeof SHIPPED_GOAL_LOCALES)[number];

/** What each template part may name; everything else is refused with the part's config path. */
export const GOAL_PLACEHOLDERS = {
  name: ['cycle', 'level'],
  description: [
    'cycle',
    'level',
    'levelDescription',
    'due',
    'criteria',
    'status',
    'progress',
    'credentials',
    'minActiveDays',
    'windowDays',
  ],
  criteria: ['level', 'credentials', 'minActiveDays', 'windowDays'],
  status: [],
  levelName: [],
  levelDescription: [],
} as const satisfies Record<string, readonly string[]>;
export type GoalTextPart = keyof typeof GOAL_PLACEHOLDERS;

const PLACEHOLDER = /\{([^{}\s]*)\}/g;

/** The placeholders a template names, in order of appearance (duplicates kept). */
export const placeholdersIn = (template: string): string[] =>
  [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');

const template = (part: GoalTextPart) =>
  z
    .string()
    .min(1, 'a template must not be empty')
    .superRefine((text, ctx) => {
      const known: readonly string[] = GOAL_PLACEHOLDERS[part];
      for (const name of placeholdersIn(text)) {
        if (known.includes(name)) continue;
        const list = known.length === 0 ? 'none here' : known.map((k) => `{${k}}`).join(', ');
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}} (known: ${list})` });
      }
    });

/** A BCP 47 language tag as a template key: `en`, `ja`, `fr-CA`, `zh-Hant`. */
export const localeTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a locale is a language tag like en, ja or fr-CA');

const levelText = z.object({ name: template('levelName').optional(), description: z.string().optional() }).strict();

/** One locale's templates; for a shipped locale every part is optional and falls back to the shipped text. */
export const goalTemplateInput = z
  .object({
    name: template('name').optional(),
    description: template('description').optional(),
    /** The sentence `{criteria}` stands for, by what the target level asks for. */
    criteria: z
      .object({ credential: template('criteria'), use: template('criteria'), both: template('criteria') })
      .partial()
      .strict()
      .optional(),
    status: z
      .object({ 'on-track': template('status'), behind: template('status'), achieved: template('status') })
      .partial()
      .strict()
      .optional(),
    /** Level names and descriptions in this language, by ladder id (default: the ladder's own). */
    levels: z.record(z.string(), levelText).default({}),
  })
  .strict();
export type GoalTemplateInput = z.infer<typeof goalTemplateInput>;

export const goalTextConfig = z
  .object({
    /** The locale for employees whose HRIS names none, or one without a template. */
    default: localeTag.default('en'),
    templates: z.record(localeTag, goalTemplateInput).default({}),
  })
  .strict();
export type GoalTextConfig = z.infer<typeof goalTextConfig>;

const isShipped = (locale: string): boolean => SHIPPED_GOAL_LOCALES.some((l) => l === locale);

/**
 * Checks that need the rest of the config: the default locale has templates, a locale fluencyflow does not ship is
 * complete, and level overrides name ladder levels. Issues carry paths below `goal.text`.
 */
export interface GoalTextIssue {
  path: (string | number)[];
  message: string;
}

export const goalTextIssues = (text: GoalTextConfig, levelIds: readonly string[]): GoalTextIssue[] => {
  const issues: GoalTextIssue[] = [];
  const shipped = SHIPPED_GOAL_LOCALES.join(', ');
  const locales = [...SHIPPED_GOAL_LOCALES, ...Object.keys(text.templates).filter((l) => !isShipped(l))];
  if (!locales.includes(text.default))
    issues.push({
      path: ['default'],
      message: `no templates for locale "${text.default}" (shipped: ${shipped}; or add it under goal.text.templates)`,
    });
  for (const [locale, t] of Object.entries(text.templates)) {
    if (!isShipped(locale)) {
      const missing = [
        t.name === undefined ? 'name' : null,
        t.description === undefined ? 'description' : null,
        ...(['credential', 'use', 'both'] as const).map((k) => (t.criteria?.[k] ? null : `criteria.${k}`)),
        ...(['on-track', 'behind', 'achieved'] as const).map((k) => (t.status?.[k] ? null : `status.${k}`)),
      ].filter((x) => x !== null);
      if (missing.length > 0)
        issues.push({
          path: ['templates', locale],
          message:
            `"${locale}" is not a shipped locale (${shipped}), so every part is needed; ` +
            `missing: ${missing.join(', ')}`,
        });
    }
    for (const id of Object.keys(t.levels))
      if (!levelIds.includes(id))
        issues.push({
          path: ['templates', locale, 'levels', id],
          message: `unknown level "${id}" (ladder: ${levelIds.join(', ')})`,
        });
  }
  return issues;
};
