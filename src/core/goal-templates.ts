import type { GoalStatus, ShippedGoalLocale } from '../../schemas/index.js';

/** One locale's complete templates (the config's `goal.text.templates.<locale>` overrides parts of them). */
export interface GoalTemplate {
  name: string;
  /** One line per statement; a line naming a placeholder that has no value (no level description) is left out. */
  description: string;
  criteria: { credential: string; use: string; both: string };
  status: Record<GoalStatus, string>;
  levels: Record<string, { name?: string | undefined; description?: string | undefined }>;
}

/**
 * The texts fluencyflow ships. Written to be read by the employee in the HRIS: second person where the language
 * addresses people so, the level and credentials by their names, nothing internal.
 */
export const SHIPPED_GOAL_TEMPLATES: Record<ShippedGoalLocale, GoalTemplate> = {
  en: {
    name: 'AI fluency development goal {cycle}',
    description: [
      'Reach the {level} level of AI fluency by {due}.',
      '{level}: {levelDescription}',
      '{criteria}',
      'Status: {status} ({progress}% complete).',
    ].join('\n'),
    criteria: {
      credential: 'Met when you hold {credentials}.',
      use: 'Met when you use AI tools on at least {minActiveDays} of the last {windowDays} days.',
      both:
        'Met when you hold {credentials} and use AI tools on at least {minActiveDays} of the last {windowDays} days. ' +
        'A credential alone does not count.',
    },
    status: { 'on-track': 'on track', behind: 'behind', achieved: 'achieved' },
    levels: {},
  },
  de: {
    name: 'Entwicklungsziel KI-Kompetenz {cycle}',
    description: [
      'Erreichen Sie bis zum {due} die Stufe {level} der KI-Kompetenz.',
      '{level}: {levelDescription}',
      '{criteria}',
      'Stand: {status} ({progress} % erreicht).',
    ].join('\n'),
    criteria: {
      credential: 'Erfüllt, sobald Sie den Nachweis {credentials} besitzen.',
      use: 'Erfüllt, sobald Sie an mindestens {minActiveDays} der letzten {windowDays} Tage KI-Werkzeuge nutzen.',
      both:
        'Erfüllt, sobald Sie den Nachweis {credentials} besitzen und an mindestens {minActiveDays} ' +
        'der letzten {windowDays} Tage KI-Werkzeuge nutzen. Ein Nachweis allein genügt nicht.',
    },
    status: { 'on-track': 'im Plan', behind: 'im Verzug', achieved: 'erreicht' },
    levels: {},
  },
  fr: {
    name: "Objectif de développement : maîtrise de l'IA {cycle}",
    description: [
      "Atteindre le niveau {level} de maîtrise de l'IA d'ici le {due}.",
      '{level} : {levelDescription}',
      '{criteria}',
      'État : {status} ({progress} % réalisé).',
    ].join('\n'),
    criteria: {
      credential: 'Atteint dès que vous détenez la certification {credentials}.',
      use:
        "Atteint dès que vous utilisez des outils d'IA au moins {minActiveDays} jours " +
        'sur les {windowDays} derniers.',
      both:
        "Atteint dès que vous détenez la certification {credentials} et utilisez des outils d'IA " +
        'au moins {minActiveDays} jours sur les {windowDays} derniers. La certification seule ne suffit pas.',
    },
    status: { 'on-track': 'en bonne voie', behind: 'en retard', achieved: 'atteint' },
    levels: {},
  },
  ja: {
    name: 'AI活用力の育成目標（{cycle}）',
    description: [
      '{due}までに、AI活用力のレベル「{level}」に到達する。',
      '{level}：{levelDescription}',
      '{criteria}',
      '状況：{status}（進捗 {progress}%）',
    ].join('\n'),
    criteria: {
      credential: '達成条件：{credentials}を取得していること。',
      use: '達成条件：直近{windowDays}日間のうち{minActiveDays}日以上、業務でAIツールを利用していること。',
      both:
        '達成条件：{credentials}を取得し、かつ直近{windowDays}日間のうち{minActiveDays}日以上、業務でAIツールを利用していること。' +
        '資格の取得のみでは達成となりません。',
    },
    status: { 'on-track': '順調', behind: '遅れあり', achieved: '達成' },
    levels: {},
  },
};
