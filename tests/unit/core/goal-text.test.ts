import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config as configSchema, SHIPPED_GOAL_LOCALES, type GoalStatus } from '../../../schemas/index.js';
import { buildGoalTexts, goalNames, goalText, pickLocale, renderTemplate } from '../../../src/core/goal-text.js';
import { SHIPPED_GOAL_TEMPLATES } from '../../../src/core/goal-templates.js';
import { ConfigError } from '../../../src/errors.js';
import { baseConfigInput, makeConfig } from '../../helpers/config.js';

const config = makeConfig();
const texts = buildGoalTexts(config);
const practitioner = config.ladder[1];
if (!practitioner) throw new Error('the test ladder has a second level');

const render = (locale: string, status: GoalStatus = 'behind', progress = 25) =>
  goalText(texts, { locale, cycleId: 'FY2027', level: practitioner, due: '2027-12-31', status, progress });

/** The zod issues of a config, as `dotted.path: message` lines. */
const issuesOf = (input: unknown): string[] => {
  const r = configSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('shipped templates', () => {
  const expected: Record<string, { name: string; words: string[]; due: string }> = {
    en: {
      name: 'AI fluency development goal FY2027',
      words: ['Reach the Practitioner level', 'on at least 8 of the last 28 days', 'Status: behind (25% complete).'],
      due: 'December 31, 2027',
    },
    de: {
      name: 'Entwicklungsziel KI-Kompetenz FY2027',
      words: ['die Stufe Practitioner', 'an mindestens 8 der letzten 28 Tage', 'Stand: im Verzug (25 % erreicht).'],
      due: '31. Dezember 2027',
    },
    fr: {
      name: "Objectif de développement : maîtrise de l'IA FY2027",
      words: ['le niveau Practitioner', 'au moins 8 jours sur les 28 derniers', 'État : en retard (25 % réalisé).'],
      due: '31 décembre 2027',
    },
    ja: {
      name: 'AI活用力の育成目標（FY2027）',
      words: ['レベル「Practitioner」に到達する', '直近28日間のうち8日以上', '状況：遅れあり（進捗 25%）'],
      due: '2027年12月31日',
    },
  };

  it.each([...SHIPPED_GOAL_LOCALES])(
    '%s: name, due date in the language, criteria, status; every placeholder filled',
    (locale) => {
      const want = expected[locale];
      if (!want) throw new Error(`no expectation for ${locale}`);
      const t = render(locale);
      expect(t.locale).toBe(locale);
      expect(t.name).toBe(want.name);
      expect(t.description).toContain(want.due);
      for (const w of want.words) expect(t.description).toContain(w);
      expect(t.description).toContain('AWS Certified AI Practitioner');
      expect(t.description).toContain('Google AI Essentials');
      expect(t.description).toContain('Builds AI into their own workflows.');
      expect(t.description).not.toMatch(/[{}]/);
    },
  );

  it('joins several credentials with the language\'s own "or"', () => {
    expect(render('en').description).toContain('AWS Certified AI Practitioner or Google AI Essentials');
    expect(render('de').description).toContain('AWS Certified AI Practitioner oder Google AI Essentials');
    expect(render('fr').description).toContain('AWS Certified AI Practitioner ou Google AI Essentials');
    expect(render('ja').description).toContain('AWS Certified AI PractitionerまたはGoogle AI Essentials');
  });

  it('says only what the level asks for: a use-only level has no credential sentence, and the line of an empty level description goes', () => {
    const useOnly = {
      ...practitioner,
      description: '',
      evidence: { credentials: [], use: { minActiveDays: 3, windowDays: 14 } },
    };
    for (const locale of SHIPPED_GOAL_LOCALES) {
      const t = goalText(texts, {
        locale,
        cycleId: 'FY2027',
        level: useOnly,
        due: '2027-12-31',
        status: 'on-track',
        progress: 10,
      });
      const template = SHIPPED_GOAL_TEMPLATES[locale];
      expect(t.description.split('\n')).toHaveLength(template.description.split('\n').length - 1);
      expect(t.description).toContain('14');
      expect(t.description).not.toContain('AWS');
    }
  });
});

describe('config overrides', () => {
  const withText = (text: unknown) => ({ ...baseConfigInput(), goal: { text } });

  it('a part given in the config replaces the shipped one; the other parts stay shipped', () => {
    const c = configSchema.parse(
      withText({
        default: 'ja',
        templates: {
          ja: {
            name: 'AIスキル目標 {cycle}：{level}',
            levels: { practitioner: { name: '実践者', description: '自分の業務にAIを組み込んでいる。' } },
          },
        },
      }),
    );
    const t = buildGoalTexts(c);
    const ja = goalText(t, {
      locale: 'ja',
      cycleId: 'FY2027',
      level: practitioner,
      due: '2027-12-31',
      status: 'achieved',
      progress: 100,
    });
    expect(ja.name).toBe('AIスキル目標 FY2027：実践者');
    expect(ja.description).toContain('レベル「実践者」に到達する');
    expect(ja.description).toContain('実践者：自分の業務にAIを組み込んでいる。');
    expect(ja.description).toContain(`状況：${SHIPPED_GOAL_TEMPLATES.ja.status.achieved}`);
    // The default moved to ja: an employee the HRIS gives no language gets Japanese.
    expect(pickLocale(t, null)).toBe('ja');
  });

  it('a locale fluencyflow does not ship works once complete', () => {
    const es = {
      name: 'Objetivo de IA {cycle}',
      description: 'Alcanzar el nivel {level} antes del {due}.\n{criteria}',
      criteria: {
        credential: 'Con {credentials}.',
        use: 'Uso {minActiveDays}/{windowDays}.',
        both: 'Con {credentials} y uso {minActiveDays}/{windowDays}.',
      },
      status: { 'on-track': 'en curso', behind: 'con retraso', achieved: 'logrado' },
    };
    const t = buildGoalTexts(configSchema.parse(withText({ templates: { es } })));
    const out = goalText(t, {
      locale: pickLocale(t, 'es_MX'),
      cycleId: 'FY2027',
      level: practitioner,
      due: '2027-12-31',
      status: 'on-track',
      progress: 5,
    });
    expect(out.locale).toBe('es');
    expect(out.name).toBe('Objetivo de IA FY2027');
    expect(out.description).toBe(
      'Alcanzar el nivel Practitioner antes del 31 de diciembre de 2027.\n' +
        'Con AWS Certified AI Practitioner o Google AI Essentials y uso 8/28.',
    );
  });

  it("the old goal.title still names the default locale's goal", () => {
    const t = buildGoalTexts(makeConfig({ goal: { title: 'KI-Ziel {cycle}' } }));
    expect(
      goalText(t, {
        locale: 'en',
        cycleId: 'FY2027',
        level: practitioner,
        due: '2027-12-31',
        status: 'on-track',
        progress: 0,
      }).name,
    ).toBe('KI-Ziel FY2027');
    expect(goalNames(t, 'FY2027', config.ladder)).toContain('KI-Ziel FY2027');
  });
});

describe('config errors name the path and the problem', () => {
  const withText = (text: unknown) => ({ ...baseConfigInput(), goal: { text } });

  it('an unknown placeholder', () => {
    expect(issuesOf(withText({ templates: { ja: { description: '{lvl}に到達する' } } }))).toEqual([
      expect.stringMatching(
        /^goal\.text\.templates\.ja\.description: unknown placeholder \{lvl\} \(known: \{cycle\}, \{level\}/,
      ),
    ]);
    // The name may not name per-employee values such as the progress.
    expect(issuesOf(withText({ templates: { en: { name: 'Goal {progress}' } } }))[0]).toMatch(
      /^goal\.text\.templates\.en\.name: unknown placeholder \{progress\}/,
    );
  });

  it('a default locale without templates, an incomplete new locale, a level not on the ladder, a malformed tag', () => {
    expect(issuesOf(withText({ default: 'es' }))).toEqual([
      expect.stringMatching(/^goal\.text\.default: no templates for locale "es"/),
    ]);
    expect(issuesOf(withText({ templates: { es: { name: 'Objetivo {cycle}' } } }))).toEqual([
      expect.stringMatching(
        /^goal\.text\.templates\.es: "es" is not a shipped locale .*missing: description, criteria\.credential/,
      ),
    ]);
    expect(issuesOf(withText({ templates: { ja: { levels: { practioner: { name: '実践者' } } } } }))).toEqual([
      'goal.text.templates.ja.levels.practioner: unknown level "practioner" ' +
        '(ladder: foundational, practitioner, expert)',
    ]);
    expect(issuesOf(withText({ default: 'Japanese' }))[0]).toMatch(/^goal\.text\.default: a locale is a language tag/);
  });

  it('rendering refuses a placeholder with no value, naming the template', () => {
    expect(() =>
      renderTemplate('{level} by {due}', 'name', { level: 'Expert' }, 'goal.text.templates.en.name'),
    ).toThrow(ConfigError);
    expect(() =>
      renderTemplate('{level} by {due}', 'name', { level: 'Expert' }, 'goal.text.templates.en.name'),
    ).toThrow(/goal\.text\.templates\.en\.name: unknown placeholder \{due\}/);
  });
});

describe('the locale for what the HRIS holds', () => {
  it.each([
    ['ja_JP', 'ja'],
    ['ja-JP', 'ja'],
    ['de_DE', 'de'],
    ['fr_CA', 'fr'],
    ['EN_us', 'en'],
    ['Japanese', 'ja'],
    ['日本語', 'ja'],
    ['German', 'de'],
    ['français', 'fr'],
    ['pt_BR', 'en'],
    ['', 'en'],
    [null, 'en'],
  ])('%s -> %s', (hris, locale) => {
    expect(pickLocale(texts, hris)).toBe(locale);
  });

  it('an exact regional template wins over the language', () => {
    const c = configSchema.parse({
      ...baseConfigInput(),
      goal: { text: { templates: { 'fr-CA': { ...SHIPPED_GOAL_TEMPLATES.fr, name: 'Objectif IA {cycle}' } } } },
    });
    const t = buildGoalTexts(c);
    expect(pickLocale(t, 'fr_CA')).toBe('fr-CA');
    expect(pickLocale(t, 'fr_FR')).toBe('fr');
  });
});

describe('no internal id in any goal text', () => {
  const ladderIds = config.ladder.map((l) => l.id);
  const credentialIds = config.ladder.flatMap((l) => l.evidence.credentials);

  it('for every locale, level, status and progress of the demo policy', () => {
    const locales = [...texts.templates.keys()];
    fc.assert(
      fc.property(
        fc.constantFrom(...locales),
        fc.constantFrom(...config.ladder),
        fc.constantFrom<GoalStatus>('on-track', 'behind', 'achieved'),
        fc.integer({ min: 0, max: 100 }),
        (locale, level, status, progress) => {
          const t = goalText(texts, { locale, cycleId: 'FY2027', level, due: '2027-12-31', status, progress });
          const all = `${t.name}\n${t.description}`;
          for (const id of credentialIds) expect(all.toLowerCase()).not.toContain(id.toLowerCase());
          // Level ids are plain words; the names may share them only capitalised (`Practitioner`), never verbatim.
          for (const id of ladderIds) expect(all).not.toMatch(new RegExp(`\\b${id}\\b`));
          expect(all).not.toContain('fluencyflow:');
          expect(all).not.toMatch(/[{}]/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a credential the config gives no display name is shown by a readable name, not its id', () => {
    const bare = makeConfig({ credentials: {} });
    const t = goalText(buildGoalTexts(bare), {
      locale: 'en',
      cycleId: 'FY2027',
      level: practitioner,
      due: '2027-12-31',
      status: 'behind',
      progress: 0,
    });
    expect(t.description).toContain('AI Practitioner or AI Essentials');
    expect(t.description).not.toContain('aws:');
  });
});
