import { readFile } from 'node:fs/promises';
import { plan as planSchema, type Plan } from '../../schemas/index.js';
import { sha256, stableStringify } from '../core/hash.js';
import { PlanTamperedError, UsageError } from '../errors.js';

/** The digest of a plan's canonical content (keys sorted, no whitespace), the `digest` field itself left out. */
const planDigest = (body: Readonly<Record<string, unknown>>): string =>
  sha256(stableStringify(Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'digest'))));

/** The text of a plan file: the plan and the digest of its canonical content. */
export const planFileText = (plan: Plan): string =>
  `${JSON.stringify({ ...plan, digest: planDigest({ ...plan }) }, null, 2)}\n`;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a saved plan: refused when it is not JSON, has no digest, or its content no longer matches its digest (an
 * edited file), all before anything is read from the HRIS. The digest catches edits, not forgers who recompute it:
 * `matchSavedPlan` then checks each change against what the engine plans itself.
 */
export const readPlanFile = async (path: string): Promise<Plan> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : 'unreadable';
    throw new UsageError(`cannot read the plan file ${path}: ${code}`, { where: path, cause: e });
  }
  return parsePlanText(text, path);
};

/** A plan from the text `planFileText` wrote (a file, or a plan kept for approval), checked like `readPlanFile`. */
export const parsePlanText = (text: string, path: string): Plan => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`cannot read the plan file ${path}: it is not JSON`, { where: path, cause: e });
  }
  if (!isRecord(raw)) throw new UsageError(`${path} is not a fluencyflow plan: not a JSON object`, { where: path });
  if (typeof raw.digest !== 'string')
    throw new PlanTamperedError(
      `${path} has no digest: only files written by \`fluencyflow plan --out\` can be applied`,
      {
        where: path,
      },
    );
  if (raw.digest !== planDigest(raw))
    throw new PlanTamperedError(
      `${path} was edited after \`fluencyflow plan\` wrote it: its content no longer matches its digest`,
      { where: path },
    );
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
    throw new UsageError(`${path} is not a fluencyflow plan: ${what}`, { where: path });
  }
  return parsed.data;
};
