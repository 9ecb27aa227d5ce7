import { config as configSchema, type Config, type ConfigInput } from '../../schemas/index.js';

/** The example policy's levels (DESIGN §5) as the e2e workspaces write them: no names, no descriptions. */
export const exampleLadder: ConfigInput['ladder'] = [
  {
    id: 'foundational',
    evidence: { credentials: ['internal:ai-foundations'], use: { minActiveDays: 4, windowDays: 28 } },
  },
  {
    id: 'practitioner',
    evidence: {
      credentials: ['aws:ai-practitioner', 'google:ai-essentials'],
      use: { minActiveDays: 8, windowDays: 28 },
    },
  },
  {
    id: 'expert',
    evidence: { credentials: ['internal:ai-expert-review'], use: { minActiveDays: 16, windowDays: 28 } },
  },
];

/** Who is expected to hold which level in the example policy. */
export const exampleExpect: ConfigInput['grades']['expect'] = [
  { level: 'foundational' },
  { level: 'practitioner', fromGrade: 'G6' },
  { level: 'expert', jobFamilies: ['Data Science'] },
];

/** The example policy's credential display names, mapped to ladder ids. */
export const exampleCredentials: ConfigInput['credentials'] = {
  'AWS Certified AI Practitioner': 'aws:ai-practitioner',
  'Google AI Essentials': 'google:ai-essentials',
  'AI Foundations': 'internal:ai-foundations',
  'AI Expert Review': 'internal:ai-expert-review',
};

/** The DESIGN §5 example policy, with connectors pointing nowhere (core tests never reach them). */
export const baseConfigInput = (): ConfigInput => ({
  version: 1,
  organization: 'Example Corp',
  cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'America/New_York' },
  ladder: [
    {
      id: 'foundational',
      name: 'Foundational',
      description: 'Uses approved AI assistants for everyday drafting and review; checks every output.',
      evidence: { credentials: ['internal:ai-foundations'], use: { minActiveDays: 4, windowDays: 28 } },
    },
    {
      id: 'practitioner',
      description: 'Builds AI into their own workflows.',
      evidence: {
        credentials: ['aws:ai-practitioner', 'google:ai-essentials'],
        use: { minActiveDays: 8, windowDays: 28 },
      },
    },
    {
      id: 'expert',
      description: 'Designs AI-assisted processes for the team.',
      evidence: { credentials: ['internal:ai-expert-review'], use: { minActiveDays: 16, windowDays: 28 } },
    },
  ],
  grades: { order: ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8', 'G9', 'G10'], expect: exampleExpect },
  credentials: exampleCredentials,
  connectors: [{ id: 'test', type: 'bamboohr' }],
});

export const makeConfig = (over: Partial<ConfigInput> = {}): Config =>
  configSchema.parse({ ...baseConfigInput(), ...over });
