import { config as configSchema, type Config } from '../../schemas/index.js';
import { GRADES } from '../../src/demo/synthetic-org.js';
import { SCALE_AS_OF, SCALE_GOAL } from './snapshot.js';

const use = (minActiveDays: number) => ({ minActiveDays, windowDays: 28 });

/** The policy the scale bench plans with: the e2e tests' ladder and grades, one connector `hr`. */
export const scaleConfig = (): Config =>
  configSchema.parse({
    version: 1,
    organization: 'Scale Corp',
    asOf: SCALE_AS_OF,
    cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'America/New_York' },
    goal: { title: SCALE_GOAL },
    ladder: [
      { id: 'foundational', evidence: { credentials: ['internal:ai-foundations'], use: use(4) } },
      { id: 'practitioner', evidence: { credentials: ['aws:ai-practitioner'], use: use(8) } },
      { id: 'expert', evidence: { credentials: ['internal:ai-expert-review'], use: use(16) } },
    ],
    grades: {
      order: [...GRADES],
      expect: [
        { level: 'foundational' },
        { level: 'practitioner', fromGrade: 'G6' },
        { level: 'expert', jobFamilies: ['Data Science'] },
      ],
    },
    credentials: {
      'AWS Certified AI Practitioner': 'aws:ai-practitioner',
      'AI Foundations': 'internal:ai-foundations',
      'AI Expert Review': 'internal:ai-expert-review',
    },
    connectors: [{ id: 'hr', type: 'bamboohr' }],
  });
