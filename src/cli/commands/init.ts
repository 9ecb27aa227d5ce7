import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { connectorOf, connectors } from '../../../connectors/index.js';
import { configJsonSchema } from '../../engine/json-schema.js';
import { UsageError } from '../../errors.js';
import type { Output } from '../output.js';

/** The editor line (YAML language server, used by VS Code and JetBrains) that points at the schema written beside. */
const schemaLine = (schemaFile: string): string => `# yaml-language-server: $schema=./${schemaFile}\n`;

const POLICY = `\
# fluencyflow configuration. Validate it with \`fluencyflow check\`; the full reference is docs/admin-guide.md.
version: 1
organization: Example Corp
asOf: null                      # null = today, in the cycle's zone; a date makes runs reproducible

# The review cycle the goal belongs to. The goal's due date is the cycle end in this zone.
cycle: { id: FY2027, start: 2027-01-01, end: 2027-12-31, zone: America/New_York }

# The ladder, lowest level first (three or more). A level is held when its whole evidence rule holds:
# one of the credentials (issuer:credential, compared without case) AND the use (active days in a window).
ladder:
  - id: foundational
    name: Foundational
    description: Uses approved AI assistants for everyday drafting and review; checks every output.
    evidence: { credentials: [internal:ai-foundations], use: { minActiveDays: 4, windowDays: 28 } }
  - id: practitioner
    name: Practitioner
    description: Builds AI into their own workflows and shares what works with the team.
    evidence: { credentials: [aws:ai-practitioner, google:ai-essentials], use: { minActiveDays: 8, windowDays: 28 } }
  - id: expert
    name: Expert
    description: Designs AI-assisted processes for others and reviews their quality and risk.
    evidence: { credentials: [internal:ai-expert-review], use: { minActiveDays: 16, windowDays: 28 } }

# Your grades, lowest first (optional where the HRIS orders them, e.g. SuccessFactors paygradeLevel),
# and what each expects. Of the rules that match, the highest level wins.
grades:
  order: [G1, G2, G3, G4, G5, G6, G7, G8, G9, G10]
  expect:
    - { level: foundational }
    - { level: practitioner, fromGrade: G6 }
    - { level: expert, jobFamilies: [Data Science] }

goal:
  weights: { credential: 50, use: 50 }
  # The goal's name and description in each employee's language (shipped: en, de, fr, ja), from the HRIS's language
  # field, else this default. Override any part, or add a language; see docs/admin-guide.md, "The goal's text".
  text:
    default: en
    # templates:
    #   ja:
    #     levels: { foundational: { name: 基礎 }, practitioner: { name: 実践者 }, expert: { name: エキスパート } }
promotion: { lookbackDays: 365 }

# Display names in certificate exports mapped to the ids used in the ladder; the goal's text shows these names.
credentials:
  "AWS Certified AI Practitioner": aws:ai-practitioner
  "Google AI Essentials": google:ai-essentials
  "AI Foundations": internal:ai-foundations
  "AI Expert Review": internal:ai-expert-review

# Evidence files (paths relative to this file). See docs/evidence.md for every accepted format.
evidence:
  certifications: data/certifications.csv
  enrolments: data/enrolments.csv
  usage: data/usage.ndjson

privacy: { minGroupSize: 5 }      # dashboard groups smaller than this are merged or suppressed
state: .fluencyflow/state.db

connectors:
`;

/** `init [--hris workday|successfactors|bamboohr]`: write an annotated starter config. */
export const initCommand = async (
  out: Output,
  opts: { config?: string; hris?: string; force?: boolean },
): Promise<number> => {
  const path = resolve(opts.config ?? 'fluencyflow.yaml');
  if (existsSync(path) && !opts.force)
    throw new UsageError(`${path} already exists`, { hint: 'Pass --force to overwrite it, or --config <other file>.' });
  const types = opts.hris ? opts.hris.split(',').map((s) => s.trim()) : Object.keys(connectors);
  const blocks = types.map((type, i) => {
    const def = connectorOf(type);
    if (!def) throw new UsageError(`unknown HRIS "${type}" (known: ${Object.keys(connectors).join(', ')})`);
    return def.starterConfig(types.length === 1 ? 'main' : (['us', 'eu', 'subsidiary'][i] ?? `hris${i + 1}`));
  });
  // The JSON Schema sits beside the config so editors validate it offline; it is derived, so it is always rewritten.
  const schemaFile = `${basename(path).replace(/\.ya?ml$/i, '')}.schema.json`;
  const schemaPath = join(dirname(path), schemaFile);
  await writeFile(schemaPath, `${JSON.stringify(configJsonSchema(connectors), null, 2)}\n`);
  await writeFile(path, `${schemaLine(schemaFile)}${POLICY}${blocks.join('\n')}\n`);
  out.line(`Wrote ${path} and its JSON Schema ${schemaFile} (editors validate the config as you type).`);
  out.line('Next: set the credentials it names, then run `fluencyflow check`.');
  if (out.json) out.data({ written: path, schema: schemaPath, connectors: types });
  return 0;
};
