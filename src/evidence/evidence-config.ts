import { z } from 'zod';
import type { Config } from '../../schemas/index.js';

/** The evidence kinds `fluencyflow import <kind> <file>` takes, and where the config lists their files. */
export const evidenceKinds = [
  'certifications',
  'enrolments',
  'usage',
  'badges',
  'm365-copilot',
  'github-copilot',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

const kindAliases: Readonly<Record<string, EvidenceKind>> = {
  enrollments: 'enrolments',
  'open-badges': 'badges',
  copilot: 'm365-copilot',
  'microsoft-copilot': 'm365-copilot',
  github: 'github-copilot',
};

/** The kind a command-line word names, or null. */
export const evidenceKindOf = (word: string): EvidenceKind | null => {
  const w = word.trim().toLowerCase();
  return evidenceKinds.find((k) => k === w) ?? kindAliases[w] ?? null;
};

/** The config key under `evidence:` that lists each kind's files. */
const configKeyOf: Readonly<Record<EvidenceKind, string>> = {
  certifications: 'certifications',
  enrolments: 'enrolments',
  usage: 'usage',
  badges: 'badges',
  'm365-copilot': 'm365Copilot',
  'github-copilot': 'githubCopilot',
};

const fileList = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** The evidence files the config names, by kind (the extra kinds live in the `evidence` section's open part). */
export const configuredFiles = (config: Config): { kind: EvidenceKind; file: string; where: string }[] =>
  evidenceKinds.flatMap((kind) => {
    const key = configKeyOf[kind];
    const parsed = fileList.safeParse(config.evidence[key]);
    return (parsed.success ? parsed.data : []).map((file, i) => ({
      kind,
      file,
      where: `evidence.${key}${parsed.success && Array.isArray(config.evidence[key]) ? `[${i}]` : ''}`,
    }));
  });

export const identityFiles = (config: Config): string[] => config.evidence.identities ?? [];
